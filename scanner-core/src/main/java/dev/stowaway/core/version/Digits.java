package dev.stowaway.core.version;

import dev.stowaway.api.vuln.InvalidVersionException;

/**
 * Shared pieces of the comparators in this package: numeric comparison of arbitrarily long ASCII
 * digit runs and uniform error messages.
 */
final class Digits {
  /** Error messages quote at most this many characters of a (possibly hostile) version string. */
  private static final int MAX_QUOTED = 120;

  private Digits() {}

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean allDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Compares two ASCII digit runs {@code a[aFrom,aTo)} and {@code b[bFrom,bTo)} as non-negative
   * integers. Why not parse: upstream tools accept numbers far beyond 64 bits (dates, hashes), and
   * comparing the digit strings after skipping leading zeros is exact and linear.
   */
  static int compare(CharSequence a, int aFrom, int aTo, CharSequence b, int bFrom, int bTo) {
    while (aFrom < aTo && a.charAt(aFrom) == '0') {
      aFrom++;
    }
    while (bFrom < bTo && b.charAt(bFrom) == '0') {
      bFrom++;
    }
    int lenA = aTo - aFrom;
    int lenB = bTo - bFrom;
    if (lenA != lenB) {
      return lenA < lenB ? -1 : 1;
    }
    for (int i = 0; i < lenA; i++) {
      char x = a.charAt(aFrom + i);
      char y = b.charAt(bFrom + i);
      if (x != y) {
        return x < y ? -1 : 1;
      }
    }
    return 0;
  }

  /** Compares two whole digit strings numerically. */
  static int compare(String a, String b) {
    return compare(a, 0, a.length(), b, 0, b.length());
  }

  /** Returns the digit string without leading zeros ("0" for all zeros). */
  static String stripZeros(String digits) {
    if (digits.isEmpty()) {
      return "0";
    }
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  static InvalidVersionException invalid(String scheme, String version, String reason) {
    return new InvalidVersionException(
        "invalid " + scheme + " version " + quote(version) + ": " + reason);
  }

  /** Quotes a version for a message, shortening hostile input so messages stay small. */
  static String quote(String version) {
    if (version == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    int n = 0;
    for (int i = 0; i < version.length() && sb.length() <= MAX_QUOTED; i++, n++) {
      char c = version.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
    if (version.length() > n) {
      sb.append("... (").append(version.length()).append(" chars)");
    }
    return sb.toString();
  }

  static String requireNonNull(String scheme, String version) {
    if (version == null) {
      throw new InvalidVersionException("invalid " + scheme + " version: null");
    }
    return version;
  }
}
