package dev.stowaway.analyzers.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The built-in rules load from {@code builtin-rules.compact}, generated from {@code builtin-rules.toml} (the
 * source of truth). After editing the TOML run this test with {@code -Dstowaway.regenerate=true} to rewrite the
 * compact file in the source tree.
 */
class SecretRulesCompactTest {
  static final String HEADER = "generated from builtin-rules.toml by SecretRulesCompactTest"
      + " (-Dstowaway.regenerate=true); do not edit";
  private static final Path SOURCE = Path.of("src/main/resources/dev/stowaway/analyzers/secrets/"
      + SecretRules.BUILT_IN_COMPACT);

  @Test
  void compactFormAgreesWithTheToml() throws IOException {
    SecretRules toml = SecretRules.builtInFromToml();
    String expected = CompactRules.write(toml, HEADER);
    if (Boolean.getBoolean("stowaway.regenerate")) {
      Files.writeString(SOURCE, expected);
    }
    String actual;
    try (InputStream in = SecretRules.class.getResourceAsStream(SecretRules.BUILT_IN_COMPACT)) {
      assertThat(in).as("generated resource").isNotNull();
      actual = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(actual).as("builtin-rules.compact is stale: run this test with -Dstowaway.regenerate=true")
        .isEqualTo(expected);
    // the digest line names the rule lines after it, and is what the cache key of the built-in set reads
    String ruleLines = actual.substring(actual.indexOf('\n', actual.indexOf('\n') + 1) + 1);
    assertThat(CompactRules.statedDigest(actual)).isEqualTo(CompactRules.sha256Hex(ruleLines)).hasSize(64);
    assertThat(SecretRules.settingsTextOf(null)).isEqualTo("built-in " + CompactRules.sha256Hex(ruleLines))
        .isEqualTo(SecretRules.builtIn().settingsText());
    SecretRules builtIn = SecretRules.builtIn();
    assertThat(builtIn.rules()).hasSize(toml.rules().size());
    assertThat(builtIn.rules().toString()).isEqualTo(toml.rules().toString());
    assertThat(builtIn.allowlists().toString()).isEqualTo(toml.allowlists().toString());
    assertThat(builtIn.warnings()).isEmpty();
    for (int i = 0; i < toml.rules().size(); i++) {
      SecretRule a = builtIn.rules().get(i);
      SecretRule b = toml.rules().get(i);
      assertThat(a.regex() == null ? null : a.regex().compiled().flags())
          .isEqualTo(b.regex() == null ? null : b.regex().compiled().flags());
      assertThat(a.entropy()).isEqualTo(b.entropy());
    }
  }

  @Test
  void roundTripKeepsEscapesAndAllowlists() {
    SecretRules r = SecretRules.parse("""
        [[rules]]
        id = "a"
        description = "tab\\there, back\\\\slash"
        regex = '''x\\ty\\\\n(?P<secret_v>[0-9]{4})'''
        secretGroup = 1
        entropy = 2.5
        keywords = ["x"]
        path = '''\\.env$'''
        severity = "low"
        [[rules.allowlists]]
        regexTarget = "line"
        condition = "AND"
        regexes = ['''^#''']
        paths = ['''test/''']
        stopwords = ["Dummy"]
        [[rules.allowlists]]
        stopwords = ["b"]

        [[rules]]
        id = "p12"
        path = '''\\.p12$'''

        [[allowlists]]
        description = "global"
        paths = ['''vendor/''']
        """, "t.toml");
    CompactRules.Parsed p = CompactRules.read(CompactRules.write(r, "test"));
    assertThat(p.rules().toString()).isEqualTo(r.rules().toString());
    assertThat(p.allowlists().toString()).isEqualTo(r.allowlists().toString());
    assertThat(p.rules().get(0).description()).isEqualTo("tab\there, back\\slash");
    assertThat(p.rules().get(0).allowlists()).hasSize(2);
    assertThat(p.rules().get(1).regex()).isNull();
  }
}
