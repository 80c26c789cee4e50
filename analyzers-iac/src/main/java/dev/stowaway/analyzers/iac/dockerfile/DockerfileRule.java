package dev.stowaway.analyzers.iac.dockerfile;

import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Severity;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * One Dockerfile check: its stable id, severity, title, remediation, benchmark control, and the code
 * that finds the lines breaking it. The table is {@link DockerfileRules#ALL}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the stable id such as {@code DS001}; never null
 * @param severity the severity; never null
 * @param title a one-line title; never null
 * @param remediation one sentence saying what to change; never null
 * @param benchmark the CIS Docker Benchmark control in Dockle form ({@code CIS-DI-0001} is control 4.1),
 *     or null
 * @param appliesToHistory true if the rule also makes sense on instructions recovered from an image's
 *     history (it looks at single instructions, not at the file's structure)
 * @param check finds the offending lines; never null
 */
public record DockerfileRule(
    String id, Severity severity, String title, String remediation, String benchmark, boolean appliesToHistory,
    Check check) {

  /** Finds the lines of a Dockerfile that break a rule. Implementations are stateless. */
  @FunctionalInterface
  public interface Check {
    /**
     * Reports each offending line.
     *
     * @param dockerfile the parsed file; not null
     * @param scripts the {@code RUN} scripts split into commands, shared by the rules of one evaluation;
     *     not null
     * @param hit receives 1-based lines; not null
     */
    void run(Dockerfile dockerfile, Scripts scripts, IntConsumer hit);
  }

  /**
   * Splits {@code RUN} scripts into {@link ShellCommand}s once per evaluation, however many rules ask.
   * Not thread-safe; one instance serves one {@link DockerfileRules#evaluate} call.
   */
  public static final class Scripts {
    private final Map<Instruction, List<ShellCommand>> cache = new IdentityHashMap<>();

    /** Creates an empty cache. */
    public Scripts() {}

    /**
     * Returns the commands of an instruction's script.
     *
     * @param instruction the instruction; not null
     * @return the commands; never null
     */
    public List<ShellCommand> commands(Instruction instruction) {
      return cache.computeIfAbsent(instruction, i -> ShellCommand.parse(i.script()));
    }
  }

  /** Requires every field but the benchmark. */
  public DockerfileRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(remediation, "remediation");
    Objects.requireNonNull(check, "check");
  }

  /**
   * Makes a finding of this rule.
   *
   * @param location where; may be null
   * @param line the 1-based line, or 0
   * @return the finding; never null
   */
  public MisconfigurationFinding finding(Location location, int line) {
    return new MisconfigurationFinding(id, severity, title, remediation, benchmark, location, line);
  }
}
