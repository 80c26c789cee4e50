package dev.stowaway.core.policy;

import dev.stowaway.core.testing.FuzzTarget;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Fuzzes the policy file parser ({@code stowaway.toml}); seeds in PolicyFuzzTestInputs. */
class PolicyFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) {
    Policy.parse(new String(data, StandardCharsets.UTF_8));
  }

  @Override
  protected List<Class<? extends Throwable>> expected() {
    return List.of(PolicyParseException.class);
  }
}
