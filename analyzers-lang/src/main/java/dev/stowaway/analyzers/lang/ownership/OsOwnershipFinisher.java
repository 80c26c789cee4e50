package dev.stowaway.analyzers.lang.ownership;

import dev.stowaway.api.analysis.InventoryFinisher;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Links language packages to the OS package that installed them. Debian's {@code python3-urllib3}
 * installs urllib3's {@code egg-info}, {@code libjackson2-core-java} installs a jar, {@code node-*}
 * packages install {@code package.json} files: such a language package is the distro's build, patched by
 * the distro, so upstream advisories are not the right judge of it.
 *
 * <p>A language package (ecosystem {@code Maven}, {@code npm}, {@code PyPI}, {@code Go}, {@code crates.io},
 * {@code RubyGems}, {@code Packagist}, {@code NuGet}) whose location path is among the
 * {@link Package#installedFiles()} of a package of another ecosystem gets properties {@code osPackage}
 * ({@code name version}), {@code osPackageEcosystem} and, when known, {@code osPackagePurl}. It is kept,
 * not dropped (trivy and grype drop it): the vulnerability matcher uses the same link to judge it through
 * the OS package and to say so, and an SBOM should still list what is there.
 *
 * <p>Id {@code package-ownership} sorts after {@code os-package-ecosystem}, so the OS package's ecosystem
 * and purl are final when they are copied. Stateless and thread-safe.
 */
public final class OsOwnershipFinisher implements InventoryFinisher {

  static final Set<String> LANGUAGE_ECOSYSTEMS =
      Set.of("Maven", "npm", "PyPI", "Go", "crates.io", "RubyGems", "Packagist", "NuGet");

  /** Creates the finisher (ServiceLoader). */
  public OsOwnershipFinisher() {}

  @Override
  public String id() {
    return "package-ownership";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public List<Package> finish(OsRelease os, List<Package> packages) {
    // Only the language packages' paths are wanted: an image's OS packages list 10^5 files, its language
    // packages 10^3 locations, so the OS files are looked up in the small set instead of all put in a big map.
    Set<String> wanted = new HashSet<>();
    for (Package p : packages) {
      if (LANGUAGE_ECOSYSTEMS.contains(p.ecosystem())) {
        wanted.add(normalise(p.location().path()));
      }
    }
    if (wanted.isEmpty()) {
      return packages;
    }
    Map<String, Package> owners = new HashMap<>();
    for (Package p : packages) {
      if (!LANGUAGE_ECOSYSTEMS.contains(p.ecosystem())) {
        for (String file : p.installedFiles()) {
          String path = normalise(file); // no copy for the analyzers' relative paths
          if (wanted.contains(path)) {
            owners.putIfAbsent(path, p); // the first OS package listing the file owns it
          }
        }
      }
    }
    if (owners.isEmpty()) {
      return packages;
    }
    List<Package> out = new ArrayList<>(packages.size());
    for (Package p : packages) {
      Package owner = LANGUAGE_ECOSYSTEMS.contains(p.ecosystem()) ? owners.get(normalise(p.location().path())) : null;
      out.add(owner == null ? p : linked(p, owner));
    }
    return out;
  }

  private static Package linked(Package p, Package owner) {
    Map<String, String> props = new HashMap<>(p.properties());
    props.put("osPackage", owner.name() + (owner.version() == null ? "" : " " + owner.version()));
    props.put("osPackageEcosystem", owner.ecosystem());
    if (owner.purl() != null) {
      props.put("osPackagePurl", owner.purl());
    }
    return new Package(p.ecosystem(), p.name(), p.version(), p.purl(), p.sourceName(), p.sourceVersion(), p.arch(),
        p.licenses(), p.location(), p.installedFiles(), props);
  }

  /** Package databases write {@code /usr/...}; layer paths are {@code usr/...}. */
  static String normalise(String path) {
    String p = path;
    while (p.startsWith("/") || p.startsWith("./")) {
      p = p.substring(p.startsWith("/") ? 1 : 2);
    }
    return p;
  }
}
