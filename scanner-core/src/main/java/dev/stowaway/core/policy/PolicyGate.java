package dev.stowaway.core.policy;

import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.vuln.AdvisorySource;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The CI gate: applies VEX documents and the policy's exceptions to a scan result, evaluates the
 * policy, and says which exit status the command line should use. Pure apart from reading the clock.
 *
 * <p>How the CLI maps its options onto this class:
 * <ul>
 *   <li>{@code --policy FILE}: {@link Policy#load(java.nio.file.Path)}; a missing or invalid file is a
 *       usage/input error (exit 2, message from {@link PolicyParseException}, which names the line).</li>
 *   <li>Without {@code --policy}: {@code ./stowaway.toml} in the working directory when it exists,
 *       otherwise {@link Policy#permissive()} (always passes).</li>
 *   <li>{@code --vex FILE} (repeatable): {@link VexDocument#load(java.nio.file.Path)} for each.</li>
 *   <li>Then {@code GateResult g = PolicyGate.check(policy, vexDocuments, result, Clock.systemUTC())};
 *       write reports from {@link GateResult#result()} (it carries the suppressions), print
 *       {@link GateResult#violations()} to stderr, and exit with {@link GateResult#exitCode()}: 0 when the
 *       policy passes, 1 when it fails.</li>
 *   <li>{@code --exit-code N}: replaces the failing status: use
 *       {@link GateResult#exitCode(Integer)} with the option value (null when absent), so
 *       {@code --exit-code 0} always exits 0 unless an error occurs. Errors remain 2 (usage/input) and 3
 *       (internal), decided by the CLI, not here.</li>
 * </ul>
 */
public final class PolicyGate {
  /** The exit status when the policy passes. */
  public static final int PASS = 0;
  /** The exit status when the policy fails. */
  public static final int FAIL = 1;

  private PolicyGate() {}

  /**
   * The outcome of a gate check. Immutable.
   *
   * @param result the scan result with VEX and exception suppressions applied; write reports from this
   * @param decision the policy decision
   */
  public record GateResult(ScanResult result, PolicyDecision decision) {
    /** Requires both. */
    public GateResult {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(decision, "decision");
    }

    /**
     * Returns the exit status: {@link #PASS} or {@link #FAIL}.
     *
     * @return 0 or 1
     */
    public int exitCode() {
      return decision.passed() ? PASS : FAIL;
    }

    /**
     * Returns the exit status with {@code --exit-code} applied.
     *
     * @param override the value of {@code --exit-code}, or null when not given
     * @return 0 when passing; the override (or 1) when failing
     */
    public int exitCode(Integer override) {
      return decision.passed() ? PASS : override != null ? override : FAIL;
    }

    /**
     * Returns the violations (empty when passing).
     *
     * @return the violations
     */
    public List<Violation> violations() {
      return decision.violations();
    }
  }

  /**
   * Applies VEX documents (in order), then the policy's exceptions on the clock's UTC date, then
   * evaluates the policy.
   *
   * @param policy the policy; not null
   * @param vex the VEX documents; not null, may be empty
   * @param result the scan result; not null
   * @param clock the clock deciding which exceptions have expired; not null
   * @return the gate result
   */
  public static GateResult check(Policy policy, List<VexDocument> vex, ScanResult result, Clock clock) {
    return check(policy, vex, result, clock, null);
  }

  /**
   * Like {@link #check(Policy, List, ScanResult, Clock)}, and also checks the policy's
   * {@code max-advisory-age} against the vulnerability database ({@link Policy#checkAdvisoryAge}); those
   * violations come after the others.
   *
   * @param policy the policy; not null
   * @param vex the VEX documents; not null, may be empty
   * @param result the scan result; not null
   * @param clock the clock deciding which exceptions have expired and how old the data is; not null
   * @param dataStatus what the vulnerability database holds per ecosystem (empty when there is no
   *     database), or null when vulnerabilities were not matched at all (then the age is not checked)
   * @return the gate result
   */
  public static GateResult check(Policy policy, List<VexDocument> vex, ScanResult result, Clock clock,
      List<AdvisorySource.EcosystemData> dataStatus) {
    ScanResult r = result;
    for (VexDocument d : vex) {
      r = d.apply(r);
    }
    r = policy.applyExceptions(r, clock);
    PolicyDecision decision = policy.evaluate(r);
    if (dataStatus != null) {
      List<Violation> age = policy.checkAdvisoryAge(r, dataStatus, clock.instant());
      if (!age.isEmpty()) {
        List<Violation> all = new java.util.ArrayList<>(decision.violations());
        all.addAll(age);
        decision = new PolicyDecision(all);
      }
    }
    return new GateResult(r, decision);
  }

  /**
   * Same as {@link #check(Policy, List, ScanResult, Clock)} without VEX documents.
   *
   * @param policy the policy; not null
   * @param result the scan result; not null
   * @param clock the clock; not null
   * @return the gate result
   */
  public static GateResult check(Policy policy, ScanResult result, Clock clock) {
    return check(policy, List.of(), result, clock);
  }
}
