package dev.stowaway.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.diff.ScanDiff;
import dev.stowaway.core.match.ResultRematcher;
import dev.stowaway.core.policy.Policy;
import dev.stowaway.core.policy.PolicyGate;
import dev.stowaway.core.report.ReportPrettyPrinter;
import dev.stowaway.store.SqliteAdvisoryStore;
import dev.stowaway.store.snapshot.Snapshot;
import dev.stowaway.store.snapshot.SnapshotStore;
import dev.stowaway.store.snapshot.SnapshotStoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stowaway rescan [IMAGE|--all]}: re-matches recorded package inventories against the current
 * advisory data, without the images, and says which images are newly affected by which advisories.
 */
@Command(name = "rescan", mixinStandardHelpOptions = true,
    description = {"Re-matches the latest recorded inventory of an image (or of every recorded image with --all) "
        + "against the current vulnerability database, without reading the image, records the result as a new "
        + "snapshot, and lists the advisories that newly affect each image.",
        "The policy (--policy, else ./stowaway.toml) is applied as scan applies it."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done, every policy gate passed and no new advisory reached --fail-on",
        "1:a policy gate failed, or a newly affecting advisory reached --fail-on",
        "2:usage error, no snapshot store or no vulnerability database", "3:internal error"})
final class RescanCommand implements Callable<Integer> {

  @ParentCommand
  StowawayCommand parent;

  @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "The image or repository.")
  String image;

  @Option(names = "--all", description = "Re-match the latest snapshot of every recorded image.")
  boolean all;

  @Mixin
  SnapshotOptions options = new SnapshotOptions();

  @Option(names = "--ignore-unfixed", description = "Leave out vulnerabilities that have no fixed version yet.")
  boolean ignoreUnfixed;

  @Option(names = "--fail-on", paramLabel = "SEVERITY",
      description = "Exit 1 when a newly affecting advisory (not suppressed) is at least this severe.")
  String failOn;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (default: ./stowaway.toml when it exists).")
  Path policyFile;

  @Option(names = "--exit-code", paramLabel = "N", description = "Exit code to use instead of 1 when a gate fails.")
  Integer exitCode;

  @Option(names = "--no-save", description = "Do not record the re-matched results as new snapshots.")
  boolean noSave;

  /** What one image's re-match found. */
  record Outcome(Snapshot previous, Snapshot recorded, ScanResult result, List<VulnerabilityFinding> newlyAffected,
      boolean gatePassed) {}

  @Override
  public Integer call() {
    PrintStream err = parent.err;
    Severity threshold;
    Policy policy;
    try {
      if ((image == null) == !all) {
        throw new IllegalArgumentException("give an IMAGE or --all (not both)");
      }
      options.validate();
      threshold = ReportOptions.threshold(failOn);
      policy = ScanCommand.loadPolicy(policyFile);
    } catch (NoSuchFileException e) {
      err.println("stowaway: " + e.getFile() + ": no such file or directory");
      return Main.USAGE_OR_INPUT;
    } catch (IllegalArgumentException | IOException e) {
      err.println("stowaway: " + e.getMessage());
      return Main.USAGE_OR_INPUT;
    }
    Path dir = options.dir();
    if (!SnapshotStore.exists(dir)) {
      err.println("stowaway: no snapshot store in " + dir + " (record scans with 'stowaway scan --save')");
      return Main.USAGE_OR_INPUT;
    }
    if (!Files.exists(dir.resolve(SqliteAdvisoryStore.FILE_NAME))) {
      err.println("stowaway: no vulnerability database in " + dir
          + " (run 'stowaway db update' or 'stowaway db import PATH')");
      return Main.USAGE_OR_INPUT;
    }
    try (SnapshotStore store = SnapshotStore.open(dir); SqliteAdvisoryStore advisories = SqliteAdvisoryStore.open(dir)) {
      List<Snapshot> targets;
      if (all) {
        targets = store.latestPerImage();
      } else {
        targets = store.latest(image).map(List::of).orElse(List.of());
        if (targets.isEmpty()) {
          err.println("stowaway: no snapshots of " + image + " in " + store.file());
          return Main.USAGE_OR_INPUT;
        }
      }
      ResultRematcher rematcher = new ResultRematcher(advisories, ignoreUnfixed);
      List<Outcome> outcomes = new ArrayList<>();
      for (Snapshot previous : targets) {
        ScanResult old = store.load(previous.id());
        PolicyGate.GateResult gate = PolicyGate.check(policy, rematcher.rematch(old, Instant.now()), Clock.systemUTC());
        ScanResult now = gate.result();
        Set<String> known = old.findings().stream().map(ScanDiff::findingKey).collect(Collectors.toSet());
        List<VulnerabilityFinding> fresh = new ArrayList<>();
        for (Finding f : now.findings()) {
          if (f instanceof VulnerabilityFinding v && !known.contains(ScanDiff.findingKey(v)) && !now.isSuppressed(v)) {
            fresh.add(v);
          }
        }
        Snapshot recorded = noSave ? null : store.save(now, Snapshot.Origin.RESCAN, previous.id(),
            SnapshotStore.advisoryDataTime(advisories, now));
        outcomes.add(new Outcome(previous, recorded, now, fresh, gate.decision().passed()));
      }
      if (options.json()) {
        json(outcomes, parent.out);
      } else {
        table(outcomes, parent.out);
      }
      boolean failed = outcomes.stream().anyMatch(o -> !o.gatePassed()
          || (threshold != null && o.newlyAffected().stream().anyMatch(v -> v.severity().atLeast(threshold))));
      if (failed) {
        return exitCode != null ? exitCode : Main.GATE_FAILED;
      }
      return Main.OK;
    } catch (SnapshotStoreException e) {
      err.println("stowaway: " + e.getMessage());
      return Main.USAGE_OR_INPUT;
    } catch (RuntimeException | IOException e) {
      err.println("stowaway: internal error: " + e);
      return Main.INTERNAL;
    }
  }

  private static void table(List<Outcome> outcomes, PrintStream out) {
    int affected = 0;
    for (Outcome o : outcomes) {
      if (o.newlyAffected().isEmpty()) {
        continue;
      }
      affected++;
      out.println(o.previous().name() + " (snapshot " + o.previous().id()
          + (o.recorded() == null ? "" : " -> " + o.recorded().id()) + "): newly affected by "
          + o.newlyAffected().size() + " advisor" + (o.newlyAffected().size() == 1 ? "y" : "ies"));
      for (VulnerabilityFinding v : o.newlyAffected()) {
        out.println(FindingLines.line(v));
      }
    }
    out.println("Re-matched " + outcomes.size() + " image" + (outcomes.size() == 1 ? "" : "s") + "; " + affected
        + " newly affected.");
  }

  private static void json(List<Outcome> outcomes, PrintStream out) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      ReportPrettyPrinter.use(g);
      g.writeStartObject();
      g.writeArrayFieldStart("images");
      for (Outcome o : outcomes) {
        g.writeStartObject();
        g.writeStringField("name", o.previous().name());
        g.writeNumberField("previousSnapshot", o.previous().id());
        if (o.recorded() != null) {
          g.writeNumberField("snapshot", o.recorded().id());
        }
        g.writeBooleanField("policyPassed", o.gatePassed());
        g.writeArrayFieldStart("newlyAffectedBy");
        for (VulnerabilityFinding v : o.newlyAffected()) {
          g.writeStartObject();
          FindingLines.fields(g, v, o.result());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.println();
  }
}
