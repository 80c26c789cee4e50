package dev.stowaway.analyzers.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.SharedTestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rules tried only near keyword occurrences ({@link KeywordAnchor}) find exactly what the same rules find
 * over the whole text: on the real fixtures (the per-family table, the debian-app root filesystem, the
 * shared fixtures) and on inputs built to break it (keywords at chunk boundaries, back-to-back and
 * overlapping matches, upper case, characters beyond ISO-8859-1, surrogate pairs).
 */
class AnchoredScanTest {
  private static final SecretRules RULES = SecretRules.builtIn();
  private static final SecretScanner ANCHORED = new SecretScanner(RULES, true, true);
  private static final SecretScanner FULL = new SecretScanner(RULES, true, false);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', value = {
      "AKIA[A-Z0-9]{16}; 0",
      "\\b((?:A3T[A-Z0-9]|AKIA|ASIA)[A-Z0-9]{16})\\b; -1",
      "\\b((?:AKIA|akia)[A-Z0-9]{16})\\b; 0",
      "(?i)[\\w.-]{0,50}?(?:adafruit)(?:[ \\t\\w.-]{0,20})=([a-z0-9]{32}); 50",
      "(?i)(?<=[=:])\\s{0,3}adafruit_[a-z]{8}; 3",
      "(?i)x(?:adafruit|io_adafruit_key)y; 4",
      "\\b(xox[aors]-\\d{1,13}); 0",
      "(?-i:[Aa]dafruit)_; 0",
      "ab?adafruit; 2",
      "(?:adafruit){2,3}; 0",
      "[\\w.-]*adafruit; -1",
      "(?m)^\\s*adafruit; -1",
      "(?i)(?:adafruit|ada)_key; -1",
      "(?:adafruit)?_key; -1",
      "(?x) adafruit; -1",
      "(?iu)adafruit; -1",
      "(a)\\1adafruit; -1",
      "\\Qadafruit\\E; -1",
      "[a-z]dafruit; -1",
      "[^x]dafruit; -1",
      "adafrui[tT]; 0",
  })
  void distanceIsProvenOrRefused(String regex, int distance) {
    assertThat(KeywordAnchor.distance(regex, List.of("adafruit", "akia", "xoxa-", "xoxo-", "xoxr-", "xoxs-")))
        .isEqualTo(distance);
  }

  @Test
  void emptyOrNonAsciiKeywordsProveNothing() {
    assertThat(KeywordAnchor.distance("abc", List.of(""))).isEqualTo(-1);
    assertThat(KeywordAnchor.distance("\u00e9t\u00e9", List.of("\u00e9t\u00e9"))).isEqualTo(-1);
  }

  /** The rules left to the full scan are those whose keyword is context outside the match, and netrc. */
  @Test
  void almostEveryBuiltInRuleIsAnchored() {
    int[] d = ANCHORED.anchorDistances();
    List<String> unproven = new ArrayList<>();
    for (int i = 0; i < d.length; i++) {
      SecretRule r = RULES.rules().get(i);
      if (!r.pathOnly() && d[i] < 0) {
        unproven.add(r.id());
      }
    }
    assertThat(unproven).containsExactlyInAnyOrder("discord-bot-token", "twilio-api-key",
        "mailgun-private-api-key", "asana-pat", "launchdarkly-access-token", "netrc-password");
    assertThat(FULL.anchorDistances()).containsOnly(-1);
  }

  @Test
  void perFamilyTablePositivesAndNearMisses() throws IOException {
    List<Object[]> rows = RuleFamilyTest.families().map(a -> a.get()).toList();
    assertThat(rows).hasSizeGreaterThan(150);
    int matched = 0;
    for (Object[] row : rows) {
      for (String text : new String[] {(String) row[2], (String) row[3]}) {
        matched += same("app/config.env", text.getBytes(StandardCharsets.UTF_8));
        assertThat(ANCHORED.scanText("config:Env/X", text)).isEqualTo(FULL.scanText("config:Env/X", text));
      }
    }
    assertThat(matched).as("the positives match").isGreaterThan(150);
  }

  @Test
  void debianAppRootFilesystem() throws IOException {
    Path root = SharedTestData.corpus().resolve("rootfs/debian-app");
    assertThat(scanTree(root)).as("files scanned").isGreaterThan(1000);
  }

  @Test
  void sharedFixtures() throws IOException {
    assertThat(scanTree(SharedTestData.testdata("fixtures"))).as("files scanned").isGreaterThan(10);
  }

  private static int scanTree(Path root) throws IOException {
    int files = 0;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > SecretFileAnalyzer.MAX_SIZE) {
          continue;
        }
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (!SecretFileAnalyzer.wanted(LayerEntry.file(rel, Files.size(p)))) {
          continue;
        }
        byte[] b;
        try {
          b = Files.readAllBytes(p);
        } catch (IOException e) {
          continue; // unreadable (permissions)
        }
        same(rel, b);
        files++;
      }
    }
    return files;
  }

  /** Scans with both scanners, asserts equal results, returns the number of matches. */
  private static int same(String path, byte[] content) throws IOException {
    SecretScanner.Result a = ANCHORED.scan(path, new ByteArrayInputStream(content));
    SecretScanner.Result f = FULL.scan(path, new ByteArrayInputStream(content));
    assertThat(a).as(path).isEqualTo(f);
    return a.matches().size();
  }

  private static final String[] KEYWORDS_AND_NEAR = {
      "AKIA", "akia", "ghp_", "GHP_", "xoxb-", "xoxa-", "sk_live_", "token", "TOKEN", "secret", "Secret",
      "api_key", "apikey", "privatekey", "private_key", "password", "passwd", "pwd", "-----BEGIN ", "PRIVATE KEY-----",
      "-----END ", "eyJ", "://", "@", "machine ", " login ", " password ", "glpat-", "AIza", "npm_", "hf_",
      "key", "keykey", "tokentoken", "secretsecret", "AKIAAKIA", "=", ": ", " = ", "\"", "'", "\n", "\r\n", " ",
      "\t", "-", "_", ".", "/", "+", "\u00e9", "\u00ff", "\u0100", "\u4e2d", "\ud83d\ude00", "\u212a",
  };
  private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** Random texts from keywords, separators and token-like runs: scan, scanText and chunk boundaries. */
  @Test
  void trickyRandomInputs() throws IOException {
    Random random = new Random(11);
    int matched = 0;
    for (int n = 0; n < 3000; n++) {
      String text = randomText(random, 1 + random.nextInt(40));
      matched += same("app/.env", text.getBytes(StandardCharsets.ISO_8859_1));
      matched += same("app/.env", text.getBytes(StandardCharsets.UTF_8));
      assertThat(ANCHORED.scanText("history:0", text)).as(text).isEqualTo(FULL.scanText("history:0", text));
    }
    assertThat(matched).as("the random texts do hold matches").isGreaterThan(100);
  }

  /** Matches and keywords across the 1 MiB chunk boundary and inside the overlap. */
  @Test
  void chunkBoundaries() throws IOException {
    Random random = new Random(12);
    for (int shift : new int[] {-4200, -4096, -200, -60, -30, -10, -3, -1, 0, 1, 3, 30, 4095}) {
      StringBuilder sb = new StringBuilder();
      while (sb.length() < SecretScanner.CHUNK - 4096 + shift) {
        sb.append("filler line without any secret here\n");
      }
      sb.setLength(SecretScanner.CHUNK - 4096 + shift);
      for (int i = 0; i < 40; i++) {
        sb.append(randomText(random, 30));
      }
      byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
      same("app/big.env", b);
    }
  }

  private static String randomText(Random random, int parts) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      if (random.nextInt(3) == 0) {
        int len = 4 + random.nextInt(60);
        for (int j = 0; j < len; j++) {
          sb.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
        }
      } else {
        sb.append(KEYWORDS_AND_NEAR[random.nextInt(KEYWORDS_AND_NEAR.length)]);
      }
    }
    return sb.toString();
  }

  private static final String[] REGEX_PARTS = {
      "abc", "ca", "ABC", "[Aa]bc", "c[aA]", "a", "b", "c", "[a-c]", "[^a]", "\\w", "\\d", ".", "\\s", "\\b", "\\B",
      "^", "$", "(?i)", "(?-i)", "(?m)", "(?=b)", "(?!a)", "(?<=a)", "(?<!c)", "x", "_", "\\.", "[abc]",
  };
  private static final String[] QUANTIFIERS = {"", "", "", "?", "*", "+", "{0,3}", "{1,2}", "{2}", "??", "*?", "{0,4}?", "++"};
  private static final String[] TEXT_PARTS = {"abc", "ABC", "ca", "Ca", "a", "b", "c", "x", "_", " ", "\n", "1", ".", "abca", "cabc"};

  /**
   * Random user rules (keywords {@code abc} and {@code ca}) on random texts: wherever the parser proves a
   * bound, the anchored scan finds what the whole-text scan finds; and it does prove some.
   */
  @Test
  void randomRulesOnRandomTexts() {
    Random random = new Random(13);
    int proven = 0;
    int matched = 0;
    List<String> invalid = new ArrayList<>();
    for (int n = 0; n < 1500; n++) {
      String regex = randomRegex(random, 0);
      SecretRules rules;
      try {
        java.util.regex.Pattern.compile(regex);
        rules = SecretRules.parse("[[rules]]\nid = \"r\"\nregex = '''" + regex + "'''\nkeywords = [\"abc\", \"ca\"]\n",
            "random.toml");
      } catch (RuntimeException e) {
        invalid.add(regex + ": " + e.getMessage());
        continue; // not a valid regex (a look-behind without a bound, ...)
      }
      SecretScanner anchored = new SecretScanner(rules, true, true);
      SecretScanner full = new SecretScanner(rules, true, false);
      if (anchored.anchorDistances()[0] < 0) {
        continue; // both scan the whole text
      }
      proven++;
      for (int t = 0; t < 30; t++) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(25); i >= 0; i--) {
          sb.append(TEXT_PARTS[random.nextInt(TEXT_PARTS.length)]);
        }
        String text = sb.toString();
        List<SecretScanner.Match> a = anchored.scanText("x", text);
        assertThat(a).as(regex + " on " + text).isEqualTo(full.scanText("x", text));
        matched += a.size();
      }
    }
    assertThat(invalid).as("invalid regexes").hasSizeLessThan(300);
    assertThat(proven).as("rules with a proven bound").isGreaterThan(100);
    assertThat(matched).as("matches").isGreaterThan(500);
  }

  private static String randomRegex(Random random, int depth) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1 + random.nextInt(5); i > 0; i--) {
      String atom;
      if (depth < 2 && random.nextInt(6) == 0) {
        atom = "(" + (random.nextBoolean() ? "?:" : "") + randomRegex(random, depth + 1) + "|"
            + randomRegex(random, depth + 1) + ")";
      } else {
        atom = REGEX_PARTS[random.nextInt(REGEX_PARTS.length)];
      }
      boolean quantifiable = !atom.startsWith("(?") || atom.startsWith("(?:");
      sb.append(atom).append(quantifiable && !atom.equals("^") && !atom.equals("$")
          ? QUANTIFIERS[random.nextInt(QUANTIFIERS.length)] : "");
    }
    return sb.toString();
  }
}
