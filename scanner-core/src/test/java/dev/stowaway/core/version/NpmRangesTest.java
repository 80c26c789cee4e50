package dev.stowaway.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * node-semver's range-include/range-exclude fixtures (versions/npm-ranges.json), evaluated by
 * translating each range into OSV events ({@link NpmRanges}) and running {@link AffectedRanges}.
 */
class NpmRangesTest {

  @TestFactory
  @SuppressWarnings("unchecked")
  Stream<DynamicTest> npmRangeFixtures() {
    List<Map<String, Object>> cases =
        (List<Map<String, Object>>) (List<?>) VersionVectors.load("npm-ranges.json").get("cases");
    assertThat(cases).hasSizeGreaterThan(200);
    return cases.stream()
        .map(
            c -> {
              String range = (String) c.get("range");
              String version = String.valueOf(c.get("version"));
              boolean expected = (Boolean) c.get("satisfies");
              boolean loose = Boolean.TRUE.equals(c.get("loose"));
              boolean pre = Boolean.TRUE.equals(c.get("includePrerelease"));
              return DynamicTest.dynamicTest(
                  "[" + range + "] " + version + " -> " + expected + (loose ? " loose" : "") + (pre ? " includePrerelease" : ""),
                  () -> assertThat(NpmRanges.satisfies(range, version, loose, pre)).isEqualTo(expected));
            });
  }
}
