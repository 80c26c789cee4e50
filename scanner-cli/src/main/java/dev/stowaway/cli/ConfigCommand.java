package dev.stowaway.cli;

import dev.stowaway.analyzers.iac.ComplianceReport;
import dev.stowaway.analyzers.iac.IacScanner;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.report.AnalyzerInfo;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.ResultOrder;
import dev.stowaway.core.ScannerVersion;
import dev.stowaway.core.report.Reporter;
import dev.stowaway.core.report.Reporters;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowaway config PATH}: pre-build checks of Dockerfiles and Kubernetes manifests. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = {"Checks Dockerfiles and Kubernetes manifests for misconfigurations (pre-build).",
        "PATH is a Dockerfile, a manifest, or a directory searched for both."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (no finding at or above --fail-on)", "1:a finding at or above --fail-on, or a failed --compliance benchmark",
        "2:usage error or unreadable input", "3:internal error"})
final class ConfigCommand implements Callable<Integer> {

  @ParentCommand
  StowawayCommand parent;

  @Parameters(index = "0", paramLabel = "PATH", description = "File or directory to check.")
  Path path;

  @Option(names = {"-f", "--format"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "Report format: json or table (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE.")
  Path output;

  @Option(names = "--fail-on", paramLabel = "SEVERITY",
      description = "Exit 1 when a finding is at least this severe (critical, high, medium, low).")
  String failOn;

  @Option(names = "--compliance", paramLabel = "BENCHMARK",
      description = "Print pass/fail per control of a benchmark instead of the findings: docker-cis-1.6, k8s-pss-baseline, k8s-pss-restricted.")
  String compliance;

  @Override
  public Integer call() {
    PrintStream err = parent.err;
    try {
      Severity threshold = failOn == null ? null : parseSeverity(failOn);
      if (compliance != null && !ComplianceReport.benchmarks().contains(compliance)) {
        throw new IllegalArgumentException("unknown benchmark '" + compliance + "' (known: "
            + String.join(", ", ComplianceReport.benchmarks()) + ")");
      }
      Reporter reporter = Reporters.forFormat(format);
      IacScanner.Result r = IacScanner.scan(path);
      try (OutputStream sink = output == null ? null : new BufferedOutputStream(Files.newOutputStream(output))) {
        PrintStream out = sink == null ? parent.out : new PrintStream(sink, true, java.nio.charset.StandardCharsets.UTF_8);
        if (compliance != null) {
          ComplianceReport report = r.compliance(compliance);
          if (format.equals("json")) {
            ComplianceOutput.json(report, out);
          } else {
            ComplianceOutput.table(report, out);
          }
          out.flush();
          return report.passed() ? Main.OK : Main.GATE_FAILED;
        }
        ScanResult result = new ScanResult(new ArtifactInfo(path.toString(), null, null, null, List.of()), null,
            List.of(), r.findings().stream().map(f -> (Finding) f).sorted(ResultOrder.FINDINGS).toList(),
            r.issues(), List.of(new AnalyzerInfo("iac", ScannerVersion.get())), Instant.now());
        reporter.write(result, out);
        out.flush();
      }
      if (threshold != null && r.findings().stream().anyMatch(f -> f.severity().atLeast(threshold))) {
        return Main.GATE_FAILED;
      }
      return Main.OK;
    } catch (NoSuchFileException e) {
      err.println("stowaway: " + e.getFile() + ": no such file or directory");
      return Main.USAGE_OR_INPUT;
    } catch (IOException | IllegalArgumentException e) {
      err.println("stowaway: " + String.valueOf(e.getMessage()).replace('\n', ' '));
      return Main.USAGE_OR_INPUT;
    }
  }

  static Severity parseSeverity(String s) {
    try {
      Severity v = Severity.valueOf(s.toUpperCase(Locale.ROOT));
      if (v != Severity.UNKNOWN) {
        return v;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("unknown severity '" + s + "' (use critical, high, medium or low)");
  }
}
