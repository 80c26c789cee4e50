package dev.stowaway.analyzers.secrets;

import dev.stowaway.core.testing.FuzzTarget;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Fuzzes the gitleaks-style rule file parser (a user's custom rules). */
class SecretRulesFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) {
    SecretRules.parse(new String(data, StandardCharsets.UTF_8), "fuzz.toml");
  }

  @Override
  protected List<Class<? extends Throwable>> expected() {
    return List.of(IllegalArgumentException.class);
  }
}
