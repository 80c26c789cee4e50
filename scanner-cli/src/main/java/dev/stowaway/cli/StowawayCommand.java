package dev.stowaway.cli;

import dev.stowaway.core.ScannerVersion;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The top-level command; the work is in its subcommands. */
@Command(name = "stowaway", mixinStandardHelpOptions = true, versionProvider = StowawayCommand.Version.class,
    description = "Scans container images for vulnerable packages, secrets and misconfigurations.")
final class StowawayCommand implements Runnable {

  /**
   * The subcommands, in the order {@code --help} lists them. They are added by {@link Main}, not named in
   * the annotation: picocli builds the model (reflection over every option) of each command it is given, and
   * a run needs only the one it invokes.
   */
  static final List<String> SUBCOMMANDS = List.of("scan", "drift", "sbom", "config", "db", "cache", "explain",
      "history", "diff", "rescan", "convert");

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

  /**
   * Returns a new instance of a subcommand; a switch rather than a table of constructor references, whose
   * lambdas would each be linked (a generated class) on every start.
   *
   * @param name one of {@link #SUBCOMMANDS}
   * @return the command object
   */
  static Object newSubcommand(String name) {
    return switch (name) {
      case "scan" -> new ScanCommand();
      case "drift" -> new DriftCommand();
      case "sbom" -> new SbomCommand();
      case "config" -> new ConfigCommand();
      case "db" -> new DbCommand();
      case "cache" -> new CacheCommand();
      case "explain" -> new ExplainCommand();
      case "history" -> new HistoryCommand();
      case "diff" -> new DiffCommand();
      case "rescan" -> new RescanCommand();
      case "convert" -> new ConvertCommand();
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
  }

  /**
   * The model of a subcommand as {@link Main} adds it: {@code scan} built without annotations, the commands
   * with {@link OptionGroups} from their annotations plus those groups, the others as they are (picocli reads
   * their annotations).
   *
   * @param name one of {@link #SUBCOMMANDS}
   * @param top the top command, the subcommand's parent
   * @return what picocli's {@code addSubcommand} takes: a model or an annotated command object
   */
  static Object model(String name, StowawayCommand top) {
    Object command = newSubcommand(name);
    if (command instanceof ScanCommand scan) {
      scan.parent = top;
      return scan.spec();
    }
    if (command instanceof OptionGroups groups) {
      CommandSpec spec = CommandSpec.forAnnotatedObject(command);
      groups.addOptionGroups(spec);
      return spec;
    }
    return command;
  }

  /**
   * Adds {@code -h, --help} and {@code -V, --version} to a model built without annotations, as picocli's
   * {@code mixinStandardHelpOptions} adds them to an annotated command (whose mixin is itself annotated).
   *
   * @param spec the command's model
   */
  static void addStandardHelpOptions(CommandSpec spec) {
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("Show this help message and exit.").build());
    spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
        .description("Print version information and exit.").build());
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"stowaway " + ScannerVersion.get()};
    }
  }
}
