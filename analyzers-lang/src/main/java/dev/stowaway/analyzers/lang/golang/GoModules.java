package dev.stowaway.analyzers.lang.golang;

import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds Go module packages the same way for {@code go.mod} files and for binaries' build info: ecosystem
 * {@code Go}, the module path as name, purl {@code pkg:golang/<module path>@<version>} (purl spec,
 * <a href="https://github.com/package-url/purl-spec/blob/main/PURL-TYPES.rst#golang">golang type</a>; each path
 * segment percent-encoded, case kept). The toolchain is the {@code stdlib} package at version
 * {@code v1.22.1} for {@code go1.22.1}, as OSV's Go advisories name it. Stateless.
 */
public final class GoModules {

  /** The OSV ecosystem. */
  public static final String ECOSYSTEM = "Go";

  private GoModules() {}

  /**
   * Starts a module package.
   *
   * @param path the module path; not null
   * @param version the version, or null
   * @param location where it was found; not null
   * @return a builder with ecosystem, name, version, purl and location set
   */
  public static Package.Builder module(String path, String version, Location location) {
    return Package.builder(ECOSYSTEM, path, version).purl(purl(path, version)).location(location);
  }

  /**
   * Returns the purl of a module.
   *
   * @param path the module path
   * @param version the version, or null
   * @return the purl
   */
  public static String purl(String path, String version) {
    StringBuilder sb = new StringBuilder("pkg:golang/");
    String[] segments = path.split("/");
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        sb.append('/');
      }
      sb.append(enc(segments[i]));
    }
    if (version != null) {
      sb.append('@').append(enc(version));
    }
    return sb.toString();
  }

  /**
   * Turns a toolchain version such as {@code go1.22.1 X:loop} or {@code go1.21} into the stdlib
   * version {@code v1.22.1} / {@code v1.21.0}; null for development toolchains and anything else.
   *
   * @param toolchain the version the build info names, or null
   * @return the stdlib version, or null
   */
  public static String stdlibVersion(String toolchain) {
    if (toolchain == null) {
      return null;
    }
    String v = toolchain.strip();
    int space = v.indexOf(' ');
    if (space >= 0) {
      v = v.substring(0, space);
    }
    if (!v.matches("go1(\\.\\d+){1,2}((rc|beta)\\d+)?")) {
      return null;
    }
    v = v.substring(2);
    if (v.matches("1\\.\\d+")) {
      v = v + ".0"; // a release "go1.21" is v1.21.0
    } else if (v.matches("1\\.\\d+(rc|beta)\\d+")) {
      v = v.replaceFirst("(rc|beta)", ".0-$1.");
    }
    return "v" + v;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
  }
}
