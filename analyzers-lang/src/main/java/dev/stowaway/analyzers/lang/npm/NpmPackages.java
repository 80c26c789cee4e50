package dev.stowaway.analyzers.lang.npm;

import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;

/** npm packages: ecosystem {@code npm}, purl {@code pkg:npm/%40scope/name@version}. Stateless. */
final class NpmPackages {
  private NpmPackages() {}

  /** Starts a package with ecosystem, name, version (may be null), purl and location set. */
  static Package.Builder npm(String name, String version, Location location) {
    String purlName = name.startsWith("@") ? "%40" + name.substring(1) : name;
    return Package.builder("npm", name, version)
        .purl("pkg:npm/" + purlName + (version == null ? "" : "@" + version.replace("+", "%2B")))
        .location(location);
  }
}
