package dev.stowaway.core.sbom;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of a Package URL that SBOM reading needs.
 *
 * @see <a href="https://github.com/package-url/purl-spec/blob/master/PURL-SPECIFICATION.rst">purl specification</a>
 */
record PackageUrl(String type, String namespace, String name, String version, Map<String, String> qualifiers) {

  /**
   * Parses {@code pkg:type/namespace/name@version?qualifiers#subpath}; components are percent-decoded.
   *
   * @param purl the text; not null
   * @return the parts, or null when the text is not a purl
   */
  static PackageUrl parse(String purl) {
    if (!purl.startsWith("pkg:")) {
      return null;
    }
    String rest = purl.substring(4);
    while (rest.startsWith("/")) {
      rest = rest.substring(1);
    }
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    Map<String, String> qualifiers = new TreeMap<>();
    int q = rest.indexOf('?');
    if (q >= 0) {
      for (String pair : rest.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          qualifiers.put(pair.substring(0, eq).toLowerCase(Locale.ROOT), decode(pair.substring(eq + 1)));
        }
      }
      rest = rest.substring(0, q);
    }
    String version = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0 && at > rest.lastIndexOf('/')) {
      version = decode(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    String type = rest.substring(0, slash).toLowerCase(Locale.ROOT);
    String path = rest.substring(slash + 1);
    int last = path.lastIndexOf('/');
    String namespace = last < 0 ? null : decodeSegments(path.substring(0, last));
    String name = decode(path.substring(last + 1));
    if (name.isEmpty()) {
      return null;
    }
    return new PackageUrl(type, namespace, name, version == null || version.isEmpty() ? null : version,
        qualifiers);
  }

  private static String decodeSegments(String s) {
    StringBuilder b = new StringBuilder();
    for (String seg : s.split("/")) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(decode(seg));
    }
    return b.toString();
  }

  private static String decode(String s) {
    try {
      // '+' is a literal plus in purls (Debian versions), not a space as in form encoding
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
