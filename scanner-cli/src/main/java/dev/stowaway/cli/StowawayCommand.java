package dev.stowaway.cli;

import dev.stowaway.core.ScannerVersion;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The top-level command; the work is in its subcommands. */
@Command(name = "stowaway", mixinStandardHelpOptions = true, versionProvider = StowawayCommand.Version.class,
    description = "Scans container images for vulnerable packages, secrets and misconfigurations.",
    subcommands = {ScanCommand.class, DriftCommand.class, SbomCommand.class, ConfigCommand.class, DbCommand.class,
        CacheCommand.class, ExplainCommand.class, HistoryCommand.class, DiffCommand.class, RescanCommand.class,
        ConvertCommand.class})
final class StowawayCommand implements Runnable {

  final PrintStream out;
  final PrintStream err;

  @Spec
  CommandSpec spec;

  StowawayCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void run() {
    spec.commandLine().usage(out);
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"stowaway " + ScannerVersion.get()};
    }
  }
}
