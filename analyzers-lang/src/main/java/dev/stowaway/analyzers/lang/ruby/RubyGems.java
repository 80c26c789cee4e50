package dev.stowaway.analyzers.lang.ruby;

import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Gem packages: ecosystem {@code RubyGems}, purl {@code pkg:gem/NAME@VERSION}. Stateless. */
final class RubyGems {
  private RubyGems() {}

  static Package.Builder gem(String name, String version, Location location) {
    return Package.builder("RubyGems", name, version)
        .purl("pkg:gem/" + enc(name) + "@" + enc(version))
        .location(location);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
  }
}
