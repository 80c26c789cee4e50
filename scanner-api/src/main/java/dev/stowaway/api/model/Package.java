package dev.stowaway.api.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One installed package: an OS package from a package database, or a language package from a
 * manifest, lock file or archive.
 *
 * @param ecosystem the OSV ecosystem, such as {@code Debian:12}, {@code Alpine:v3.19}, {@code Maven},
 *     {@code npm}; never null
 * @param name the package name as the ecosystem spells it ({@code group:artifact} for Maven); never null
 * @param version the installed version, or null when it could not be determined
 * @param purl the Package URL, or null
 * @param sourceName the source package name (dpkg {@code Source}, apk origin, rpm source RPM), or null
 * @param sourceVersion the source package version, or null
 * @param arch the architecture, or null
 * @param licenses the declared licences, possibly empty
 * @param location where it was found; the layer is the one that introduced it once merged; never null
 * @param installedFiles paths the package manager says this package installed, possibly empty (a {@link PathList}
 *     when read from a layer cache)
 * @param properties further facts, such as {@code identifiedBy=pom.properties}; sorted by key
 * @see <a href="https://github.com/package-url/purl-spec">Package URL specification</a>
 */
public record Package(
    String ecosystem, String name, String version, String purl, String sourceName, String sourceVersion,
    String arch, List<String> licenses, Location location, List<String> installedFiles,
    Map<String, String> properties) {

  /** Requires ecosystem, name and location; copies the collections (a {@link PathList}, immutable, is kept). */
  public Package {
    Objects.requireNonNull(ecosystem, "ecosystem");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    licenses = List.copyOf(licenses);
    installedFiles = installedFiles instanceof PathList ? installedFiles : List.copyOf(installedFiles);
    properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  /**
   * Starts a package.
   *
   * @param ecosystem the OSV ecosystem
   * @param name the name
   * @param version the version, or null
   * @return a builder
   */
  public static Builder builder(String ecosystem, String name, String version) {
    return new Builder(ecosystem, name, version);
  }

  /**
   * Returns a copy at another location (the merge uses this to name the introducing layer).
   *
   * @param other the location; not null
   * @return the copy
   */
  public Package withLocation(Location other) {
    return new Package(ecosystem, name, version, purl, sourceName, sourceVersion, arch, licenses, other,
        installedFiles, properties);
  }

  /** Collects the optional parts of a package. Not thread-safe. */
  public static final class Builder {
    private final String ecosystem;
    private final String name;
    private final String version;
    private String purl;
    private String sourceName;
    private String sourceVersion;
    private String arch;
    private final List<String> licenses = new ArrayList<>();
    private Location location;
    private List<String> installedFiles = List.of();
    private final Map<String, String> properties = new TreeMap<>();

    private Builder(String ecosystem, String name, String version) {
      this.ecosystem = ecosystem;
      this.name = name;
      this.version = version;
    }

    /** @param v the purl @return this builder */
    public Builder purl(String v) {
      purl = v;
      return this;
    }

    /** @param n source name @param v source version @return this builder */
    public Builder source(String n, String v) {
      sourceName = n;
      sourceVersion = v;
      return this;
    }

    /** @param v architecture @return this builder */
    public Builder arch(String v) {
      arch = v;
      return this;
    }

    /** @param v licences to add @return this builder */
    public Builder licenses(List<String> v) {
      licenses.addAll(v);
      return this;
    }

    /** @param v where it was found @return this builder */
    public Builder location(Location v) {
      location = v;
      return this;
    }

    /** @param v paths the package installed @return this builder */
    public Builder installedFiles(List<String> v) {
      installedFiles = v;
      return this;
    }

    /** @param key property name @param value property value @return this builder */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /**
     * Builds the package.
     *
     * @return the package
     * @throws NullPointerException if no location was set
     */
    public Package build() {
      return new Package(ecosystem, name, version, purl, sourceName, sourceVersion, arch, licenses, location,
          installedFiles, properties);
    }
  }
}
