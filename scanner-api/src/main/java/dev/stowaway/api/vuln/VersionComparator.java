package dev.stowaway.api.vuln;

import java.util.Comparator;

/**
 * Orders version strings of one versioning scheme exactly as the scheme's own tool does (dpkg, rpm,
 * apk-tools, Maven, pip, npm's semver...). Found with {@link java.util.ServiceLoader}; implementations
 * are stateless and thread-safe, with a public no-argument constructor.
 */
public interface VersionComparator extends Comparator<String> {

  /**
   * Returns the scheme name: {@code deb}, {@code rpm}, {@code apk}, {@code maven}, {@code pep440},
   * {@code semver}, {@code rubygems}, {@code nuget}, {@code go}.
   *
   * @return the scheme; never null
   */
  String scheme();

  /**
   * Compares two versions.
   *
   * @param a a version; not null
   * @param b a version; not null
   * @return negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}
   * @throws InvalidVersionException if either is not a valid version of this scheme
   */
  @Override
  int compare(String a, String b);

  /**
   * Tells whether a string is a valid version of this scheme. The default tries a comparison.
   *
   * @param version the candidate; not null
   * @return true if {@link #compare} accepts it
   */
  default boolean isValid(String version) {
    try {
      compare(version, version);
      return true;
    } catch (InvalidVersionException e) {
      return false;
    }
  }
}
