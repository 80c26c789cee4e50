package dev.stowaway.analyzers.secrets;

import static dev.stowaway.analyzers.secrets.RuleFamilyTest.AN;
import static dev.stowaway.analyzers.secrets.RuleFamilyTest.r;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Long single lines and many short lines stream through in bounded memory and time (not a benchmark). */
class LargeInputTest {
  private static final SecretScanner SCANNER = new SecretScanner(SecretRules.builtIn());

  /** Repeats {@code unit} up to {@code size} bytes, then appends {@code tail}; never materialised. */
  static InputStream generated(String unit, long size, String tail) {
    byte[] u = unit.getBytes(StandardCharsets.ISO_8859_1);
    byte[] t = tail.getBytes(StandardCharsets.ISO_8859_1);
    return new InputStream() {
      long pos;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= size + t.length) {
          return -1;
        }
        int n = 0;
        while (n < len && pos < size + t.length) {
          b[off + n++] = pos < size ? u[(int) (pos % u.length)] : t[(int) (pos - size)];
          pos++;
        }
        return n;
      }
    };
  }

  @Test
  void aLongMinifiedSingleLineWithKeywordsEverywhere() throws IOException {
    String token = "ghp_" + r(AN, 36);
    String unit = "var a=function(b){return b.token+b.secret+\"password\"+'eyJ'};";
    long t0 = System.nanoTime();
    SecretScanner.Result res = SCANNER.scan("app/bundle.min.js", generated(unit, 24L << 20, " " + token));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(res.matches()).singleElement().satisfies(m -> {
      assertThat(m.secret()).isEqualTo(token);
      assertThat(m.line()).isEqualTo(1);
      assertThat(m.column()).as("after the 24 MiB prefix and a space").isEqualTo((24 << 20) + 2);
    });
    assertThat(res.abandonedRules()).isEmpty();
    assertThat(ms).as("24 MiB single line, ms").isLessThan(120_000);
  }

  @Test
  void tenMillionShortLinesCountLinesExactly() throws IOException {
    String token = "glpat-" + r(AN, 20);
    SecretScanner.Result res = SCANNER.scan("var/log/huge.log", generated("a\n", 20_000_000L, token + "\n"));
    assertThat(res.matches()).singleElement().satisfies(m -> assertThat(m.line()).isEqualTo(10_000_001));
  }
}
