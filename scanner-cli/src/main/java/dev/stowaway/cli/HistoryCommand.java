package dev.stowaway.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.stowaway.api.model.Severity;
import dev.stowaway.core.report.ReportPrettyPrinter;
import dev.stowaway.store.snapshot.Snapshot;
import dev.stowaway.store.snapshot.SnapshotStore;
import dev.stowaway.store.snapshot.SnapshotStoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowaway history IMAGE}: the recorded snapshots of an image's repository, oldest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = {"Lists the recorded scans of an image's repository: tags and digests over time, and counts per "
        + "severity of the findings still in the image and not suppressed.",
        "IMAGE is a name as scanned (app:1.2) or a repository (app)."})
final class HistoryCommand implements Callable<Integer> {

  @ParentCommand
  StowawayCommand parent;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The image or repository.")
  String image;

  @Mixin
  SnapshotOptions options = new SnapshotOptions();

  @Override
  public Integer call() {
    try {
      options.validate();
    } catch (IllegalArgumentException e) {
      parent.err.println("stowaway: " + e.getMessage());
      return Main.USAGE_OR_INPUT;
    }
    Path dir = options.dir();
    if (!SnapshotStore.exists(dir)) {
      parent.err.println("stowaway: no snapshot store in " + dir + " (record scans with 'stowaway scan --save')");
      return Main.USAGE_OR_INPUT;
    }
    try (SnapshotStore store = SnapshotStore.open(dir)) {
      List<Snapshot> snapshots = store.history(image);
      if (snapshots.isEmpty()) {
        parent.err.println("stowaway: no snapshots of " + image + " in " + store.file());
      }
      if (options.json()) {
        json(snapshots, parent.out);
      } else {
        table(snapshots, parent.out);
      }
      return Main.OK;
    } catch (SnapshotStoreException e) {
      parent.err.println("stowaway: " + e.getMessage());
      return Main.USAGE_OR_INPUT;
    } catch (IOException e) {
      parent.err.println("stowaway: " + e.getMessage());
      return Main.INTERNAL;
    }
  }

  private static void table(List<Snapshot> snapshots, PrintStream out) {
    out.printf("%-5s %-20s %-8s %-40s %-12s %-12s %4s %4s %4s %4s %4s %5s%n", "ID", "SCANNED", "ORIGIN", "IMAGE",
        "MANIFEST", "CONFIG", "CRIT", "HIGH", "MED", "LOW", "UNK", "SUPPR");
    for (Snapshot s : snapshots) {
      out.printf("%-5d %-20s %-8s %-40s %-12s %-12s %4d %4d %4d %4d %4d %5d%n", s.id(),
          s.scannedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), s.origin().name().toLowerCase(Locale.ROOT),
          s.name(), s.manifestDigest() == null ? "-" : s.manifestDigest().shortHex(),
          s.configDigest() == null ? "-" : s.configDigest().shortHex(),
          s.count(Severity.CRITICAL), s.count(Severity.HIGH), s.count(Severity.MEDIUM), s.count(Severity.LOW),
          s.count(Severity.UNKNOWN), s.suppressed());
    }
  }

  private static void json(List<Snapshot> snapshots, PrintStream out) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      ReportPrettyPrinter.use(g);
      g.writeStartObject();
      g.writeArrayFieldStart("snapshots");
      for (Snapshot s : snapshots) {
        snapshot(g, s);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.println();
  }

  /** One snapshot summary as a JSON object; also used by rescan and diff. */
  static void snapshot(JsonGenerator g, Snapshot s) throws IOException {
    g.writeStartObject();
    g.writeNumberField("id", s.id());
    g.writeStringField("name", s.name());
    g.writeStringField("repository", s.repository());
    if (s.tag() != null) {
      g.writeStringField("tag", s.tag());
    }
    if (s.manifestDigest() != null) {
      g.writeStringField("manifestDigest", s.manifestDigest().toString());
    }
    if (s.configDigest() != null) {
      g.writeStringField("configDigest", s.configDigest().toString());
    }
    g.writeStringField("scannedAt", s.scannedAt().toString());
    g.writeStringField("scannerVersion", s.scannerVersion());
    if (s.advisoryDataAt() != null) {
      g.writeStringField("advisoryDataAt", s.advisoryDataAt().toString());
    }
    g.writeStringField("origin", s.origin().name().toLowerCase(Locale.ROOT));
    if (s.basedOn() != null) {
      g.writeNumberField("basedOn", s.basedOn());
    }
    g.writeObjectFieldStart("counts");
    for (Severity sev : Severity.values()) {
      g.writeNumberField(sev.name(), s.count(sev));
    }
    g.writeEndObject();
    g.writeNumberField("suppressed", s.suppressed());
    g.writeEndObject();
  }
}
