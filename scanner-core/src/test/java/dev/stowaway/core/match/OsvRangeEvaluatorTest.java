package dev.stowaway.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.vuln.Advisory.Affected;
import dev.stowaway.api.vuln.Advisory.Event;
import dev.stowaway.api.vuln.Advisory.EventKind;
import dev.stowaway.api.vuln.Advisory.Range;
import dev.stowaway.api.vuln.Advisory.RangeType;
import dev.stowaway.core.match.RangeEvaluation.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OsvRangeEvaluatorTest {
  private final OsvRangeEvaluator evaluator = OsvRangeEvaluator.of(Map.of(
      "deb", new NaiveVersionComparator("deb"), "semver", new NaiveVersionComparator("semver")));

  /** Events written as "introduced=0,fixed=1.2" in the record's order. */
  private static Range range(RangeType type, String events) {
    List<Event> out = new ArrayList<>();
    for (String e : events.split(",")) {
      String[] kv = e.split("=", 2);
      out.add(new Event(EventKind.valueOf(kv[0].toUpperCase()), kv[1]));
    }
    return new Range(type, out);
  }

  private static Affected entry(List<String> versions, Range... ranges) {
    return new Affected("Debian:12", "pkg", null, List.of(ranges), versions, null, List.of());
  }

  private RangeEvaluation eval(String events, String version) {
    return evaluator.evaluate(entry(List.of(), range(RangeType.ECOSYSTEM, events)), version, "deb");
  }

  @ParameterizedTest(name = "{0} @ {1} -> {2} fixed {3}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      // introduced 0 / fixed: below, at, above the fix
      "introduced=0,fixed=1.2.1-2.2+wheezy3 | 1.2.1-2.2+wheezy2 | AFFECTED     | 1.2.1-2.2+wheezy3",
      "introduced=0,fixed=1.2.1-2.2+wheezy3 | 1.2.1-2.2+wheezy3 | NOT_AFFECTED | null",
      "introduced=0,fixed=1.2.1-2.2+wheezy3 | 1.2.1-2.2+wheezy4 | NOT_AFFECTED | null",
      // introduced above 0: just below, at
      "introduced=2.0,fixed=2.5            | 1.9               | NOT_AFFECTED | null",
      "introduced=2.0,fixed=2.5            | 2.0               | AFFECTED     | 2.5",
      "introduced=2.0,fixed=2.5            | 2.4.9             | AFFECTED     | 2.5",
      // last_affected: at is affected, above is not, and there is no fix
      "introduced=0,last_affected=3.1      | 3.1               | AFFECTED     | null",
      "introduced=0,last_affected=3.1      | 3.1.1             | NOT_AFFECTED | null",
      // no closing event: everything from introduced on
      "introduced=1.0                      | 99                | AFFECTED     | null",
      "introduced=1.0                      | 0.9               | NOT_AFFECTED | null",
      // several intervals in one range; the fix named is the one closing the version's interval
      "introduced=1.0,fixed=1.5,introduced=2.0,fixed=2.3 | 1.7 | NOT_AFFECTED | null",
      "introduced=1.0,fixed=1.5,introduced=2.0,fixed=2.3 | 1.2 | AFFECTED     | 1.5",
      "introduced=1.0,fixed=1.5,introduced=2.0,fixed=2.3 | 2.1 | AFFECTED     | 2.3",
      "introduced=1.0,fixed=1.5,introduced=2.0,fixed=2.3 | 2.3 | NOT_AFFECTED | null",
      // unsorted events are sorted by version first, as the spec says
      "fixed=2.3,introduced=2.0,fixed=1.5,introduced=1.0 | 2.1 | AFFECTED     | 2.3",
      "fixed=2.3,introduced=2.0,fixed=1.5,introduced=1.0 | 1.8 | NOT_AFFECTED | null",
      // limit bounds the range from above; * means none
      "introduced=0,limit=2.0              | 1.9               | AFFECTED     | null",
      "introduced=0,limit=2.0              | 2.0               | NOT_AFFECTED | null",
      "introduced=0,limit=*                | 5.0               | AFFECTED     | null",
      // no introduced at all (invalid): read as introduced=0 rather than as an empty range
      "fixed=1.5                           | 1.0               | AFFECTED     | 1.5",
      "fixed=1.5                           | 1.5               | NOT_AFFECTED | null",
      // introduced and fixed at the same version: ties keep record order, so the fix wins
      "introduced=1.0,fixed=1.0            | 1.0               | NOT_AFFECTED | null",
  })
  void ecosystemRanges(String events, String version, Verdict verdict, String fixed) {
    RangeEvaluation r = eval(events, version);
    assertThat(r.verdict()).as(r.reason()).isEqualTo(verdict);
    assertThat(r.fixedVersion()).isEqualTo(fixed);
  }

  @Test
  void reasonNamesTheRangeThatHeld() {
    assertThat(eval("introduced=0,fixed=1.5", "1.2").reason())
        .isEqualTo("ECOSYSTEM range [introduced 0, fixed 1.5] holds 1.2 (deb)");
  }

  @Test
  void listedVersionsAreAffectedWithoutAnyRange() {
    Affected e = entry(List.of("1.0", "1.1"));
    assertThat(evaluator.evaluate(e, "1.1", "deb").verdict()).isEqualTo(Verdict.AFFECTED);
    assertThat(evaluator.evaluate(e, "1.2", "deb").verdict()).isEqualTo(Verdict.NOT_AFFECTED);
    // listed versions need no comparator at all
    assertThat(evaluator.evaluate(e, "1.0", "unknown-scheme").verdict()).isEqualTo(Verdict.AFFECTED);
  }

  @Test
  void semverRangesUseTheSemverComparatorAndDropAV() {
    Affected e = entry(List.of(), range(RangeType.SEMVER, "introduced=0,fixed=0.17.0"));
    // the ecosystem's own scheme has no comparator here: SEMVER ranges do not need it
    RangeEvaluation below = evaluator.evaluate(e, "v0.16.9", "go");
    assertThat(below.verdict()).isEqualTo(Verdict.AFFECTED);
    assertThat(below.fixedVersion()).isEqualTo("0.17.0");
    assertThat(evaluator.evaluate(e, "v0.17.0", "go").verdict()).isEqualTo(Verdict.NOT_AFFECTED);
  }

  @Test
  void gitRangesAreIgnoredAndMissingComparatorsAreUndecided() {
    Affected git = entry(List.of(), range(RangeType.GIT, "introduced=0,fixed=abcdef"));
    assertThat(evaluator.evaluate(git, "1.0", "deb").verdict()).isEqualTo(Verdict.UNDECIDED);
    Affected eco = entry(List.of(), range(RangeType.ECOSYSTEM, "introduced=0,fixed=1"));
    RangeEvaluation r = evaluator.evaluate(eco, "0.5", "rpm");
    assertThat(r.verdict()).isEqualTo(Verdict.UNDECIDED);
    assertThat(r.reason()).isEqualTo("no version comparator for scheme rpm");
  }

  @Test
  void invalidVersionsAreUndecidedNotThrown() {
    RangeEvaluation installed = eval("introduced=0,fixed=1.0", "not valid");
    assertThat(installed.verdict()).isEqualTo(Verdict.UNDECIDED);
    assertThat(installed.reason()).contains("not a valid deb version");
    RangeEvaluation event = eval("introduced=0,fixed=bad version", "1.0");
    assertThat(event.verdict()).isEqualTo(Verdict.UNDECIDED);
  }

  @Test
  void severalRangesHoldingTheVersionNeedAVersionPastAllFixes() {
    Affected e = entry(List.of(), range(RangeType.ECOSYSTEM, "introduced=0,fixed=1.4"),
        range(RangeType.ECOSYSTEM, "introduced=1.0,fixed=1.6"));
    RangeEvaluation r = evaluator.evaluate(e, "1.2", "deb");
    assertThat(r.verdict()).isEqualTo(Verdict.AFFECTED);
    assertThat(r.fixedVersion()).isEqualTo("1.6");
    Affected open = entry(List.of(), range(RangeType.ECOSYSTEM, "introduced=0,fixed=1.4"),
        range(RangeType.ECOSYSTEM, "introduced=1.0"));
    assertThat(evaluator.evaluate(open, "1.2", "deb").fixedVersion()).isNull();
  }

  @Test
  void mayAffectRejectsWhatIsOutsideAndKeepsWhatHolds() {
    Affected e = entry(List.of("0.1"), range(RangeType.ECOSYSTEM, "introduced=1.0,fixed=1.5"));
    assertThat(evaluator.mayAffect(e, "1.2", "deb")).isTrue();
    assertThat(evaluator.mayAffect(e, "0.1", "deb")).isTrue(); // listed
    assertThat(evaluator.mayAffect(e, "0.9", "deb")).isFalse();
    assertThat(evaluator.mayAffect(e, "1.5", "deb")).isFalse();
    Affected limited = entry(List.of(), range(RangeType.ECOSYSTEM, "introduced=0,limit=2.0"));
    assertThat(evaluator.mayAffect(limited, "1.9", "deb")).isTrue();
    assertThat(evaluator.mayAffect(limited, "2.0", "deb")).isFalse();
    Affected noIntroduced = entry(List.of(), range(RangeType.ECOSYSTEM, "last_affected=1.0"));
    assertThat(evaluator.mayAffect(noIntroduced, "1.0", "deb")).isTrue();
    assertThat(evaluator.mayAffect(noIntroduced, "1.1", "deb")).isFalse();
    assertThat(evaluator.mayAffect(entry(List.of(), range(RangeType.GIT, "introduced=0")), "1.0", "deb")).isFalse();
  }

  /**
   * The prefilter may only ever drop entries evaluate would not call AFFECTED: random ranges over a few
   * versions (ties, limits, zero, missing introduced, several ranges, invalid versions) against every version.
   */
  @Test
  void mayAffectNeverDropsAnAffectedVersion() {
    String[] versions = {"0", "0.5", "1.0", "1.0.0", "1.2", "1.5", "2.0", "v1.2", "3", "bad version"};
    EventKind[] kinds = EventKind.values();
    java.util.Random random = new java.util.Random(42);
    int affected = 0;
    int unaffected = 0;
    int dropped = 0;
    for (int round = 0; round < 5_000; round++) {
      List<Range> ranges = new ArrayList<>();
      int rangeCount = 1 + random.nextInt(2);
      for (int r = 0; r < rangeCount; r++) {
        List<Event> events = new ArrayList<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          EventKind k = kinds[random.nextInt(kinds.length)];
          String v = k == EventKind.LIMIT && random.nextInt(3) == 0 ? "*" : versions[random.nextInt(versions.length - 1)];
          if (random.nextInt(40) == 0) {
            v = "bad version";
          }
          events.add(new Event(k, v));
        }
        RangeType type = random.nextInt(4) == 0 ? RangeType.SEMVER : RangeType.ECOSYSTEM;
        ranges.add(new Range(type, events));
      }
      List<String> listed = random.nextInt(10) == 0 ? List.of("1.2") : List.of();
      Affected e = new Affected("Debian:12", "pkg", null, ranges, listed, null, List.of());
      for (String v : versions) {
        boolean exact = evaluator.evaluate(e, v, "deb").affected();
        boolean may = evaluator.mayAffect(e, v, "deb");
        if (exact) {
          affected++;
          assertThat(may).as("%s @ %s", e, v).isTrue();
        } else {
          unaffected++;
          dropped += may ? 0 : 1;
        }
      }
    }
    assertThat(affected).isGreaterThan(10_000);
    // what it keeps beyond that is mostly invalid versions, left to evaluate
    assertThat(dropped).as("the filter drops most unaffected entries").isGreaterThan(unaffected / 2);
  }
}
