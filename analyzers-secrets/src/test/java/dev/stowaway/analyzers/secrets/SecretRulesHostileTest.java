package dev.stowaway.analyzers.secrets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A user's rule file with values of the wrong type is the parser's own {@link IllegalArgumentException}
 * naming the file, not tomlj's {@code TomlInvalidTypeException} (found by {@link SecretRulesFuzzTest}; the
 * inputs are kept in {@code SecretRulesFuzzTestInputs}).
 */
class SecretRulesHostileTest {

  @Test
  void ruleWhosePathIsAnArray() {
    assertThatThrownBy(() -> SecretRules.parse("[[rules]]\nid = \"x\"\nregex = \"abc\"\npath = [\"a\"]\n", "team.toml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("team.toml: ")
        .hasMessageContaining("path");
  }

  @Test
  void useDefaultThatIsAStringAndAnIdThatIsANumber() {
    assertThatThrownBy(() -> SecretRules.parse("[extend]\nuseDefault = \"yes\"\n", "team.toml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("team.toml: ");
    assertThatThrownBy(() -> SecretRules.parse("[[rules]]\nid = 7\nregex = \"abc\"\n", "team.toml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("team.toml: ");
  }

  @Test
  void invalidEscapeThatTomljThrowsInsteadOfListing() {
    assertThatThrownBy(() -> SecretRules.parse("[[rules]]\nid = \"x\"\nregex = \"a\\Eb\"\n", "team.toml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("team.toml: ");
  }

  @Test
  void rulesThatIsATableNotAnArray() {
    assertThatThrownBy(() -> SecretRules.parse("[rules]\nid = \"x\"\n", "team.toml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("team.toml: ");
  }
}
