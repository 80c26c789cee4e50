package dev.stowaway.cli;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.match.MatchExplanation;
import dev.stowaway.core.match.VulnerabilityMatcher;
import dev.stowaway.store.SqliteAdvisoryStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowaway explain IMAGE PACKAGE}: why a package is (not) reported as vulnerable. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Explains why a package of an image is or is not reported as vulnerable.",
        "Lists every advisory considered, the ecosystem and version order used, and the range that matched or not."})
final class ExplainCommand implements Callable<Integer> {

  @ParentCommand
  StowawayCommand parent;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The image, as for scan.")
  String image;

  @Parameters(index = "1", paramLabel = "PACKAGE", description = "Package name (binary or source name).")
  String name;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Vulnerability database folder.")
  Path cacheDir;

  @Override
  public Integer call() {
    PrintStream out = parent.out;
    Path dir = DbCommand.cacheDir(cacheDir);
    if (!Files.exists(dir.resolve(SqliteAdvisoryStore.FILE_NAME))) {
      parent.err.println("stowaway: no vulnerability database in " + dir
          + " (run 'stowaway db update' or 'stowaway db import PATH')");
      return Main.USAGE_OR_INPUT;
    }
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(dir);
        Image img = ImageSources.open(image, SourceOptions.defaults(), ExplainCommand.class.getClassLoader())) {
      ScanResult result = Scanner.builder().classLoader(ExplainCommand.class.getClassLoader()).build().scan(img);
      List<Package> packages = result.packages().stream()
          .filter(p -> p.name().equals(name) || name.equals(p.sourceName())).toList();
      if (packages.isEmpty()) {
        parent.err.println("stowaway: no package named '" + name + "' in " + img.name());
        return Main.USAGE_OR_INPUT;
      }
      VulnerabilityMatcher matcher = new VulnerabilityMatcher(store);
      for (Package p : packages) {
        out.println(p.ecosystem() + " " + p.name() + " " + p.version()
            + (p.sourceName() == null ? "" : " (source " + p.sourceName() + " " + p.sourceVersion() + ")")
            + " at " + p.location().path() + (p.location().nestedPath() == null ? "" : "!" + p.location().nestedPath()));
        List<MatchExplanation> why = matcher.explain(p);
        if (why.isEmpty()) {
          out.println("  no advisory in the database names this package");
        }
        for (MatchExplanation e : why) {
          out.println("  " + e.advisoryId() + "  " + e.verdict() + "  [" + e.ecosystem() + ", " + e.scheme() + "]  "
              + e.reason());
        }
      }
      return Main.OK;
    } catch (IOException | IllegalArgumentException e) {
      parent.err.println("stowaway: " + String.valueOf(e.getMessage()).replace('\n', ' '));
      return Main.USAGE_OR_INPUT;
    }
  }
}
