package dev.stowaway.core.policy;

/** Purl pieces used for matching (https://github.com/package-url/purl-spec). */
final class Purls {
  private Purls() {}

  /** The purl without qualifiers ({@code ?...}) and subpath ({@code #...}). */
  static String withoutQualifiers(String purl) {
    int cut = purl.length();
    int q = purl.indexOf('?');
    if (q >= 0) {
      cut = q;
    }
    int h = purl.indexOf('#');
    if (h >= 0 && h < cut) {
      cut = h;
    }
    return purl.substring(0, cut);
  }

  /** The purl without version, qualifiers and subpath: {@code pkg:type/namespace/name}. */
  static String withoutVersion(String purl) {
    String s = withoutQualifiers(purl);
    int at = s.lastIndexOf('@');
    return at > 0 ? s.substring(0, at) : s;
  }
}
