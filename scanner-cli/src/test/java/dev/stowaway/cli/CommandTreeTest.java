package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Main} builds only the subcommand a run invokes (start-up time); the command tree must look the same
 * to a user: {@code --help} lists every subcommand, and each one is reachable with its own help and options.
 */
class CommandTreeTest {

  @Test
  void topLevelHelpListsEverySubcommandInOrder() {
    CliRunner r = CliRunner.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: stowaway [-hV] [COMMAND]");
    int at = r.out().indexOf("Commands:");
    assertThat(at).isPositive();
    for (String name : StowawayCommand.SUBCOMMANDS) {
      int next = r.out().indexOf("\n  " + name + " ", at);
      assertThat(next).as(name).isGreaterThan(at);
      at = next;
    }
  }

  @Test
  void noArgumentPrintsTheFullUsage() {
    CliRunner r = CliRunner.run();
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Commands:").contains("\n  convert ");
  }

  static java.util.List<String> subcommands() {
    return StowawayCommand.SUBCOMMANDS;
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void everySubcommandHasItsHelp(String name) {
    CliRunner r = CliRunner.run(name, "--help");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Usage: stowaway " + name + " ");
    assertThat(r.err()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void invokingASubcommandBuildsOnlyThatOne(String name) {
    PrintStream devNull = new PrintStream(new ByteArrayOutputStream());
    picocli.CommandLine cl = Main.commandLine(new String[] {name, "--help"}, devNull, devNull);
    if (name.equals("scan")) {
      // scan is the root of its own tree, under the name a user types
      assertThat(cl.getSubcommands()).isEmpty();
      assertThat(cl.getCommandSpec().qualifiedName()).isEqualTo("stowaway scan");
      assertThat(cl.getCommandSpec().userObject()).isInstanceOf(ScanCommand.class);
    } else {
      assertThat(cl.getSubcommands().keySet()).containsExactly(name);
    }
  }

  @Test
  void helpAndUnknownNamesGetTheWholeTree() {
    PrintStream devNull = new PrintStream(new ByteArrayOutputStream());
    for (String[] args : new String[][] {{}, {"--help"}, {"-V"}, {"scna"}}) {
      assertThat(Main.commandLine(args, devNull, devNull).getSubcommands().keySet())
          .containsExactlyElementsOf(StowawayCommand.SUBCOMMANDS);
    }
  }

  @Test
  void nestedCommandsStillWork() {
    CliRunner db = CliRunner.run("db");
    assertThat(db.exitCode()).isZero();
    assertThat(db.out()).startsWith("Usage: stowaway db ").contains("\n  import ").contains("\n  status ");
    CliRunner cache = CliRunner.run("cache");
    assertThat(cache.exitCode()).isZero();
    assertThat(cache.out()).startsWith("Usage: stowaway cache ");
    CliRunner status = CliRunner.run("db", "status", "--help");
    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).startsWith("Usage: stowaway db status ");
  }

  @Test
  void versionAndUsageErrors() {
    CliRunner v = CliRunner.run("--version");
    assertThat(v.exitCode()).isZero();
    assertThat(v.out()).startsWith("stowaway ");
    CliRunner unknown = CliRunner.run("scna");
    assertThat(unknown.exitCode()).isEqualTo(Main.USAGE_OR_INPUT);
    assertThat(unknown.err()).contains("scna").contains("Try 'stowaway --help' for usage.");
    CliRunner badOption = CliRunner.run("scan", "--no-such-option", "x");
    assertThat(badOption.exitCode()).isEqualTo(Main.USAGE_OR_INPUT);
    assertThat(badOption.err()).contains("--no-such-option").contains("Try 'stowaway scan --help' for usage.");
    CliRunner nested = CliRunner.run("db", "status", "--no-such-option");
    assertThat(nested.exitCode()).isEqualTo(Main.USAGE_OR_INPUT);
    assertThat(nested.err()).contains("Try 'stowaway db status --help' for usage.");
  }

  @Test
  void scanReadsTheSameAsASubcommand() {
    // its own tree's root, yet its help, its version option and its errors name it as before
    CliRunner help = CliRunner.run("scan", "--help");
    assertThat(help.out()).startsWith("Usage: stowaway scan [-hV]").contains("IMAGE");
    CliRunner none = CliRunner.run("scan");
    assertThat(none.exitCode()).isEqualTo(Main.USAGE_OR_INPUT);
    assertThat(none.err()).contains("Missing required parameter: 'IMAGE'")
        .contains("Try 'stowaway scan --help' for usage.");
  }

  /**
   * The help texts of the commands whose options are now declared without annotations (scan, and the groups
   * it shares), byte for byte as picocli printed them when they were annotated (the golden files were
   * written by that version).
   */
  @ParameterizedTest
  @ValueSource(strings = {"scan", "sbom", "config", "convert", "drift"})
  void helpIsAsWithAnnotations(String name) throws IOException {
    CliRunner r = CliRunner.run(name, "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(Files.readString(Path.of("src/test/resources/help/" + name + ".txt")));
  }

  @Test
  void scanOptionsLandInTheirFields() {
    PrintStream devNull = new PrintStream(new ByteArrayOutputStream());
    String[] args = {"scan", "--vex", "a.json", "--vex=b.json", "--scanners", "vuln,secret", "--scanners=misconfig",
        "-fjson", "--skip-db", "--cache-max-size", "1g", "--insecure", "--max-db-age", "7", "--parallelism", "3",
        "img"};
    picocli.CommandLine cl = Main.commandLine(args, devNull, devNull);
    cl.parseArgs(Arrays.copyOfRange(args, 1, args.length));
    ScanCommand scan = (ScanCommand) cl.getCommandSpec().userObject();
    assertThat(scan.image).isEqualTo("img");
    assertThat(scan.vexFiles).containsExactly(Path.of("a.json"), Path.of("b.json"));
    assertThat(scan.scanners).containsExactly("vuln", "secret", "misconfig");
    assertThat(scan.report.format).isEqualTo("json");
    assertThat(scan.skipDb).isTrue();
    assertThat(scan.ignoreUnfixed).isFalse();
    assertThat(scan.layerCache.maxSize).isEqualTo("1g");
    assertThat(scan.registry.insecure).isTrue();
    assertThat(scan.maxDbAgeHours).isEqualTo(7);
    assertThat(scan.parallelism).isEqualTo(3);
    // defaults, and a second parse starts again from them
    cl.parseArgs("other");
    assertThat(scan.image).isEqualTo("other");
    assertThat(scan.report.format).isEqualTo("table");
    assertThat(scan.maxDbAgeHours).isEqualTo(24);
    assertThat(scan.skipDb).isFalse();
    assertThat(scan.vexFiles).isNull();
    assertThat(scan.parallelism).isNull();
  }

  @Test
  void scanVersionPrintsTheVersion() {
    CliRunner v = CliRunner.run("scan", "-V");
    assertThat(v.exitCode()).isZero();
    assertThat(v.out()).startsWith("stowaway ").isEqualTo(CliRunner.run("--version").out());
  }

  /** What keeps scan's start-up free of annotation reflection: none of its classes declares a picocli one. */
  @Test
  void scanDeclaresNoPicocliAnnotation() {
    for (Class<?> c : List.of(ScanCommand.class, ReportOptions.class, LayerCacheOptions.class, RegistryFlags.class)) {
      assertThat(c.getAnnotations()).as(c.getSimpleName()).isEmpty();
      for (Field f : c.getDeclaredFields()) {
        assertThat(f.getAnnotations()).as(c.getSimpleName() + "." + f.getName()).isEmpty();
      }
    }
  }
}
