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
          // copy the rest of the current unit (or of the tail) at once
          int k;
          if (pos < size) {
            int in = (int) (pos % u.length);
            k = (int) Math.min(Math.min(u.length - in, len - n), size - pos);
            System.arraycopy(u, in, b, off + n, k);
          } else {
            int in = (int) (pos - size);
            k = Math.min(t.length - in, len - n);
            System.arraycopy(t, in, b, off + n, k);
          }
          n += k;
          pos += k;
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

  /** Counts the largest single read request, to show the scanner reads in bounded chunks. */
  static final class ReadSizeRecorder extends java.io.FilterInputStream {
    int largestRead;
    long total;

    ReadSizeRecorder(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      largestRead = Math.max(largestRead, len);
      int n = super.read(b, off, len);
      total += Math.max(n, 0);
      return n;
    }
  }

  @Test
  void aTwoHundredMegabyteSingleLineStreamsThroughInBoundedChunks() throws IOException {
    String token = "glpat-" + r(AN, 20);
    // the shape of a source map's "mappings": base64 VLQ segments, no newline, no keyword (the keyword-dense
    // case is aLongMinifiedSingleLineWithKeywordsEverywhere)
    String unit = "AAAA,SAASA,EAAEC,GAAG;IACDC,OAAO,CAACC,KAAK;";
    long size = 200L << 20;
    ReadSizeRecorder in = new ReadSizeRecorder(generated(unit, size, ";" + token));
    long t0 = System.nanoTime();
    SecretScanner.Result res = SCANNER.scan("app/static/main.js.map", in);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(in.total).isEqualTo(size + 1 + token.length());
    assertThat(in.largestRead).as("no read larger than a chunk").isLessThanOrEqualTo(
        SecretScanner.CHUNK + SecretScanner.OVERLAP);
    assertThat(res.matches()).singleElement().satisfies(m -> {
      assertThat(m.line()).isEqualTo(1);
      assertThat(m.column()).isEqualTo((int) size + 2);
    });
    assertThat(res.abandonedRules()).isEmpty();
    assertThat(ms).as("200 MiB single line, ms").isLessThan(180_000);
  }

  /**
   * Inputs built to make backtracking regexes slow, each repeated to 256 KiB: a regex that is quadratic on
   * one of them would need far more than its read budget (about 256 reads per character).
   */
  @Test
  void builtInRulesNeedNoBudgetOnHostileInput() throws IOException {
    String[] hostile = {
      "secret=", "token: \"", "password = '", "eyJ", "eyJhbGciOi.", "-----BEGIN RSA PRIVATE KEY-----\n",
      "https://u:", "://", "a:b@", "AKIA", "ghp_", "xoxb-1-", "sk_live_", "api_key", "aws_secret_access_key = ",
      "A".repeat(22), "Bearer ", "&token=", "\\n", "pat.", "A3-", "sl.",
    };
    long t0 = System.nanoTime();
    for (String unit : hostile) {
      SecretScanner.Result res = SCANNER.scan("app/x.js", generated(unit, 256L << 10, ""));
      assertThat(res.abandonedRules()).as("rules that hit the budget on " + unit).isEmpty();
    }
    assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for " + hostile.length + " x 256 KiB").isLessThan(60_000);
  }

  @Test
  void tenMillionShortLinesCountLinesExactly() throws IOException {
    String token = "glpat-" + r(AN, 20);
    SecretScanner.Result res = SCANNER.scan("var/log/huge.log", generated("a\n", 20_000_000L, token + "\n"));
    assertThat(res.matches()).singleElement().satisfies(m -> assertThat(m.line()).isEqualTo(10_000_001));
  }
}
