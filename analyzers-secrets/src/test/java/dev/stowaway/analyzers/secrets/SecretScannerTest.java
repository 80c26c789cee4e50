package dev.stowaway.analyzers.secrets;

import static dev.stowaway.analyzers.secrets.RuleFamilyTest.AN;
import static dev.stowaway.analyzers.secrets.RuleFamilyTest.r;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretScannerTest {

  private static SecretScanner scanner(String toml) {
    SecretRules rules = SecretRules.parse(toml, "test.toml");
    assertThat(rules.warnings()).isEmpty();
    return new SecretScanner(rules);
  }

  private static final String ACME = """
      [[rules]]
      id = "acme"
      regex = '''acme_key\\s*=\\s*(?P<value>[A-Za-z0-9]{8,40})'''
      secretGroup = 1
      entropy = 3.0
      keywords = ["acme_key"]
      """;

  @Test
  void secretGroupEntropyGateLineAndRedaction() {
    SecretScanner s = scanner(ACME);
    String secret = "Zq8" + "Lm2Xv9Rt";
    List<SecretScanner.Match> m = s.scanText("f", "first\nsecond\nacme_key = " + secret + "\nacme_key = aaaaaaaaaaaa\n");
    assertThat(m).singleElement().satisfies(x -> {
      assertThat(x.secret()).isEqualTo(secret);
      assertThat(x.line()).isEqualTo(3);
      assertThat(x.column()).as("after 'acme_key = '").isEqualTo(12);
      assertThat(x.entropy()).isCloseTo(Math.log(11) / Math.log(2), org.assertj.core.api.Assertions.within(1e-9));
    });
    assertThat(SecretScanner.redact(secret)).isEqualTo("Zq8L****");
    assertThat(SecretScanner.redact("short")).isEqualTo("****");
    String layerA = "sha256:" + "ab".repeat(32);
    String layerB = "sha256:" + "cd".repeat(32);
    // expected values computed outside Java: sha256("acme\nf\n" + diffId + "\n" + hex(sha256(secret)))[:16]
    assertThat(SecretScanner.fingerprint("acme", "f", layerA, secret)).isEqualTo("b9b13ec5529f4c55")
        .isEqualTo(SecretScanner.fingerprint("acme", "f", layerA, secret))
        .isNotEqualTo(SecretScanner.fingerprint("acme", "g", layerA, secret));
    assertThat(SecretScanner.fingerprint("acme", "f", layerB, secret)).as("same secret, another layer")
        .isEqualTo("4777025109062002");
    assertThat(SecretScanner.fingerprint("acme", "f", null, secret)).as("image config: no layer")
        .isEqualTo("13d5e08ffba94464");
    assertThat(SecretScanner.entropy("aaaa")).isZero();
    assertThat(SecretScanner.entropy("abcd")).isEqualTo(2.0);
  }

  @Test
  void keywordPrefilterSkipsTheRegexWhenNoKeywordOccurs() {
    // the regex would match, but the keyword does not occur, so the rule must not run
    SecretScanner s = scanner("""
        [[rules]]
        id = "needs-keyword"
        regex = '''tok_[0-9]{6}'''
        keywords = ["mycorp"]
        """);
    assertThat(s.scanText("f", "tok_123456")).isEmpty();
    assertThat(s.scanText("f", "MyCorp tok_123456")).hasSize(1);
  }

  @Test
  void allowlistsByRegexTargetsPathsStopwordsAndCondition() {
    String base = ACME.replace("entropy = 3.0\n", "");
    String secret = "Q7" + "wErTy9Zx";
    String text = "acme_key = " + secret + " # nosecret";
    assertThat(scanner(base).scanText("src/app.cfg", text)).hasSize(1);
    assertThat(scanner(base + "[[rules.allowlists]]\nregexTarget = \"line\"\nregexes = ['''nosecret''']\n")
        .scanText("src/app.cfg", text)).isEmpty();
    assertThat(scanner(base + "[[rules.allowlists]]\nregexTarget = \"match\"\nregexes = ['''^acme_key = Q7''']\n")
        .scanText("src/app.cfg", text)).isEmpty();
    assertThat(scanner(base + "[[rules.allowlists]]\nregexes = ['''nosecret''']\n")
        .scanText("src/app.cfg", text)).as("default target is the secret").hasSize(1);
    assertThat(scanner(base + "[[rules.allowlists]]\nstopwords = [\"WERTY\"]\n").scanText("src/app.cfg", text))
        .isEmpty();
    String and = base + "[[rules.allowlists]]\ncondition = \"AND\"\npaths = ['''^test/''']\nstopwords = [\"werty\"]\n";
    assertThat(scanner(and).scanText("src/app.cfg", text)).as("AND: path does not match").hasSize(1);
    assertThat(scanner(and).scanText("test/app.cfg", text)).as("AND: both match").isEmpty();
    assertThat(scanner(base + "[allowlist]\npaths = ['''^test/''']\n").scanText("test/app.cfg", text))
        .as("global legacy allowlist").isEmpty();
    assertThat(scanner(base + "[rules.allowlist]\npaths = ['''^test/''']\n").scanText("test/app.cfg", text))
        .as("legacy per-rule allowlist").isEmpty();
  }

  @Test
  void wellKnownExampleKeysAreAllowlisted() {
    SecretScanner s = new SecretScanner(SecretRules.builtIn());
    String text = "aws_access_key_id = AKIAIOSFODNN7" + "EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/"
        + "bPxRfiCYEXAMPLEKEY\n";
    assertThat(s.scanText("root/.aws/credentials", text)).isEmpty();
  }

  @Test
  void aSecretAcrossAChunkBoundaryIsFoundOnceWithItsLine() throws IOException {
    SecretScanner s = new SecretScanner(SecretRules.builtIn());
    String token = "ghp_" + r(AN, 36);
    for (int offset : new int[] {-20, -2, 0, 5, -SecretScanner.OVERLAP - 10, -SecretScanner.OVERLAP + 3}) {
      StringBuilder sb = new StringBuilder();
      String filler = "x".repeat(99) + "\n";
      while (sb.length() + filler.length() < SecretScanner.CHUNK + offset) {
        sb.append(filler);
      }
      int lines = sb.length() / 100;
      sb.append(" ".repeat(SecretScanner.CHUNK + offset - sb.length()));
      sb.append(token).append('\n');
      for (int i = 0; i < 2000; i++) {
        sb.append(filler);
      }
      byte[] bytes = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
      SecretScanner.Result res = s.scan("big.txt", new ByteArrayInputStream(bytes));
      assertThat(res.matches()).as("offset " + offset).singleElement().satisfies(m -> {
        assertThat(m.secret()).isEqualTo(token);
        assertThat(m.line()).isEqualTo(lines + 1);
      });
    }
  }

  @Test
  void binaryContentIsSkipped() throws IOException {
    SecretScanner s = new SecretScanner(SecretRules.builtIn());
    byte[] bytes = ("\0ELF ghp_" + r(AN, 36)).getBytes(StandardCharsets.ISO_8859_1);
    SecretScanner.Result res = s.scan("bin/tool", new ByteArrayInputStream(bytes));
    assertThat(res.binary()).isTrue();
    assertThat(res.matches()).isEmpty();
  }

  @Test
  void matchesPerFileAreCapped() throws IOException {
    SecretScanner s = new SecretScanner(SecretRules.builtIn());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < SecretScanner.MAX_MATCHES_PER_FILE + 50; i++) {
      sb.append("ghp_").append(r(AN, 36)).append('\n');
    }
    SecretScanner.Result res = s.scan("many", new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
    assertThat(res.truncated()).isTrue();
    assertThat(res.matches()).hasSize(SecretScanner.MAX_MATCHES_PER_FILE);
  }

  @Test
  void aPathologicalRegexIsStoppedByItsReadBudgetAndReported() throws IOException {
    SecretScanner s = scanner("""
        [[rules]]
        id = "catastrophic"
        regex = '''a*a*a*a*a*a*b'''
        keywords = ["aaa"]
        [[rules]]
        id = "fine"
        regex = '''tok_[0-9]{6}'''
        keywords = ["tok_"]
        """);
    byte[] bytes = ("a".repeat(200) + "! tok_123456\n").getBytes(StandardCharsets.US_ASCII);
    long t0 = System.nanoTime();
    SecretScanner.Result res = s.scan("min.js", new ByteArrayInputStream(bytes));
    assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
    assertThat(res.abandonedRules()).containsExactly("catastrophic");
    assertThat(res.matches()).extracting(m -> m.rule().id()).containsExactly("fine");
  }

  @Test
  void goNamedGroupsAreConverted() {
    assertThat(SecretRules.compile("(?P<my_key>a)(?P<b>c)", "t").pattern()).isEqualTo("(?<mykey>a)(?<b>c)");
  }
}
