package dev.stowaway.core.version;

import static dev.stowaway.core.version.AffectedRanges.Event.fixed;
import static dev.stowaway.core.version.AffectedRanges.Event.introduced;
import static dev.stowaway.core.version.AffectedRanges.Event.lastAffected;
import static dev.stowaway.core.version.AffectedRanges.Event.limit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.vuln.InvalidVersionException;
import dev.stowaway.api.vuln.VersionComparator;
import dev.stowaway.core.testing.SharedTestData;
import dev.stowaway.core.version.AffectedRanges.Event;
import dev.stowaway.core.version.AffectedRanges.Kind;
import dev.stowaway.core.version.AffectedRanges.RangeType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AffectedRangesTest {
  private static final VersionComparator SEMVER = new SemverComparator();
  private static final VersionComparator DEB = new DebianVersionComparator();

  private static boolean semver(String v, Event... events) {
    return AffectedRanges.isAffected(v, List.of(events), RangeType.SEMVER, SEMVER);
  }

  @ParameterizedTest(name = "{0} in [introduced 0, fixed 1.2.0] = {1}")
  @CsvSource({"0.0.1, true", "1.1.9, true", "1.2.0-rc.1, true", "1.2.0, false", "1.2.1, false"})
  void introducedZeroFixed(String v, boolean expected) {
    assertThat(semver(v, introduced("0"), fixed("1.2.0"))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} in [introduced 1.0.0, last_affected 1.4.2] = {1}")
  @CsvSource({"0.9.9, false", "1.0.0-rc.1, false", "1.0.0, true", "1.4.2, true", "1.4.3-alpha, false", "1.4.3, false"})
  void lastAffectedIsInclusive(String v, boolean expected) {
    assertThat(semver(v, introduced("1.0.0"), lastAffected("1.4.2"))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} in two intervals, events shuffled = {1}")
  @CsvSource({
    "0.5.0, false", "1.0.0, true", "1.9.9, true", "2.0.0, false", "2.5.0, false",
    "3.0.0, true", "3.9.0, true", "4.0.0, false", "9.0.0, false"
  })
  void severalIntervalsInAnyOrder(String v, boolean expected) {
    assertThat(semver(v, fixed("4.0.0"), introduced("3.0.0"), fixed("2.0.0"), introduced("1.0.0")))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} with limit = {1}")
  @CsvSource({"1.0.0, true", "4.9.9, true", "5.0.0, false", "6.0.0, false"})
  void limitBoundsTheRange(String v, boolean expected) {
    assertThat(semver(v, introduced("0"), limit("5.0.0"))).isEqualTo(expected);
    assertThat(semver(v, introduced("0"), limit("*"))).isTrue();
  }

  @Test
  void edgeCases() {
    assertThat(semver("1.0.0")).as("no events").isFalse();
    assertThat(semver("1.0.0", introduced("1.0.0"), fixed("1.0.0"))).as("empty interval").isFalse();
    assertThat(semver("5.0.0", introduced("1.0.0"))).as("never fixed").isTrue();
    assertThat(AffectedRanges.isAffected("1.0.0", List.of(introduced("0")), RangeType.GIT, SEMVER))
        .as("GIT ranges are not evaluated")
        .isFalse();
    // ECOSYSTEM ranges use the ecosystem comparator: in Debian, 1.0~rc1 sorts before 1.0.
    List<Event> deb = List.of(introduced("0"), fixed("1.0-1"));
    assertThat(AffectedRanges.isAffected("1.0~rc1-1", deb, RangeType.ECOSYSTEM, DEB)).isTrue();
    assertThat(AffectedRanges.isAffected("1:0.9-1", deb, RangeType.ECOSYSTEM, DEB)).isFalse();
    // SEMVER ranges with a non-semver ecosystem comparator still use SemVer precedence.
    assertThat(
            AffectedRanges.isAffected(
                "1.0.0-rc.1", List.of(introduced("0"), fixed("1.0.0")), RangeType.SEMVER, DEB))
        .isTrue();
    assertThatThrownBy(() -> semver("not a version", introduced("0")))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("semver")
        .hasMessageContaining("not a version");
    assertThatThrownBy(() -> semver("1.0.0", introduced("0"), fixed("bogus!")))
        .isInstanceOf(InvalidVersionException.class);
  }

  // ---- real OSV records ---------------------------------------------------------------------

  private static final VersionComparators REGISTRY =
      VersionComparators.load(AffectedRangesTest.class.getClassLoader());

  /**
   * For every real OSV record: in each ECOSYSTEM/SEMVER range, a version equal to an {@code
   * introduced} event is affected (unless the same range also fixes it there), a version equal to a
   * {@code fixed} event is not, and one equal to {@code last_affected} is; and every version in the
   * record's explicit {@code versions} list lies in one of its ranges.
   */
  @TestFactory
  Stream<DynamicTest> realOsvRecords() throws IOException {
    Path root = SharedTestData.testdata("osv");
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(200);
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(root.relativize(f).toString(), () -> checkRecord(f)));
  }

  /** Guards against the per-record test silently checking nothing (e.g. a broken mapping). */
  @Test
  void realRecordsExerciseManyChecks() throws IOException {
    Path root = SharedTestData.testdata("osv");
    int total = 0;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".json")).toList()) {
        total += checkRecord(f);
      }
    }
    assertThat(total).isGreaterThan(1000);
  }

  @SuppressWarnings("unchecked")
  private static int checkRecord(Path file) {
    Map<String, Object> record = VersionVectors.loadJson(file);
    int checks = 0;
    for (Object o : (List<Object>) record.getOrDefault("affected", List.of())) {
      Map<String, Object> affected = (Map<String, Object>) o;
      Map<String, Object> pkg = (Map<String, Object>) affected.get("package");
      if (pkg == null) {
        continue;
      }
      Optional<VersionComparator> cmp = REGISTRY.forOsvEcosystem((String) pkg.get("ecosystem"));
      if (cmp.isEmpty()) {
        continue;
      }
      List<List<Event>> evaluated = new ArrayList<>();
      List<RangeType> types = new ArrayList<>();
      for (Object r : (List<Object>) affected.getOrDefault("ranges", List.of())) {
        Map<String, Object> range = (Map<String, Object>) r;
        RangeType type = RangeType.valueOf(((String) range.get("type")).toUpperCase(Locale.ROOT));
        if (type == RangeType.GIT) {
          continue;
        }
        List<Event> events = new ArrayList<>();
        for (Object e : (List<Object>) range.get("events")) {
          Map<String, String> ev = (Map<String, String>) e;
          Map.Entry<String, String> only = ev.entrySet().iterator().next();
          events.add(new Event(Kind.valueOf(only.getKey().toUpperCase(Locale.ROOT)), only.getValue()));
        }
        evaluated.add(events);
        types.add(type);
        for (Event e : events) {
          if (e.version().equals("0") || e.kind() == Kind.LIMIT) {
            continue;
          }
          boolean in = AffectedRanges.isAffected(e.version(), events, type, cmp.get());
          switch (e.kind()) {
            case INTRODUCED:
              boolean fixedHere =
                  events.stream()
                      .anyMatch(
                          x ->
                              x.kind() == Kind.FIXED
                                  && cmp.get().compare(x.version(), e.version()) == 0);
              assertThat(in).as("%s introduced %s", pkg.get("name"), e.version()).isEqualTo(!fixedHere);
              break;
            case FIXED:
              assertThat(in).as("%s fixed %s", pkg.get("name"), e.version()).isFalse();
              break;
            case LAST_AFFECTED:
              assertThat(in).as("%s last_affected %s", pkg.get("name"), e.version()).isTrue();
              break;
            default:
              break;
          }
          checks++;
        }
      }
      List<String> listed = (List<String>) affected.getOrDefault("versions", List.of());
      if (!evaluated.isEmpty()) {
        for (String v : listed) {
          if (!cmp.get().isValid(v)) {
            continue;
          }
          boolean inSome = false;
          for (int i = 0; i < evaluated.size() && !inSome; i++) {
            inSome = AffectedRanges.isAffected(v, evaluated.get(i), types.get(i), cmp.get());
          }
          assertThat(inSome).as("%s listed version %s lies in a range", pkg.get("name"), v).isTrue();
          checks++;
        }
      }
    }
    // Records whose only ranges are GIT or whose ecosystem has no comparator check nothing.
    return checks;
  }
}
