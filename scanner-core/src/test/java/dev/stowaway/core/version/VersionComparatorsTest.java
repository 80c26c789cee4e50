package dev.stowaway.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.vuln.VersionComparator;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionComparatorsTest {

  private static final Map<String, Class<?>> EXPECTED =
      Map.of(
          "deb", DebianVersionComparator.class,
          "rpm", RpmVersionComparator.class,
          "apk", ApkVersionComparator.class,
          "maven", MavenVersionComparator.class,
          "pep440", Pep440VersionComparator.class,
          "semver", SemverComparator.class,
          "go", GoVersionComparator.class,
          "rubygems", RubyGemsVersionComparator.class,
          "nuget", NuGetVersionComparator.class,
          "packagist", PackagistVersionComparator.class);

  @Test
  void serviceLoaderFindsEveryScheme() {
    VersionComparators registry = VersionComparators.load(getClass().getClassLoader());
    assertThat(registry.schemes()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    EXPECTED.forEach(
        (scheme, type) -> {
          assertThat(registry.forScheme(scheme)).get().isInstanceOf(type);
          assertThat(registry.require(scheme).scheme()).isEqualTo(scheme);
        });
    assertThat(registry.forScheme("cargo")).isEmpty();
    assertThatThrownBy(() -> registry.require("cargo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cargo")
        .hasMessageContaining("deb");
  }

  /** A second comparator claiming "deb", registered through a service file in a temp folder. */
  public static final class DuplicateDebComparator implements VersionComparator {
    @Override
    public String scheme() {
      return "deb";
    }

    @Override
    public int compare(String a, String b) {
      return a.compareTo(b);
    }
  }

  @Test
  void duplicateSchemeFromServiceLoaderIsRejectedNamingBothClasses(@TempDir Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(VersionComparator.class.getName()),
        DuplicateDebComparator.class.getName() + "\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> VersionComparators.load(loader))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'deb'")
          .hasMessageContaining(DebianVersionComparator.class.getName())
          .hasMessageContaining(DuplicateDebComparator.class.getName());
    }
  }

  @Test
  void ofRejectsDuplicates() {
    assertThatThrownBy(
            () -> VersionComparators.of(List.of(new GoVersionComparator(), new GoVersionComparator())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'go'");
  }

  @ParameterizedTest
  @CsvSource({
    "Debian:12, deb",
    "Debian, deb",
    "Ubuntu:22.04:LTS, deb",
    "Alpine:v3.19, apk",
    "Wolfi, apk",
    "Chainguard, apk",
    "Red Hat:enterprise_linux:9::appstream, rpm",
    "Rocky Linux:9, rpm",
    "AlmaLinux:8, rpm",
    "SUSE:SLES:15.5, rpm",
    "openSUSE:Tumbleweed, rpm",
    "Photon OS:5.0, rpm",
    "Mageia:9, rpm",
    "Azure Linux:3, rpm",
    "openEuler:24.03-LTS, rpm",
    "Maven, maven",
    "PyPI, pep440",
    "npm, semver",
    "crates.io, semver",
    "Packagist, packagist",
    "Go, go",
    "RubyGems, rubygems",
    "NuGet, nuget",
  })
  void osvEcosystemMapsToScheme(String ecosystem, String scheme) {
    assertThat(OsvEcosystems.schemeOf(ecosystem)).contains(scheme);
    VersionComparators registry = VersionComparators.load(getClass().getClassLoader());
    assertThat(registry.forOsvEcosystem(ecosystem)).get().extracting(VersionComparator::scheme).isEqualTo(scheme);
  }

  @ParameterizedTest
  @CsvSource({"CRAN", "Hackage", "GIT", "debian", "''"})
  void unknownEcosystemsHaveNoScheme(String ecosystem) {
    assertThat(OsvEcosystems.schemeOf(ecosystem)).isEmpty();
  }
}
