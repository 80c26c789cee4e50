package dev.stowaway.core.policy;

import java.util.regex.Pattern;

/**
 * Shell-like patterns for purls, paths and licence names: {@code *} matches any run of characters
 * (including {@code /}), {@code ?} one character; everything else is literal. Case-sensitive.
 */
final class Glob {
  private final String text;
  private final Pattern pattern;

  private Glob(String text) {
    this.text = text;
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    this.pattern = Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  static Glob of(String text) {
    return new Glob(text);
  }

  boolean matches(String s) {
    return s != null && pattern.matcher(s).matches();
  }

  /**
   * Matches a purl. A pattern without {@code @} names a package at any version, so it is also tried
   * against the purl without its version, qualifiers and subpath.
   */
  boolean matchesPurl(String purl) {
    if (purl == null) {
      return false;
    }
    if (matches(purl)) {
      return true;
    }
    return text.indexOf('@') < 0 && matches(Purls.withoutVersion(purl));
  }

  /** Matches a path; leading slashes are ignored on both sides. */
  boolean matchesPath(String path) {
    return path != null && Glob.of(strip(text)).matches(strip(path));
  }

  private static String strip(String p) {
    int i = 0;
    while (i < p.length() && p.charAt(i) == '/') {
      i++;
    }
    return p.substring(i);
  }

  @Override
  public String toString() {
    return text;
  }
}
