package dev.stowaway.cli;

import static dev.stowaway.cli.OptionBinding.option;

import dev.stowaway.analyzers.iac.ComplianceReport;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.report.Reporter;
import dev.stowaway.core.report.Reporters;
import dev.stowaway.core.report.TableReporter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The output and gate options that every command producing findings shares ({@link #addTo}): where the
 * report goes, in which format, whether a benchmark table replaces it, and when the exit code is 1.
 */
final class ReportOptions {

  String format;
  Path output;
  boolean showSuppressed;
  String failOn;
  String compliance;

  /**
   * Adds these options to a command (a mixin without annotations, see {@link OptionBinding}).
   *
   * @param spec the command, whose parsed values land in this object
   */
  void addTo(CommandSpec spec) {
    spec.addOption(option(new String[] {"-f", "--format"}, String.class, () -> format, v -> format = (String) v)
        .defaultValue("table").paramLabel("FORMAT")
        .description("Report format: table, json, sarif, cyclonedx, spdx-json or junit (default: ${DEFAULT-VALUE}).")
        .build());
    spec.addOption(option(new String[] {"-o", "--output"}, Path.class, () -> output, v -> output = (Path) v)
        .paramLabel("FILE").description("Write the report to FILE instead of standard output.").build());
    spec.addOption(option("--show-suppressed", boolean.class, () -> showSuppressed,
        v -> showSuppressed = (Boolean) v)
        .description("List findings hidden by exceptions or VEX in the table too.").build());
    spec.addOption(option("--fail-on", String.class, () -> failOn, v -> failOn = (String) v)
        .paramLabel("SEVERITY")
        .description("Exit 1 when a finding still in the image is at least this severe (critical, high, medium, low).")
        .build());
    spec.addOption(option("--compliance", String.class, () -> compliance, v -> compliance = (String) v)
        .paramLabel("BENCHMARK")
        .description("Print pass/fail per control instead of the findings: docker-cis-1.6 (images, Dockerfiles), "
            + "k8s-pss-baseline or k8s-pss-restricted (manifests). Exit 1 when a control fails.")
        .build());
  }

  /**
   * The JUnit form to write instead of the per-finding one: set by commands that evaluated a policy, so
   * that {@code -f junit} gives one test case per policy rule. Null: per finding.
   */
  Reporter policyJUnit;

  /**
   * Checks the values before any work is done.
   *
   * @throws IllegalArgumentException naming the bad value and the accepted ones
   */
  void validate() {
    Reporters.forFormat(format);
    threshold();
    if (compliance != null && !ComplianceReport.benchmarks().contains(compliance)) {
      throw new IllegalArgumentException("unknown benchmark '" + compliance + "' (known: "
          + String.join(", ", ComplianceReport.benchmarks()) + ")");
    }
  }

  /**
   * Writes the report (or the compliance table) and returns the exit code the gate asks for.
   *
   * @param result what to report
   * @param scope whether the findings come from an image or from build files
   * @param stdout standard output, used unless -o was given
   * @return {@link Main#OK} or {@link Main#GATE_FAILED}
   * @throws IOException if writing fails
   */
  int emit(ScanResult result, ComplianceReport.Scope scope, PrintStream stdout) throws IOException {
    // 64 KiB: a large JSON report went to the file in ~275 writes of 8 KiB (each through a temporary direct
    // buffer: ~7 ms of a warm scan's start-up, interpreted)
    try (OutputStream file = output == null ? null
        : new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
      PrintStream out = file == null ? stdout : new PrintStream(file, false, StandardCharsets.UTF_8);
      if (compliance != null) {
        ComplianceReport report = ComplianceReport.of(compliance, result.findings(), scope);
        if (format.equals("json")) {
          ComplianceOutput.json(report, out);
        } else {
          ComplianceOutput.table(report, out);
        }
        out.flush();
        return report.passed() ? Main.OK : Main.GATE_FAILED;
      }
      Reporter reporter = showSuppressed && format.equals("table") ? new TableReporter(true)
          : format.equals("junit") && policyJUnit != null ? policyJUnit : Reporters.forFormat(format);
      reporter.write(result, out);
      out.flush();
    }
    Severity threshold = threshold();
    boolean failed = threshold != null
        && result.findings().stream()
            .anyMatch(f -> !f.removed() && !result.isSuppressed(f) && f.severity().atLeast(threshold));
    return failed ? Main.GATE_FAILED : Main.OK;
  }

  /** @return the --fail-on severity, or null when not given */
  Severity threshold() {
    return threshold(failOn);
  }

  /**
   * Parses a --fail-on value.
   *
   * @param failOn the value, or null
   * @return the severity, or null when none was given
   * @throws IllegalArgumentException for an unknown severity
   */
  static Severity threshold(String failOn) {
    if (failOn == null) {
      return null;
    }
    try {
      Severity v = Severity.valueOf(failOn.toUpperCase(Locale.ROOT));
      if (v != Severity.UNKNOWN) {
        return v;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("unknown severity '" + failOn + "' (use critical, high, medium or low)");
  }
}
