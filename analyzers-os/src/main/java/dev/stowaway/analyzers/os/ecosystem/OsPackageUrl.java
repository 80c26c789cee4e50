package dev.stowaway.analyzers.os.ecosystem;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A Package URL of an OS package ({@code pkg:deb}, {@code pkg:apk}, {@code pkg:rpm}): the OS package
 * analyzers build one without namespace and distro, and {@link OsPackageEcosystemFinisher} rewrites it
 * once the OS is known.
 *
 * <p>Spec: <a href="https://github.com/package-url/purl-spec/blob/main/PURL-SPECIFICATION.rst">purl
 * specification</a>. Qualifiers are kept sorted by key and empty values dropped, as the spec's canonical
 * form requires; name, version and qualifier values are percent-encoded except for the unreserved
 * characters ({@code A-Z a-z 0-9 . - _ ~}); a version's epoch colon is encoded as {@code %3A}.
 *
 * @param type the type, such as {@code deb}; never null
 * @param namespace the namespace, such as {@code debian}, or null
 * @param name the package name; never null
 * @param version the version, or null
 * @param qualifiers the qualifiers, sorted by key; never null
 */
public record OsPackageUrl(String type, String namespace, String name, String version,
    Map<String, String> qualifiers) {

  /** Requires type and name; sorts and copies the qualifiers, dropping null or empty values. */
  public OsPackageUrl {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    TreeMap<String, String> q = new TreeMap<>();
    qualifiers.forEach((k, v) -> {
      if (v != null && !v.isEmpty()) {
        q.put(k, v);
      }
    });
    qualifiers = java.util.Collections.unmodifiableSortedMap(q);
  }

  /**
   * Parses a purl this class (or another canonical writer) produced.
   *
   * @param purl the text; not null
   * @return the parts, or null if the text is not a {@code pkg:} URL with a type and a name
   */
  public static OsPackageUrl parse(String purl) {
    if (!purl.startsWith("pkg:")) {
      return null;
    }
    String rest = purl.substring(4);
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
          qualifiers.put(decode(pair.substring(0, eq)).toLowerCase(java.util.Locale.ROOT),
              decode(pair.substring(eq + 1)));
        }
      }
      rest = rest.substring(0, q);
    }
    String version = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      version = decode(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    String type = rest.substring(0, slash);
    String path = rest.substring(slash + 1);
    int lastSlash = path.lastIndexOf('/');
    String namespace = lastSlash < 0 ? null : decode(path.substring(0, lastSlash));
    String name = decode(path.substring(lastSlash + 1));
    if (name.isEmpty()) {
      return null;
    }
    return new OsPackageUrl(type, namespace, name, version, qualifiers);
  }

  /**
   * Returns a copy with another namespace and an added or replaced qualifier.
   *
   * @param ns the namespace, or null
   * @param key the qualifier key
   * @param value the qualifier value, or null to leave the qualifiers as they are
   * @return the copy
   */
  public OsPackageUrl withNamespaceAndQualifier(String ns, String key, String value) {
    Map<String, String> q = new TreeMap<>(qualifiers);
    if (value != null) {
      q.put(key, value);
    }
    return new OsPackageUrl(type, ns, name, version, q);
  }

  /** Returns the canonical text form. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("pkg:").append(type).append('/');
    if (namespace != null && !namespace.isEmpty()) {
      sb.append(encode(namespace)).append('/');
    }
    sb.append(encode(name));
    if (version != null) {
      sb.append('@').append(encode(version));
    }
    char sep = '?';
    for (Map.Entry<String, String> e : qualifiers.entrySet()) {
      sb.append(sep).append(e.getKey()).append('=').append(encode(e.getValue()));
      sep = '&';
    }
    return sb.toString();
  }

  static String encode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
          || c == '_' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
        i += 3;
      } else {
        int next = s.indexOf('%', i + 1);
        int stop = next < 0 ? s.length() : next;
        byte[] b = s.substring(i, stop).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i = stop;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
