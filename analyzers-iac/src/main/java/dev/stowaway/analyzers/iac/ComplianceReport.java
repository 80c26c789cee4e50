package dev.stowaway.analyzers.iac;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.VulnerabilityFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A pass/fail/manual verdict per control of a benchmark, computed from findings: the CIS Docker
 * Benchmark v1.6.0 section 4 ({@code docker-cis-1.6}) and the Kubernetes Pod Security Standards
 * ({@code k8s-pss-baseline}, {@code k8s-pss-restricted}).
 *
 * <p>A control FAILs when a finding maps to it: a {@link MisconfigurationFinding} whose benchmark is the
 * control's key ({@code CIS-DI-0001} for CIS 4.1, {@code k8s-pss-baseline:privileged}), a
 * {@link SecretFinding} for CIS 4.10, a {@link VulnerabilityFinding} with a fixed version for CIS 4.4.
 * Without such findings, an automated control PASSes and a control that the scan cannot judge is
 * MANUAL. Which CIS controls are automated depends on the {@link Scope}: setuid files (4.8) can only be
 * judged in a built image, base image tags (4.2) only in a Dockerfile.
 *
 * <p>Immutable and thread-safe.
 *
 * @param benchmark the benchmark id, such as {@code docker-cis-1.6}; never null
 * @param title the benchmark's name; never null
 * @param controls one result per control, in the benchmark's order; never null
 */
public record ComplianceReport(String benchmark, String title, List<ControlResult> controls) {

  /** The CIS Docker Benchmark v1.6.0, section 4. */
  public static final String DOCKER_CIS = "docker-cis-1.6";
  /** The Pod Security Standards, baseline profile. */
  public static final String PSS_BASELINE = "k8s-pss-baseline";
  /** The Pod Security Standards, restricted profile (which includes the baseline). */
  public static final String PSS_RESTRICTED = "k8s-pss-restricted";

  /** Copies the list. */
  public ComplianceReport {
    Objects.requireNonNull(benchmark, "benchmark");
    Objects.requireNonNull(title, "title");
    controls = List.copyOf(controls);
  }

  /** A control's verdict. */
  public enum Status {
    /** The scan judged the control and found nothing against it. */
    PASS,
    /** At least one finding breaks the control. */
    FAIL,
    /** The scan cannot judge the control; someone has to. */
    MANUAL
  }

  /** What was scanned, which decides what can be judged. */
  public enum Scope {
    /** A built image: config, history, filesystem. */
    IMAGE,
    /** Dockerfiles and manifests before the build. */
    CONFIG
  }

  /**
   * One control's verdict.
   *
   * @param id the control id, such as {@code 4.1} or {@code baseline/privileged}; never null
   * @param title the control's title; never null
   * @param status the verdict; never null
   * @param findings how many findings map to the control
   */
  public record ControlResult(String id, String title, Status status, int findings) {
    /** Requires id, title and status. */
    public ControlResult {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(status, "status");
    }
  }

  /** How a control is judged in a scope: always by hand, or automatically, or only when evidence fails it. */
  private enum Mode { AUTOMATED, EVIDENCE_ONLY, MANUAL }

  private record Control(String id, String title, Predicate<Finding> matches, Mode image, Mode config) {}

  /**
   * Returns the benchmark ids {@link #of} accepts.
   *
   * @return the ids; never null
   */
  public static List<String> benchmarks() {
    return List.of(DOCKER_CIS, PSS_BASELINE, PSS_RESTRICTED);
  }

  /**
   * Judges a benchmark for an image scan ({@link Scope#IMAGE}); the Pod Security benchmarks ignore the
   * scope.
   *
   * @param benchmark one of {@link #benchmarks()}, any case; not null
   * @param findings the scan's findings; not null
   * @return the report; never null
   * @throws IllegalArgumentException for an unknown benchmark
   */
  public static ComplianceReport of(String benchmark, List<? extends Finding> findings) {
    return of(benchmark, findings, Scope.IMAGE);
  }

  /**
   * Judges a benchmark.
   *
   * @param benchmark one of {@link #benchmarks()}, any case; not null
   * @param findings the scan's findings; not null
   * @param scope what was scanned; not null
   * @return the report; never null
   * @throws IllegalArgumentException for an unknown benchmark
   */
  public static ComplianceReport of(String benchmark, List<? extends Finding> findings, Scope scope) {
    String b = benchmark.toLowerCase(Locale.ROOT);
    List<Control> controls;
    String title;
    switch (b) {
      case DOCKER_CIS -> {
        controls = dockerCis();
        title = "CIS Docker Benchmark v1.6.0, section 4: Container Images and Build File";
      }
      case PSS_BASELINE -> {
        controls = pss(false);
        title = "Kubernetes Pod Security Standards: baseline";
      }
      case PSS_RESTRICTED -> {
        controls = pss(true);
        title = "Kubernetes Pod Security Standards: restricted";
      }
      default -> throw new IllegalArgumentException("unknown benchmark " + benchmark + "; known: " + benchmarks());
    }
    List<ControlResult> out = new ArrayList<>();
    for (Control c : controls) {
      int n = (int) findings.stream().filter(c.matches()).count();
      Mode mode = scope == Scope.IMAGE ? c.image() : c.config();
      Status s = n > 0 && mode != Mode.MANUAL ? Status.FAIL
          : mode == Mode.AUTOMATED ? Status.PASS : n > 0 ? Status.FAIL : Status.MANUAL;
      out.add(new ControlResult(c.id(), c.title(), s, n));
    }
    return new ComplianceReport(b, title, out);
  }

  /**
   * Tells whether every control passed or is manual.
   *
   * @return true if no control failed
   */
  public boolean passed() {
    return controls.stream().noneMatch(c -> c.status() == Status.FAIL);
  }

  private static Predicate<Finding> benchmark(String key) {
    return f -> f instanceof MisconfigurationFinding m && key.equals(m.benchmark());
  }

  private static List<Control> dockerCis() {
    Mode a = Mode.AUTOMATED;
    Mode e = Mode.EVIDENCE_ONLY;
    return List.of(
        new Control("4.1", "Ensure that a user for the container has been created", benchmark("CIS-DI-0001"), a, a),
        new Control("4.2", "Ensure that containers use only trusted base images", benchmark("CIS-DI-0002"), e, a),
        new Control("4.3", "Ensure that unnecessary packages are not installed in the container",
            benchmark("CIS-DI-0003"), a, a),
        new Control("4.4", "Ensure images are scanned and rebuilt to include security patches",
            benchmark("CIS-DI-0004").or(f -> f instanceof VulnerabilityFinding v && v.fixedVersion() != null),
            e, e),
        new Control("4.5", "Ensure Content trust for Docker is Enabled", benchmark("CIS-DI-0005"), Mode.MANUAL,
            Mode.MANUAL),
        new Control("4.6", "Ensure that HEALTHCHECK instructions have been added to container images",
            benchmark("CIS-DI-0006"), a, a),
        new Control("4.7", "Ensure update instructions are not used alone in the Dockerfile",
            benchmark("CIS-DI-0007"), a, a),
        new Control("4.8", "Ensure setuid and setgid permissions are removed", benchmark("CIS-DI-0008"), a, e),
        new Control("4.9", "Ensure that COPY is used instead of ADD in Dockerfiles", benchmark("CIS-DI-0009"), a, a),
        new Control("4.10", "Ensure secrets are not stored in container images",
            benchmark("CIS-DI-0010").or(f -> f instanceof SecretFinding), a, a),
        new Control("4.11", "Ensure only verified packages are installed", benchmark("CIS-DI-0011"), a, a),
        new Control("4.12", "Ensure all signed artifacts are validated", benchmark("CIS-DI-0012"), e, e));
  }

  private static final List<String[]> BASELINE = List.of(
      new String[] {"host-process", "HostProcess"},
      new String[] {"host-namespaces", "Host Namespaces"},
      new String[] {"privileged", "Privileged Containers"},
      new String[] {"capabilities", "Capabilities"},
      new String[] {"host-path-volumes", "HostPath Volumes"},
      new String[] {"host-ports", "Host Ports"},
      new String[] {"apparmor", "AppArmor"},
      new String[] {"selinux", "SELinux"},
      new String[] {"proc-mount", "/proc Mount Type"},
      new String[] {"seccomp", "Seccomp"},
      new String[] {"sysctls", "Sysctls"});
  private static final List<String[]> RESTRICTED = List.of(
      new String[] {"volume-types", "Volume Types"},
      new String[] {"privilege-escalation", "Privilege Escalation"},
      new String[] {"running-as-non-root", "Running as Non-root"},
      new String[] {"running-as-non-root-user", "Running as Non-root user"},
      new String[] {"seccomp", "Seccomp"},
      new String[] {"capabilities", "Capabilities"});

  private static List<Control> pss(boolean restricted) {
    List<Control> out = new ArrayList<>();
    for (String[] c : BASELINE) {
      out.add(new Control("baseline/" + c[0], c[1], benchmark(PSS_BASELINE + ":" + c[0]), Mode.AUTOMATED,
          Mode.AUTOMATED));
    }
    if (restricted) {
      for (String[] c : RESTRICTED) {
        out.add(new Control("restricted/" + c[0], c[1], benchmark(PSS_RESTRICTED + ":" + c[0]), Mode.AUTOMATED,
            Mode.AUTOMATED));
      }
    }
    return out;
  }
}
