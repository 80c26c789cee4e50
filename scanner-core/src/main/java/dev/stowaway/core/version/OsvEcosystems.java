package dev.stowaway.core.version;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps OSV ecosystem names to version scheme names.
 *
 * <p>Reference: the OSV schema's ecosystem list
 * (https://ossf.github.io/osv-schema/#defined-ecosystems) and ecosystems.json in the osv-schema
 * repository. The part after the first ':' (the release, e.g. {@code Debian:12}, {@code Alpine:v3.19},
 * {@code Red Hat:enterprise_linux:9::appstream}) does not change the scheme. Stateless.
 */
public final class OsvEcosystems {
  private static final Map<String, String> SCHEMES =
      Map.ofEntries(
          Map.entry("Debian", DebianVersionComparator.SCHEME),
          Map.entry("Ubuntu", DebianVersionComparator.SCHEME),
          Map.entry("Alpine", ApkVersionComparator.SCHEME),
          Map.entry("Wolfi", ApkVersionComparator.SCHEME),
          Map.entry("Chainguard", ApkVersionComparator.SCHEME),
          Map.entry("Alpaquita", ApkVersionComparator.SCHEME),
          Map.entry("BellSoft Hardened Containers", ApkVersionComparator.SCHEME),
          Map.entry("Red Hat", RpmVersionComparator.SCHEME),
          Map.entry("Rocky Linux", RpmVersionComparator.SCHEME),
          Map.entry("AlmaLinux", RpmVersionComparator.SCHEME),
          Map.entry("SUSE", RpmVersionComparator.SCHEME),
          Map.entry("openSUSE", RpmVersionComparator.SCHEME),
          Map.entry("Photon OS", RpmVersionComparator.SCHEME),
          Map.entry("Mageia", RpmVersionComparator.SCHEME),
          Map.entry("Azure Linux", RpmVersionComparator.SCHEME),
          Map.entry("openEuler", RpmVersionComparator.SCHEME),
          Map.entry("Maven", MavenVersionComparator.SCHEME),
          Map.entry("PyPI", Pep440VersionComparator.SCHEME),
          Map.entry("npm", SemverComparator.SCHEME),
          // The OSV schema says crates.io, Hex and Pub versions are SemVer 2.0. Why Pub only
          // approximately: Dart's pub_semver also orders build metadata, which SemVer ignores.
          Map.entry("crates.io", SemverComparator.SCHEME),
          Map.entry("Hex", SemverComparator.SCHEME),
          Map.entry("Pub", SemverComparator.SCHEME),
          // Composer versions order like PHP's version_compare (as OSV-Scanner does), not SemVer.
          Map.entry("Packagist", PackagistVersionComparator.SCHEME),
          Map.entry("Go", GoVersionComparator.SCHEME),
          Map.entry("RubyGems", RubyGemsVersionComparator.SCHEME),
          Map.entry("NuGet", NuGetVersionComparator.SCHEME));

  private OsvEcosystems() {}

  /**
   * Returns the version scheme of an OSV ecosystem.
   *
   * @param osvEcosystem e.g. {@code Debian:12}, {@code PyPI}; not null
   * @return the scheme name (e.g. {@code deb}), or empty if Stowaway has no comparator for it
   */
  public static Optional<String> schemeOf(String osvEcosystem) {
    Objects.requireNonNull(osvEcosystem, "osvEcosystem");
    int colon = osvEcosystem.indexOf(':');
    String base = colon < 0 ? osvEcosystem : osvEcosystem.substring(0, colon);
    return Optional.ofNullable(SCHEMES.get(base.strip()));
  }
}
