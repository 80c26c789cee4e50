package dev.stowaway.cli;

import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code stowaway} command. Exit codes: 0 success, 1 a policy gate failed (later), 2 usage error or
 * unreadable input, 3 internal error.
 */
public final class Main {

  /** Exit code for success. */
  public static final int OK = 0;
  /** Exit code for a failed gate. */
  public static final int GATE_FAILED = 1;
  /** Exit code for a usage error or unreadable input. */
  public static final int USAGE_OR_INPUT = 2;
  /** Exit code for an internal error. */
  public static final int INTERNAL = 3;

  private Main() {}

  /**
   * Runs the command and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command without exiting, for tests and embedding.
   *
   * @param args the command line
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    prefetch(args);
    CommandLine cl = commandLine(args, out, err);
    // `scan` runs as the root of its own tree (see commandLine): it gets the arguments after its name
    return cl.getCommandSpec().userObject() instanceof ScanCommand
        ? cl.execute(java.util.Arrays.copyOfRange(args, 1, args.length)) : cl.execute(args);
  }

  /**
   * For {@code scan}, starts a second thread right away that sets up, while this thread parses the command
   * line, opens the database and the image: (0) the JDK's SHA-256 provider, which opening the image needs
   * first, and the analyzers' classes (loaded and initialized; the scanner's builder instantiates them);
   * (1) the SQLite driver's version and logger; (2) unless {@code --skip-db}, the JDK's calendar and
   * locale data that the database driver needs; (3) with {@code --no-cache}, the built-in secret rules and
   * their scanner (keyword automaton), the largest part of a small scan's start-up (the analyzer that needs
   * them waits for them: built once per JVM, in a class initializer). With a layer cache the rules are left
   * to the analyzer that first needs them: their cache key does not need them, and a warm scan (every result
   * cached, the config analyzers' too) never does. Rules are not built with {@code --secret-config}, whose
   * rules may not include the built-in ones, nor when {@code --scanners} leaves secrets out.
   */
  private static void prefetch(String[] args) {
    if (args.length == 0 || !args[0].equals("scan")) {
      return;
    }
    boolean database = true;
    boolean layerCache = true;
    boolean compliance = false;
    boolean secretConfig = false;
    List<String> scanners = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      database &= !a.equals("--skip-db");
      layerCache &= !a.equals("--no-cache");
      compliance |= a.startsWith("--compliance");
      secretConfig |= a.startsWith("--secret-config");
      if (a.startsWith("--scanners=")) {
        scanners.addAll(List.of(a.substring("--scanners=".length()).split(",")));
      } else if (a.equals("--scanners") && i + 1 < args.length) {
        scanners.addAll(List.of(args[i + 1].split(",")));
      }
    }
    boolean rules = !layerCache && !secretConfig && secretAnalyzersRun(scanners, compliance);
    Thread t = new Thread(new ScanPrefetch(rules, database), "stowaway-prefetch");
    t.setDaemon(true);
    t.start();
  }

  /** Whether the scan will run the secret analyzers, as {@link ScanCommand#analyzersNotRun} decides it. */
  private static boolean secretAnalyzersRun(List<String> scanners, boolean compliance) {
    try {
      return !ScanCommand.analyzersNotRun(ScanCommand.findingKinds(scanners.isEmpty() ? null : scanners),
          compliance ? "any" : null).contains("secrets");
    } catch (IllegalArgumentException e) {
      return false; // an unknown name: the command stops with a usage error
    }
  }

  /** Ignores every failure: what it prepares is built again, and reported, by its user. */
  private record ScanPrefetch(boolean secretRules, boolean database) implements Runnable {
    @Override
    public void run() {
      try {
        // the JDK's security providers, which the image's first digest check sets up otherwise (~7 ms on the
        // scan's thread, before anything else can happen there)
        java.security.MessageDigest.getInstance("SHA-256");
        // the analyzers' classes, loaded, and initialized for Stowaway's own (their static tables and
        // patterns: ~12 ms of the thread that builds the scanner, which the scan's thread waits for after
        // opening the image); the builder instantiates them later, through its own ServiceLoader. A plugin's
        // class is not initialized here: if its initializer failed, the builder would see only "Could not
        // initialize class", without the cause it reports otherwise.
        ClassLoader loader = Main.class.getClassLoader();
        for (Class<?> service : List.of(dev.stowaway.api.analysis.Analyzer.class,
            dev.stowaway.api.analysis.ConfigAnalyzer.class, dev.stowaway.api.analysis.InventoryFinisher.class)) {
          for (var provider : java.util.ServiceLoader.load(service, loader).stream().toList()) {
            String name = provider.type().getName();
            Class.forName(name, name.startsWith("dev.stowaway."), loader);
          }
        }
        // what the main thread's SqliteNativeLibrary.use asks the driver next: its version (a resource read and
        // a regex) and its logger, whose first use sets up SLF4J (a ServiceLoader scan of the class path):
        // ~15-25 ms on the main thread otherwise
        org.sqlite.SQLiteJDBCLoader.getVersion();
        if (database) {
          // the SQLite driver sets up date formats per connection; the JDK's calendar and locale data behind
          // them are about half of opening the database on the other thread
          java.util.Calendar.getInstance();
          java.text.DateFormatSymbols.getInstance();
        }
        if (secretRules) {
          // without a layer cache every layer is analyzed: the analyzers need the scanner (keyword automaton)
          // soon; with one, they may need nothing (a warm scan), and find out later
          dev.stowaway.analyzers.secrets.SecretRules.builtIn().scanner();
        }
      } catch (java.security.NoSuchAlgorithmException | ClassNotFoundException | RuntimeException | Error e) {
        // a broken rule set: the analyzer then gets NoClassDefFoundError for SecretRules$BuiltIn and the scan
        // reports it as an internal error; the built-in rules are checked by analyzers-secrets' tests
      }
    }
  }

  /** The command tree for {@code args}: the top command with the invoked subcommand, or with all of them. */
  static CommandLine commandLine(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl;
    if (args.length > 0 && args[0].equals("scan")) {
      // The most run command, and the one whose start-up is measured: it is the root of its own tree, named
      // "stowaway scan" (its usage and messages read the same), so picocli builds one model instead of two
      // (the top command's, with its help options and converters, cost ~30 ms of a scan's start).
      // Its model is built without annotations (ScanCommand.spec): reading them was ~45 ms of a scan's start.
      ScanCommand scan = new ScanCommand();
      scan.parent = new StowawayCommand(out, err);
      cl = new CommandLine(scan.spec());
      cl.setCommandName("stowaway scan");
      configure(cl, out, err);
      return cl;
    }
    StowawayCommand top = new StowawayCommand(out, err);
    cl = new CommandLine(top);
    // Only the invoked subcommand is built (its model, its options); --help, --version, no argument and an
    // unknown name get the whole tree, for the command list and picocli's "did you mean" suggestions.
    if (args.length > 0 && StowawayCommand.SUBCOMMANDS.contains(args[0])) {
      cl.addSubcommand(StowawayCommand.model(args[0], top));
    } else {
      for (String name : StowawayCommand.SUBCOMMANDS) {
        cl.addSubcommand(StowawayCommand.model(name, top));
      }
    }
    // The settings below reach the subcommands added so far, so they come after them.
    configure(cl, out, err);
    return cl;
  }

  private static void configure(CommandLine cl, PrintStream out, PrintStream err) {
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    cl.setExitCodeExceptionMapper(t -> INTERNAL);
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("stowaway: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      return USAGE_OR_INPUT;
    });
    cl.setExecutionStrategy(new CachedSqliteLibrary());
  }

  /**
   * Before the invoked command runs, points the SQLite driver at its native library in the command's cache
   * folder ({@link SqliteNativeLibrary}). Only for commands with a {@code --cache-dir} (those that open a
   * database, and scan, whose rpm analyzer reads rpm's SQLite database), and only when that folder exists:
   * a command never creates a cache folder it would not have created anyway.
   */
  private static final class CachedSqliteLibrary implements CommandLine.IExecutionStrategy {
    @Override
    public int execute(CommandLine.ParseResult parseResult) {
      CommandLine.ParseResult invoked = parseResult;
      while (invoked.hasSubcommand()) {
        invoked = invoked.subcommand();
      }
      if (invoked.commandSpec().findOption("--cache-dir") != null) {
        java.nio.file.Path dir = DbCommand.cacheDir(invoked.matchedOptionValue("--cache-dir", null));
        if (java.nio.file.Files.isDirectory(dir)) {
          SqliteNativeLibrary.use(dir);
        }
      }
      return new CommandLine.RunLast().execute(parseResult);
    }
  }
}
