package dev.stowaway.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The written-out orders are the comparator chains they replaced: checked on shuffled lists full of ties. */
class ResultOrderTest {

  private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
  private static final Comparator<Location> LOCATION = Comparator.nullsFirst(
      Comparator.comparing((Location l) -> l.layer() == null ? -1 : l.layer().index())
          .thenComparing(Location::path)
          .thenComparing(Location::nestedPath, NULLS_FIRST));
  private static final Comparator<Package> PACKAGES = Comparator.comparing(Package::ecosystem)
      .thenComparing(Package::name)
      .thenComparing(Package::version, NULLS_FIRST)
      .thenComparing(Package::purl, NULLS_FIRST)
      .thenComparing(Package::location, LOCATION);
  private static final Comparator<Finding> FINDINGS = Comparator.comparing(Finding::kind)
      .thenComparing(Finding::id)
      .thenComparing(Finding::location, LOCATION)
      .thenComparingInt(Finding::line)
      .thenComparing(Finding::purl, NULLS_FIRST)
      .thenComparing(Finding::title);
  private static final Comparator<AnalysisIssue> ISSUES = Comparator.comparing(AnalysisIssue::analyzer)
      .thenComparing(AnalysisIssue::location, LOCATION)
      .thenComparing(AnalysisIssue::message);

  private static final Random RANDOM = new Random(7);

  private static <T> T pick(List<T> from) {
    return from.get(RANDOM.nextInt(from.size()));
  }

  private static Location location() {
    LayerRef l0 = new LayerRef(0, Digest.sha256Of("a"));
    LayerRef l1 = new LayerRef(1, Digest.sha256Of("b"));
    return RANDOM.nextInt(8) == 0 ? null
        : new Location(pick(java.util.Arrays.asList(null, l0, l1)), pick(List.of("a", "b/c")),
            pick(java.util.Arrays.asList(null, "x", "y")));
  }

  private static Location someLocation() {
    Location l = location();
    return l != null ? l : someLocation();
  }

  private static <T> void assertSameOrder(List<T> items, Comparator<T> written, Comparator<T> chained) {
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(items, RANDOM);
      for (int i = 0; i + 1 < items.size(); i++) {
        T a = items.get(i);
        T b = items.get(i + 1);
        assertThat(Integer.signum(written.compare(a, b))).as("%s vs %s", a, b)
            .isEqualTo(Integer.signum(chained.compare(a, b)));
      }
    }
  }

  @Test
  void packagesFindingsAndIssuesKeepTheirOrder() {
    List<Package> packages = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    List<AnalysisIssue> issues = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      packages.add(new Package(pick(List.of("deb", "npm")), pick(List.of("a", "b")),
          pick(java.util.Arrays.asList(null, "1", "2")), pick(java.util.Arrays.asList(null, "pkg:x", "pkg:y")),
          null, null, null, List.of(), someLocation(), List.of(), Map.of()));
      findings.add(RANDOM.nextBoolean()
          ? new MisconfigurationFinding(pick(List.of("M1", "M2")), Severity.LOW, pick(List.of("t1", "t2")), null,
              null, someLocation(), RANDOM.nextInt(3))
          : new SecretFinding(pick(List.of("S1", "S2")), Severity.HIGH, pick(List.of("t1", "t2")),
              someLocation(), RANDOM.nextInt(3), "r", "f", null, 0,
              0));
      issues.add(new AnalysisIssue(pick(List.of("dpkg", "npm")), location(), pick(List.of("m1", "m2"))));
    }
    assertSameOrder(packages, ResultOrder.PACKAGES, PACKAGES);
    assertSameOrder(findings, ResultOrder.FINDINGS, FINDINGS);
    assertSameOrder(issues, ResultOrder.ISSUES, ISSUES);
  }
}
