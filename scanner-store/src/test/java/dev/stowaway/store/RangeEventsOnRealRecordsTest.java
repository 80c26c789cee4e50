package dev.stowaway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.api.vuln.Advisory.Affected;
import dev.stowaway.api.vuln.Advisory.Event;
import dev.stowaway.api.vuln.Advisory.EventKind;
import dev.stowaway.api.vuln.Advisory.Range;
import dev.stowaway.api.vuln.Advisory.RangeType;
import dev.stowaway.api.vuln.VersionComparator;
import dev.stowaway.core.match.OsvRangeEvaluator;
import dev.stowaway.core.testing.SharedTestData;
import dev.stowaway.core.version.OsvEcosystems;
import dev.stowaway.core.version.VersionComparators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every real OSV record in ../shared/testdata/osv, every evaluable range: the versions just below, at and
 * just above each event (neighbours among the range's event versions and the record's listed versions,
 * in the ecosystem's own order) get the verdict the OSV schema's evaluation algorithm gives, computed
 * here independently from the sorted events.
 *
 * @see <a href="https://ossf.github.io/osv-schema/#evaluation">OSV schema: evaluation</a>
 */
class RangeEventsOnRealRecordsTest {
  private static final VersionComparators COMPARATORS =
      VersionComparators.load(RangeEventsOnRealRecordsTest.class.getClassLoader());
  private static final OsvRangeEvaluator EVALUATOR = new OsvRangeEvaluator(s -> COMPARATORS.forScheme(s).orElse(null));

  @Test
  void versionsAroundEveryEventGetTheSchemaVerdict() throws Exception {
    Path osv = SharedTestData.testdata("osv");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(osv)) {
      files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    Map<String, Integer> checksPerEcosystem = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    for (Path file : files) {
      Advisory a = OsvRecordParser.parse(JsonTree.parse(Files.readAllBytes(file)));
      for (Affected af : a.affected()) {
        String scheme = OsvEcosystems.schemeOf(af.ecosystem()).orElse(null);
        for (Range r : af.ranges()) {
          String rangeScheme = r.type() == RangeType.SEMVER ? "semver" : r.type() == RangeType.ECOSYSTEM ? scheme : null;
          VersionComparator cmp = rangeScheme == null ? null : COMPARATORS.forScheme(rangeScheme).orElse(null);
          if (cmp == null) {
            continue; // GIT ranges, ecosystems without a comparator
          }
          Set<String> candidates = new LinkedHashSet<>();
          r.events().stream().map(Event::version).filter(v -> !v.equals("0") && !v.equals("*")).forEach(candidates::add);
          candidates.addAll(af.versions());
          List<String> sorted = candidates.stream().filter(v -> valid(cmp, v)).sorted(cmp::compare).toList();
          Affected single = new Affected(af.ecosystem(), af.packageName(), af.purl(), List.of(r), List.of(), null,
              List.of());
          for (Event e : r.events()) {
            int at = sorted.indexOf(e.version());
            if (at < 0) {
              continue;
            }
            for (int i = Math.max(0, at - 1); i <= Math.min(sorted.size() - 1, at + 1); i++) {
              String v = sorted.get(i);
              boolean expected = schemaVerdict(r, v, cmp);
              boolean actual = EVALUATOR.evaluate(single, v, scheme).affected();
              checksPerEcosystem.merge(base(af.ecosystem()), 1, Integer::sum);
              if (expected != actual) {
                wrong.add(file.getFileName() + " " + af.ecosystem() + "/" + af.packageName() + " " + v + " near "
                    + e.kind() + " " + e.version() + ": expected " + expected + ", got " + actual);
              }
            }
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
    // every ecosystem of the shared records with a version order was exercised
    assertThat(checksPerEcosystem.keySet()).contains("Debian", "Ubuntu", "Alpine", "Maven", "npm", "PyPI", "Go",
        "crates.io", "RubyGems", "NuGet", "Red Hat", "Rocky Linux", "AlmaLinux");
    assertThat(checksPerEcosystem.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(100);
  }

  private static boolean valid(VersionComparator cmp, String v) {
    try {
      cmp.compare(v, v);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String base(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    return colon < 0 ? ecosystem : ecosystem.substring(0, colon);
  }

  /** The schema's algorithm: walk the events in version order ("0" first); limits bound the range. */
  static boolean schemaVerdict(Range r, String v, VersionComparator cmp) {
    List<Event> events = new ArrayList<>(r.events());
    Map<Event, Integer> order = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      order.putIfAbsent(events.get(i), i);
    }
    events.sort((x, y) -> {
      boolean x0 = x.version().equals("0");
      boolean y0 = y.version().equals("0");
      if (x0 || y0) {
        return x0 && y0 ? 0 : x0 ? -1 : 1;
      }
      int c = cmp.compare(x.version(), y.version());
      return c != 0 ? c : Integer.compare(order.get(x), order.get(y));
    });
    for (Event e : events) {
      if (e.kind() == EventKind.LIMIT && !e.version().equals("*") && cmp.compare(v, e.version()) >= 0) {
        return false;
      }
    }
    boolean vulnerable = false;
    for (Event e : events) {
      switch (e.kind()) {
        case INTRODUCED -> {
          if (e.version().equals("0") || cmp.compare(v, e.version()) >= 0) {
            vulnerable = true;
          }
        }
        case FIXED -> {
          if (cmp.compare(v, e.version()) >= 0) {
            vulnerable = false;
          }
        }
        case LAST_AFFECTED -> {
          if (cmp.compare(v, e.version()) > 0) {
            vulnerable = false;
          }
        }
        default -> { }
      }
    }
    return vulnerable;
  }
}
