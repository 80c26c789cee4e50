package dev.stowaway.analyzers.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The layer cache keys secrets results by the rules: equal rules, equal key; other rules, other key. */
class SecretSettingsKeyTest {

  private static final String CUSTOM = """
      [[rules]]
      id = "acme-token"
      description = "ACME token"
      regex = '''acme_[a-z0-9]{16}'''
      keywords = ["acme_"]
      """;

  @Test
  void builtInRulesGiveOneStableKey() {
    String key = new SecretFileAnalyzer().settingsKey();
    assertThat(key).isEqualTo(new SecretFileAnalyzer(SecretRules.builtIn()).settingsKey());
    // the built-in set is named by the digest of its compact form (which SecretRulesCompactTest ties to the TOML)
    assertThat(key).matches("(?s).*\\bbuilt-in [0-9a-f]{64}$");
    assertThat(SecretRules.builtInFromToml().settingsText()).contains("aws-access-key-id").isNotEqualTo(key);
  }

  @Test
  void aUserRuleFileChangesTheKey() {
    String builtIn = new SecretFileAnalyzer().settingsKey();
    String custom = new SecretFileAnalyzer(SecretRules.parse(CUSTOM, "custom.toml")).settingsKey();
    assertThat(custom).isNotEqualTo(builtIn);
    assertThat(custom.contains("acme_[a-z0-9]{16}")).as("names the user rule").isTrue();
    assertThat(new SecretFileAnalyzer(SecretRules.parse(CUSTOM, "other-name.toml")).settingsKey()).isEqualTo(custom);
    assertThat(new SecretFileAnalyzer(SecretRules.parse(CUSTOM.replace("16", "20"), "custom.toml")).settingsKey())
        .isNotEqualTo(custom);
  }

  @Test
  void theConfigAnalyzerIsKeyedByItsRulesToo() {
    String builtIn = new SecretConfigAnalyzer().settingsKey();
    assertThat(builtIn).isEqualTo(new SecretConfigAnalyzer(SecretRules.builtIn()).settingsKey())
        .matches("(?s).*\\bbuilt-in [0-9a-f]{64}$");
    String custom = new SecretConfigAnalyzer(SecretRules.parse(CUSTOM, "custom.toml")).settingsKey();
    assertThat(custom).isNotEqualTo(builtIn).contains("acme_[a-z0-9]{16}");
  }

  @Test
  void scanningSystemDirectoriesChangesTheKey() {
    String skipped = new SecretFileAnalyzer().settingsKey();
    String scanned = new SecretFileAnalyzer(SecretRules.builtIn(), true).settingsKey();
    assertThat(scanned).isNotEqualTo(skipped);
    assertThat(new SecretFileAnalyzer(SecretRules.builtIn(), false).settingsKey()).isEqualTo(skipped);
    assertThat(new SecretFileAnalyzer(SecretRules.builtIn(), true).scansSystemDirs()).isTrue();
    assertThat(new SecretFileAnalyzer().scansSystemDirs()).isFalse();
  }
}
