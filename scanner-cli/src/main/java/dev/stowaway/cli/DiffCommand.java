package dev.stowaway.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.diff.ScanDiff;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.report.JsonReportReader;
import dev.stowaway.core.report.ReportPrettyPrinter;
import dev.stowaway.store.SqliteAdvisoryStore;
import dev.stowaway.store.snapshot.SnapshotStore;
import dev.stowaway.store.snapshot.SnapshotStoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowaway diff A B}: what changed between two snapshots, images or saved JSON reports. */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Compares two scans: new, fixed and unchanged findings, packages added, removed and changed, and "
        + "for each new finding the layer (and its created_by) that introduced it and when it was first seen for "
        + "the repository.",
        "A and B are each a snapshot id (see 'stowaway history'), a saved JSON report (scan -f json), an image "
        + "with recorded snapshots (its latest one), or else an image to scan now (not recorded)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:compared (and no new finding reached --fail-on)", "1:a new finding reached --fail-on",
        "2:usage error or unreadable input", "3:internal error"})
final class DiffCommand implements Callable<Integer> {

  @ParentCommand
  StowawayCommand parent;

  @Parameters(index = "0", paramLabel = "A", description = "The older side.")
  String before;

  @Parameters(index = "1", paramLabel = "B", description = "The newer side.")
  String after;

  @Mixin
  SnapshotOptions options = new SnapshotOptions();

  @Option(names = "--fail-on", paramLabel = "SEVERITY",
      description = "Exit 1 when a new finding (not suppressed) is at least this severe.")
  String failOn;

  @Override
  public Integer call() {
    PrintStream err = parent.err;
    Severity threshold;
    try {
      threshold = ReportOptions.threshold(failOn);
      options.validate();
    } catch (IllegalArgumentException e) {
      err.println("stowaway: " + e.getMessage());
      return Main.USAGE_OR_INPUT;
    }
    Path dir = options.dir();
    try (SnapshotStore store = SnapshotStore.exists(dir) ? SnapshotStore.open(dir) : null) {
      ScanResult a = resolve(before, store, dir);
      ScanResult b = resolve(after, store, dir);
      String repository = SnapshotStore.repositoryOf(b.artifact().name());
      ScanDiff diff = ScanDiff.compare(a, b, store == null ? ScanDiff.FirstSeen.none()
          : key -> store.firstSeen(repository, key));
      if (options.json()) {
        json(diff, parent.out);
      } else {
        table(diff, parent.out);
      }
      boolean failed = threshold != null && diff.newFindings().stream()
          .anyMatch(n -> !n.finding().removed() && !b.isSuppressed(n.finding()) && n.finding().severity().atLeast(threshold));
      return failed ? Main.GATE_FAILED : Main.OK;
    } catch (NoSuchFileException e) {
      err.println("stowaway: " + e.getFile() + ": no such file or directory");
      return Main.USAGE_OR_INPUT;
    } catch (IOException | IllegalArgumentException | IllegalStateException | SnapshotStoreException e) {
      err.println("stowaway: " + String.valueOf(e.getMessage()).replace('\n', ' '));
      return Main.USAGE_OR_INPUT;
    }
  }

  /** A snapshot id, a saved report, an image's latest snapshot, or a fresh scan of the image. */
  private ScanResult resolve(String arg, SnapshotStore store, Path dir) throws IOException {
    if (arg.matches("\\d{1,18}")) {
      if (store == null) {
        throw new IllegalArgumentException(arg + ": a snapshot id, but there is no snapshot store in " + dir);
      }
      long id = Long.parseLong(arg);
      if (store.snapshot(id).isEmpty()) {
        throw new IllegalArgumentException("no snapshot " + id + " in " + store.file());
      }
      return store.load(id);
    }
    Path file = Path.of(arg);
    if (Files.isRegularFile(file) && Files.size(file) <= JsonReportReader.MAX_BYTES) {
      byte[] head = new byte[1];
      try (var in = Files.newInputStream(file)) {
        int n = in.read(head);
        if (n == 1 && (head[0] == '{' || Character.isWhitespace(head[0]))) {
          byte[] bytes = Files.readAllBytes(file);
          if (JsonReportReader.isReport(bytes)) {
            return JsonReportReader.read(bytes, arg);
          }
        }
      }
    }
    if (store != null) {
      var latest = store.latest(arg);
      if (latest.isPresent()) {
        return store.load(latest.get().id());
      }
    }
    return scan(arg, dir);
  }

  private ScanResult scan(String arg, Path dir) throws IOException {
    SqliteAdvisoryStore advisories = Files.exists(dir.resolve(SqliteAdvisoryStore.FILE_NAME))
        ? SqliteAdvisoryStore.open(dir) : null;
    try {
      if (arg.startsWith("sbom:")) {
        return SbomScan.scan(Path.of(arg.substring("sbom:".length())), advisories, false);
      }
      try (Image img = ImageSources.open(arg, SourceOptions.defaults(), DiffCommand.class.getClassLoader())) {
        return Scanner.builder().classLoader(DiffCommand.class.getClassLoader()).advisories(advisories).build().scan(img);
      }
    } catch (ImageFormatException e) {
      throw new ImageFormatException(arg + " is not a snapshot id, saved JSON report or recorded image, and "
          + "cannot be scanned: " + e.getMessage(), e);
    } finally {
      if (advisories != null) {
        advisories.close();
      }
    }
  }

  private static void table(ScanDiff d, PrintStream out) {
    out.println("Comparing " + d.before().artifact().name() + " (" + d.before().scannedAt() + ")");
    out.println("     with " + d.after().artifact().name() + " (" + d.after().scannedAt() + ")");
    out.println();
    out.println("New findings: " + d.newFindings().size());
    for (ScanDiff.NewFinding n : d.newFindings()) {
      Finding f = n.finding();
      out.println(FindingLines.line(f) + (d.after().isSuppressed(f) ? "  (suppressed)" : ""));
      LayerInfo l = n.layer();
      out.println("      introduced by " + (l == null ? "the image configuration"
          : "layer " + l.index() + " " + l.diffId().shortHex() + (l.createdBy() == null ? "" : ": " + oneLine(l.createdBy())))
          + "; first seen " + n.firstSeen());
    }
    out.println("Fixed findings: " + d.fixedFindings().size());
    for (Finding f : d.fixedFindings()) {
      out.println(FindingLines.line(f));
    }
    out.println("Unchanged findings: " + d.unchangedFindings().size());
    out.println("Packages added: " + d.addedPackages().size());
    for (Package p : d.addedPackages()) {
      out.println("  + " + p.ecosystem() + " " + p.name() + " " + (p.version() == null ? "?" : p.version()));
    }
    out.println("Packages removed: " + d.removedPackages().size());
    for (Package p : d.removedPackages()) {
      out.println("  - " + p.ecosystem() + " " + p.name() + " " + (p.version() == null ? "?" : p.version()));
    }
    out.println("Packages changed: " + d.changedPackages().size());
    for (ScanDiff.PackageChange c : d.changedPackages()) {
      out.println("  ~ " + c.ecosystem() + " " + c.name() + " " + String.join(", ", c.beforeVersions()) + " -> "
          + String.join(", ", c.afterVersions()));
    }
  }

  private static void json(ScanDiff d, PrintStream out) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      ReportPrettyPrinter.use(g);
      g.writeStartObject();
      side(g, "before", d.before());
      side(g, "after", d.after());
      g.writeArrayFieldStart("newFindings");
      for (ScanDiff.NewFinding n : d.newFindings()) {
        g.writeStartObject();
        FindingLines.fields(g, n.finding(), d.after());
        if (n.layer() != null) {
          g.writeObjectFieldStart("introducedBy");
          g.writeNumberField("index", n.layer().index());
          g.writeStringField("diffId", n.layer().diffId().toString());
          if (n.layer().createdBy() != null) {
            g.writeStringField("createdBy", n.layer().createdBy());
          }
          g.writeEndObject();
        }
        g.writeStringField("firstSeen", n.firstSeen().toString());
        g.writeEndObject();
      }
      g.writeEndArray();
      findings(g, "fixedFindings", d.fixedFindings(), d.before());
      findings(g, "unchangedFindings", d.unchangedFindings(), d.after());
      g.writeObjectFieldStart("packages");
      packages(g, "added", d.addedPackages());
      packages(g, "removed", d.removedPackages());
      g.writeArrayFieldStart("changed");
      for (ScanDiff.PackageChange c : d.changedPackages()) {
        g.writeStartObject();
        g.writeStringField("ecosystem", c.ecosystem());
        g.writeStringField("name", c.name());
        strings(g, "before", c.beforeVersions());
        strings(g, "after", c.afterVersions());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    out.println();
  }

  private static void side(JsonGenerator g, String name, ScanResult r) throws IOException {
    g.writeObjectFieldStart(name);
    g.writeStringField("name", r.artifact().name());
    if (r.artifact().manifestDigest() != null) {
      g.writeStringField("manifestDigest", r.artifact().manifestDigest().toString());
    }
    g.writeStringField("scannedAt", r.scannedAt().toString());
    g.writeEndObject();
  }

  private static void findings(JsonGenerator g, String name, List<Finding> findings, ScanResult in) throws IOException {
    g.writeArrayFieldStart(name);
    for (Finding f : findings) {
      g.writeStartObject();
      FindingLines.fields(g, f, in);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void packages(JsonGenerator g, String name, List<Package> packages) throws IOException {
    g.writeArrayFieldStart(name);
    for (Package p : packages) {
      g.writeStartObject();
      g.writeStringField("ecosystem", p.ecosystem());
      g.writeStringField("name", p.name());
      if (p.version() != null) {
        g.writeStringField("version", p.version());
      }
      if (p.purl() != null) {
        g.writeStringField("purl", p.purl());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static String oneLine(String s) {
    String t = s.replace('\n', ' ').replace('\r', ' ');
    return t.length() > 100 ? t.substring(0, 100) + "..." : t;
  }
}
