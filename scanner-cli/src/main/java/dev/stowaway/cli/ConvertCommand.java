package dev.stowaway.cli;

import dev.stowaway.analyzers.iac.ComplianceReport;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.report.JsonReportReader;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowaway convert REPORT.json --format F}: re-renders a saved JSON report without scanning. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = {"Re-renders a saved JSON report (stowaway scan -f json) in another format, without scanning.",
        "--fail-on and --compliance judge the saved findings as scan would."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:converted (and any gate passed)", "1:a --fail-on or --compliance gate failed",
        "2:usage error or unreadable report"})
final class ConvertCommand implements Callable<Integer>, OptionGroups {

  @ParentCommand
  StowawayCommand parent;

  @Parameters(index = "0", paramLabel = "REPORT", description = "A JSON report written by stowaway scan -f json.")
  Path reportFile;

  final ReportOptions report = new ReportOptions();

  @Override
  public void addOptionGroups(CommandSpec spec) {
    report.addTo(spec);
  }

  @Override
  public Integer call() {
    try {
      report.validate();
      ScanResult result = JsonReportReader.read(reportFile);
      return report.emit(result, ComplianceReport.Scope.IMAGE, parent.out);
    } catch (NoSuchFileException e) {
      parent.err.println("stowaway: " + e.getFile() + ": no such file or directory");
      return Main.USAGE_OR_INPUT;
    } catch (ImageFormatException | IllegalArgumentException e) {
      parent.err.println("stowaway: " + String.valueOf(e.getMessage()).replace('\n', ' '));
      return Main.USAGE_OR_INPUT;
    } catch (IOException e) {
      parent.err.println("stowaway: " + e.getMessage());
      return Main.USAGE_OR_INPUT;
    }
  }
}
