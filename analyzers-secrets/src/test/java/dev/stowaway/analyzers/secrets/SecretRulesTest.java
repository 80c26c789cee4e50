package dev.stowaway.analyzers.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.model.Severity;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SecretRulesTest {

  @Test
  void builtInRulesLoadWithoutWarningsAndEveryContentRuleHasKeywords() {
    SecretRules rules = SecretRules.builtIn();
    assertThat(rules.warnings()).isEmpty();
    assertThat(rules.rules()).hasSizeGreaterThanOrEqualTo(150);
    for (SecretRule r : rules.rules()) {
      if (!r.pathOnly()) {
        assertThat(r.keywords()).as(r.id()).isNotEmpty();
      }
    }
    Set<String> ids = rules.rules().stream().map(SecretRule::id).collect(Collectors.toSet());
    assertThat(ids).hasSize(rules.rules().size())
        .contains("aws-access-key-id", "github-pat", "private-key-pkcs8", "jwt", "pkcs12-keystore-file");
    assertThat(rules.allowlists()).isNotEmpty();
  }

  @Test
  void userFileExtendsDefaultsReportsUnsupportedKeysAndReplacesRules() {
    String toml = """
        title = "team rules"
        [extend]
        useDefault = true
        disabledRules = ["jwt"]

        [[rules]]
        id = "acme-token"
        description = "ACME internal token"
        regex = '''\\b(?P<tok>acme_[a-z0-9]{20})\\b'''
        secretGroup = 1
        entropy = 2.5
        keywords = ["ACME_"]
        severity = "critical"
        tags = ["internal"]
        verify = "https://example.invalid"
        [[rules.allowlists]]
        regexTarget = "line"
        regexes = ['''#\\s*nosecret''']
        condition = "AND"
        paths = ['''^test/''']

        [[rules]]
        id = "github-pat"
        description = "replaced"
        regex = '''ghp_[A-Za-z0-9]{36}'''
        keywords = ["ghp_"]
        [allowlist]
        paths = ['''vendor/''']
        """;
    SecretRules rules = SecretRules.parse(toml, "team.toml");
    assertThat(rules.warnings()).containsExactly("team.toml rules[0]: unsupported key 'verify' ignored");
    assertThat(rules.rules().size()).isEqualTo(SecretRules.builtIn().rules().size() + 1 - 1);
    SecretRule acme = rules.rules().stream().filter(r -> r.id().equals("acme-token")).findFirst().orElseThrow();
    assertThat(acme.keywords()).containsExactly("acme_");
    assertThat(acme.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(acme.secretGroup()).isEqualTo(1);
    assertThat(acme.entropy()).isEqualTo(2.5);
    assertThat(acme.regex().pattern()).contains("(?<tok>");
    assertThat(acme.allowlists()).singleElement().satisfies(a -> {
      assertThat(a.and()).isTrue();
      assertThat(a.regexTarget()).isEqualTo(SecretRule.RegexTarget.LINE);
    });
    assertThat(rules.rules()).extracting(SecretRule::id).doesNotContain("jwt");
    assertThat(rules.rules().stream().filter(r -> r.id().equals("github-pat")).findFirst().orElseThrow()
        .description()).isEqualTo("replaced");
    assertThat(rules.allowlists()).hasSize(SecretRules.builtIn().allowlists().size() + 1);
  }

  @Test
  void goPosixClassesAndNamedGroupsMeanWhatTheyMeanInGitleaks() {
    assertThat(SecretRules.compile("^[[:alnum:]_]{4}$", "t").matcher("aZ9_").matches()).isTrue();
    assertThat(SecretRules.compile("^[[:alnum:]]$", "t").matcher(":").matches()).as("not a set of letters").isFalse();
    assertThat(SecretRules.compile("^[[:^digit:]]+$", "t").matcher("abc").matches()).isTrue();
    assertThat(SecretRules.compile("^[[:^digit:]]+$", "t").matcher("a1").matches()).isFalse();
    assertThat(SecretRules.compile("^[[:xdigit:][:space:]]+$", "t").matcher("ab 09").matches()).isTrue();
    assertThat(SecretRules.compile("^[[:word:]]+$", "t").matcher("a_1").matches()).isTrue();
    assertThat(SecretRules.compile("(?P<my_key>k[[:upper:]])", "t").matcher("xkQ").results()
        .map(r -> r.group()).toList()).containsExactly("kQ");
  }

  @Test
  void withoutExtendOnlyUserRules() {
    SecretRules rules = SecretRules.parse("[[rules]]\nid = \"x\"\nregex = 'x{3}'\nkeywords = [\"xxx\"]\n", "a.toml");
    assertThat(rules.rules()).extracting(SecretRule::id).containsExactly("x");
    assertThat(rules.rules().get(0).severity()).isEqualTo(Severity.HIGH);
    assertThat(rules.allowlists()).isEmpty();
  }

  @Test
  void unknownSeverityAndRegexTargetAreWarnings() {
    SecretRules rules = SecretRules.parse("[[rules]]\nid = \"x\"\nregex = 'x{3}'\nkeywords = [\"xxx\"]\n"
        + "severity = \"urgent\"\n[[rules.allowlists]]\nregexTarget = \"file\"\nstopwords = [\"a\"]\n", "w.toml");
    assertThat(rules.warnings()).containsExactly(
        "w.toml rules[0] (x) allowlists[0]: unknown regexTarget 'file', using secret",
        "w.toml rules[0] (x): unknown severity 'urgent', using UNKNOWN");
    assertThat(rules.rules().get(0).severity()).isEqualTo(Severity.UNKNOWN);
  }

  @Test
  void badInputIsAClearException() {
    assertThatThrownBy(() -> SecretRules.parse("[[rules]\nid=", "bad.toml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bad.toml");
    assertThatThrownBy(() -> SecretRules.parse("[[rules]]\nid = \"r\"\nregex = '(unclosed'\n", "re.toml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(r)").hasMessageContaining("invalid regex");
    assertThatThrownBy(() -> SecretRules.parse("[[rules]]\nregex = 'abc'\n", "noid.toml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without id");
  }
}
