package dev.stowaway.analyzers.lang.rust;

import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds Rust crate packages the same way for {@code Cargo.lock} and cargo-auditable data: ecosystem
 * {@code crates.io}, purl {@code pkg:cargo/<name>@<version>}
 * (<a href="https://github.com/package-url/purl-spec/blob/main/PURL-TYPES.rst#cargo">cargo type</a>).
 * Stateless.
 */
public final class Crates {

  /** The OSV ecosystem. */
  public static final String ECOSYSTEM = "crates.io";

  private Crates() {}

  /**
   * Starts a crate package.
   *
   * @param name crate name; not null
   * @param version version, or null
   * @param location where it was found; not null
   * @return a builder with ecosystem, name, version, purl and location set
   */
  public static Package.Builder crate(String name, String version, Location location) {
    String purl = "pkg:cargo/" + enc(name) + (version == null ? "" : "@" + enc(version));
    return Package.builder(ECOSYSTEM, name, version).purl(purl).location(location);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
  }
}
