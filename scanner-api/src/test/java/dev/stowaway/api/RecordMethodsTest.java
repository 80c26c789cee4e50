package dev.stowaway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.Cvss;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The records whose equals, hashCode or toString are written out (start-up: the generated ones spin classes at
 * run time) must still behave as the generated ones: every component takes part, so a component added later
 * without updating them fails here.
 */
class RecordMethodsTest {

  @ParameterizedTest
  @ValueSource(classes = {LayerRef.class, Location.class, Cvss.class, MisconfigurationFinding.class,
      VulnerabilityFinding.class})
  void equalsAndHashCodeUseEveryComponent(Class<? extends Record> type) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Constructor<?> canonical = type.getDeclaredConstructor(
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
    Object[] first = Arrays.stream(components).map(c -> sample(c.getType(), 0)).toArray();
    Object a = canonical.newInstance(first);
    Object same = canonical.newInstance(first.clone());
    assertThat(a).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(null).isNotEqualTo("x");
    for (int i = 0; i < components.length; i++) {
      Object[] other = first.clone();
      other[i] = sample(components[i].getType(), 1);
      Object b = canonical.newInstance(other);
      assertThat(b).as("%s differing in %s", type.getSimpleName(), components[i].getName()).isNotEqualTo(a);
      assertThat(b.hashCode()).as("hash of %s differing in %s", type.getSimpleName(), components[i].getName())
          .isNotEqualTo(a.hashCode());
      if (!components[i].getType().isPrimitive()
          && !List.of("algorithm", "hex", "path", "version", "vector", "id", "severity", "title", "packageName",
              "diffId", "aliases").contains(components[i].getName())) {
        other[i] = null; // a nullable component: null on one side only is a difference too
        Object n = canonical.newInstance(other);
        assertThat(n).isNotEqualTo(a).isEqualTo(canonical.newInstance(other.clone()));
        assertThat(a).isNotEqualTo(n);
      }
    }
  }

  @Test
  void digestsAreEqualByAlgorithmAndHex() {
    Digest a = Digest.sha256("a".repeat(64));
    assertThat(a).isEqualTo(Digest.parse("sha256:" + "a".repeat(64))).hasSameHashCodeAs(Digest.sha256("a".repeat(64)))
        .isNotEqualTo(Digest.sha256("b".repeat(64))).isNotEqualTo(new Digest("sha512", "a".repeat(128)))
        .isNotEqualTo(null);
    assertThat(Digest.class.getRecordComponents()).extracting(RecordComponent::getName)
        .containsExactly("algorithm", "hex");
  }

  @Test
  void scanLimitsToStringIsTheRecordFormWithEveryComponent() throws Exception {
    ScanLimits limits = ScanLimits.defaults();
    StringBuilder expected = new StringBuilder("ScanLimits[");
    RecordComponent[] components = ScanLimits.class.getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      expected.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=')
          .append(components[i].getAccessor().invoke(limits));
    }
    assertThat(limits).hasToString(expected.append(']').toString());
  }

  /** Two different valid values of each component type used by the records above. */
  private static Object sample(Class<?> type, int which) {
    if (type == String.class) {
      return which == 0 ? "sha256" : "sha512";
    } else if (type == int.class) {
      return which == 0 ? 1 : 2;
    } else if (type == double.class) {
      return which == 0 ? 5.0 : 7.5;
    } else if (type == List.class) {
      return List.of(which == 0 ? "CVE-1" : "CVE-2");
    } else if (type == Severity.class) {
      return which == 0 ? Severity.HIGH : Severity.LOW;
    } else if (type == Digest.class) {
      return Digest.sha256(String.valueOf(which).repeat(64));
    } else if (type == LayerRef.class) {
      return new LayerRef(which, Digest.sha256("a".repeat(64)));
    } else if (type == Location.class) {
      return new Location(null, which == 0 ? "etc/a" : "etc/b", null);
    } else if (type == Cvss.class) {
      return new Cvss("3.1", "CVSS:3.1/AV:N", which == 0 ? 5.0 : 9.8, null);
    }
    throw new AssertionError("no sample for " + type);
  }
}
