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

  /** Decodes {@code %XX} escapes (so {@code 1.0%2Bb2} equals {@code 1.0+b2}); malformed escapes stay as they are. */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '%' && i + 2 < b.length && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
        out.write(hex(b[i + 1]) * 16 + hex(b[i + 2]));
        i += 2;
      } else {
        out.write(b[i]);
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static int hex(byte c) {
    return Character.digit((char) c, 16);
  }
}
