package dev.stowaway.cli;

import dev.stowaway.analyzers.iac.ComplianceReport;
import dev.stowaway.analyzers.iac.IacScanner;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.report.AnalyzerInfo;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.ResultOrder;
import dev.stowaway.core.ScannerVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowaway config PATH}: pre-build checks of Dockerfiles and Kubernetes manifests. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = {"Checks Dockerfiles and Kubernetes manifests for misconfigurations (pre-build).",
        "PATH is a Dockerfile, a manifest, or a directory searched for both."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (no finding at or above --fail-on)", "1:a finding at or above --fail-on, or a failed --compliance benchmark",
        "2:usage error or unreadable input", "3:internal error"})
final class ConfigCommand implements Callable<Integer>, OptionGroups {

  @ParentCommand
  StowawayCommand parent;

  @Parameters(index = "0", paramLabel = "PATH", description = "File or directory to check.")
  Path path;

  final ReportOptions report = new ReportOptions();

  @Override
  public void addOptionGroups(CommandSpec spec) {
    report.addTo(spec);
  }

  @Override
  public Integer call() {
    PrintStream err = parent.err;
    try {
      report.validate();
      IacScanner.Result r = IacScanner.scan(path);
      ScanResult result = new ScanResult(new ArtifactInfo(path.toString(), null, null, null, List.of()), null,
          List.of(), r.findings().stream().map(f -> (Finding) f).sorted(ResultOrder.FINDINGS).toList(),
          r.issues(), List.of(new AnalyzerInfo("iac", ScannerVersion.get())), Instant.now());
      return report.emit(result, ComplianceReport.Scope.CONFIG, parent.out);
    } catch (NoSuchFileException e) {
      err.println("stowaway: " + e.getFile() + ": no such file or directory");
      return Main.USAGE_OR_INPUT;
    } catch (IOException | IllegalArgumentException e) {
      err.println("stowaway: " + String.valueOf(e.getMessage()).replace('\n', ' '));
      return Main.USAGE_OR_INPUT;
    }
  }

}
