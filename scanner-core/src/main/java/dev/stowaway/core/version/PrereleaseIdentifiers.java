package dev.stowaway.core.version;

import java.util.List;

/** SemVer 2.0 §11 pre-release precedence, shared by the SemVer-family comparators. */
final class PrereleaseIdentifiers {
  private PrereleaseIdentifiers() {}

  /**
   * Compares dot-separated pre-release identifier lists: numeric identifiers numerically and below
   * alphanumeric ones, alphanumeric ones in ASCII order (optionally ignoring case), and a shorter list
   * that is a prefix of the longer one first. An empty list means "no pre-release" and sorts last.
   */
  static int compare(List<String> a, List<String> b, boolean ignoreCase) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() ? (b.isEmpty() ? 0 : 1) : -1;
    }
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      String x = a.get(i);
      String y = b.get(i);
      boolean xn = Digits.allDigits(x);
      boolean yn = Digits.allDigits(y);
      int c;
      if (xn && yn) {
        c = Digits.compare(x, y);
      } else if (xn != yn) {
        c = xn ? -1 : 1;
      } else {
        c = Integer.signum(ignoreCase ? x.compareToIgnoreCase(y) : x.compareTo(y));
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** True if {@code s} is a non-empty run of [0-9A-Za-z-]. */
  static boolean isIdentifier(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Digits.isDigit(c) && !Digits.isAsciiLetter(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  /** Splits on '.', keeping empty parts (so callers can reject "a..b" and "a."). */
  static List<String> split(String s) {
    return List.of(s.split("\\.", -1));
  }
}
