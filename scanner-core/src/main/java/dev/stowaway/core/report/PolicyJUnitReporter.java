package dev.stowaway.core.report;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.core.ResultOrder;
import dev.stowaway.core.policy.ExceptionRule;
import dev.stowaway.core.policy.Policy;
import dev.stowaway.core.policy.PolicyDecision;
import dev.stowaway.core.policy.PolicyRule;
import dev.stowaway.core.policy.Violation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes JUnit XML (the Ant/Surefire dialect CI servers read) with one {@code testcase} per policy rule
 * ({@link Policy#rules()}): each gate, each banned package or licence pattern, each required label, each
 * maximum count, the advisory-data age, and each exception. A rule with violations has one
 * {@code failure} listing them all; an exception that expired while still matching findings fails too
 * (it no longer hides them), one that matches nothing is {@code skipped}. The CLI's {@code --fail-on}
 * threshold, when given, is a rule of its own. Immutable and thread-safe.
 *
 * <p>{@link JUnitReporter} is the per-finding form for results without a policy.
 */
public final class PolicyJUnitReporter implements Reporter {
  private final Policy policy;
  private final PolicyDecision decision;
  private final Severity failOn;

  /**
   * Creates a reporter for one gate decision.
   *
   * @param policy the policy that was evaluated; not null
   * @param decision its decision on the result that will be written (suppressions applied); not null
   * @param failOn the command line's {@code --fail-on} threshold, or null when not given
   */
  public PolicyJUnitReporter(Policy policy, PolicyDecision decision, Severity failOn) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.decision = Objects.requireNonNull(decision, "decision");
    this.failOn = failOn;
  }

  @Override
  public String format() {
    return "junit";
  }

  /** One test case: name, and what happened (null failure and skip: passed). */
  private record Case(String name, String description, String failureMessage, String failureText, String skipped) {}

  @Override
  public void write(ScanResult r, OutputStream out) throws IOException {
    List<Case> cases = new ArrayList<>();
    List<Violation> unclaimed = new ArrayList<>(decision.violations());
    List<ExceptionRule> exceptions = policy.exceptions();
    int exceptionIndex = 0;
    for (PolicyRule rule : policy.rules()) {
      String name = rule.key() + (rule.subject() == null ? "" : " " + rule.subject());
      if (rule.key().equals("exception")) {
        cases.add(exceptionCase(name, rule, exceptions.get(exceptionIndex++), r));
        continue;
      }
      List<Violation> mine = unclaimed.stream().filter(rule::covers).toList();
      unclaimed.removeAll(mine);
      cases.add(mine.isEmpty() ? new Case(name, rule.description(), null, null, null)
          : new Case(name, rule.description(), mine.size() + " violation" + (mine.size() == 1 ? "" : "s") + " of: "
              + rule.description(), String.join("\n", mine.stream().map(Violation::reason).toList()), null));
    }
    if (!unclaimed.isEmpty()) {
      cases.add(new Case("other", "other policy checks", unclaimed.size() + " violations",
          String.join("\n", unclaimed.stream().map(v -> v.rule() + ": " + v.reason()).toList()), null));
    }
    if (failOn != null) {
      List<String> hits = new ArrayList<>();
      for (Finding f : r.findings().stream().sorted(ResultOrder.FINDINGS).toList()) {
        if (!f.removed() && !r.isSuppressed(f) && f.severity() != Severity.UNKNOWN && f.severity().atLeast(failOn)) {
          hits.add(f.severity() + " " + f.kind() + " " + f.id() + " at " + FindingText.uri(f.location())
              + ": " + f.title());
        }
      }
      String description = "no finding still in the image at or above " + failOn.name().toLowerCase(Locale.ROOT);
      cases.add(new Case("--fail-on " + failOn.name().toLowerCase(Locale.ROOT), description,
          hits.isEmpty() ? null : hits.size() + " violations of: " + description,
          hits.isEmpty() ? null : String.join("\n", hits), null));
    }
    if (cases.isEmpty()) {
      cases.add(new Case("policy", "no policy rules configured: every scan passes", null, null, null));
    }
    long failures = cases.stream().filter(c -> c.failureMessage() != null).count();
    long skipped = cases.stream().filter(c -> c.skipped() != null).count();
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.write("<testsuites name=\"stowaway policy\" tests=\"" + cases.size() + "\" failures=\"" + failures
        + "\" skipped=\"" + skipped + "\">\n");
    w.write("  <testsuite name=\"" + JUnitReporter.xml("policy: " + r.artifact().name()) + "\" tests=\""
        + cases.size() + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"" + skipped + "\" timestamp=\""
        + r.scannedAt().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "") + "\">\n");
    for (Case c : cases) {
      w.write("    <testcase classname=\"stowaway.policy\" name=\"" + JUnitReporter.xml(c.name()) + "\">\n");
      if (c.failureMessage() != null) {
        w.write("      <failure type=\"policy\" message=\"" + JUnitReporter.xml(c.failureMessage()) + "\">"
            + JUnitReporter.xml(c.failureText()) + "</failure>\n");
      } else if (c.skipped() != null) {
        w.write("      <skipped message=\"" + JUnitReporter.xml(c.skipped()) + "\"/>\n");
      }
      w.write("      <system-out>" + JUnitReporter.xml(c.description()) + "</system-out>\n");
      w.write("    </testcase>\n");
    }
    w.write("  </testsuite>\n</testsuites>\n");
    w.flush();
  }

  /** Passes while it hides findings, fails once expired with findings it no longer hides, skips if unused. */
  private static Case exceptionCase(String name, PolicyRule rule, ExceptionRule e, ScanResult r) {
    List<String> hidden = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    for (Finding f : r.findings().stream().sorted(ResultOrder.FINDINGS).toList()) {
      if (!e.matches(f)) {
        continue;
      }
      Suppression s = r.suppression(f);
      String what = f.id() + " at " + FindingText.uri(f.location());
      if (s != null && s.kind() == Suppression.Kind.EXCEPTION && !s.active()) {
        expired.add(what);
      } else if (s != null && s.active()) {
        hidden.add(what);
      }
    }
    if (!expired.isEmpty()) {
      return new Case(name, rule.description(), "expired on " + e.expires() + "; no longer hides "
          + expired.size() + " finding" + (expired.size() == 1 ? "" : "s"), String.join("\n", expired), null);
    }
    if (hidden.isEmpty()) {
      return new Case(name, rule.description(), null, null, "matches no finding");
    }
    return new Case(name, rule.description() + "\nhides: " + String.join(", ", hidden), null, null, null);
  }
}
