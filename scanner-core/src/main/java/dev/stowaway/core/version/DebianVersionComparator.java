package dev.stowaway.core.version;

import dev.stowaway.api.vuln.VersionComparator;

/**
 * Orders Debian package versions ({@code [epoch:]upstream[-revision]}) exactly as {@code dpkg
 * --compare-versions} does.
 *
 * <p>Reference: Debian Policy §5.6.12 "Version"
 * (https://www.debian.org/doc/debian-policy/ch-controlfields.html#version) and dpkg's {@code
 * parseversion()} / {@code verrevcmp()} in lib/dpkg/parsehelp.c and lib/dpkg/version.c.
 *
 * <p>Like dpkg, {@link #compare} rejects only versions dpkg itself refuses to compare (empty, embedded
 * spaces, bad or too big epoch, empty upstream or revision) and still orders versions dpkg merely warns
 * about (e.g. not starting with a digit), because such versions occur in real archives and advisories.
 * {@link #isValid} is strict and also rejects those. Stateless and thread-safe.
 */
public final class DebianVersionComparator implements VersionComparator {
  static final String SCHEME = "deb";

  /** Creates the comparator. */
  public DebianVersionComparator() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public int compare(String a, String b) {
    Parsed x = parse(a);
    Parsed y = parse(b);
    if (x.epoch != y.epoch) {
      return x.epoch < y.epoch ? -1 : 1;
    }
    int c = verrevcmp(x.upstream, y.upstream);
    if (c != 0) {
      return c;
    }
    return verrevcmp(x.revision, y.revision);
  }

  /**
   * Tells whether dpkg accepts the version without error or warning (strict Policy syntax).
   *
   * @param version the candidate; not null
   * @return true if valid
   */
  @Override
  public boolean isValid(String version) {
    Parsed p;
    try {
      p = parse(version);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return strictProblem(p) == null;
  }

  private record Parsed(long epoch, String upstream, String revision) {}

  private static Parsed parse(String raw) {
    String v = Digits.requireNonNull(SCHEME, raw);
    // dpkg trims surrounding whitespace before parsing.
    int from = 0;
    int to = v.length();
    while (from < to && isSpace(v.charAt(from))) {
      from++;
    }
    while (to > from && isSpace(v.charAt(to - 1))) {
      to--;
    }
    if (from == to) {
      throw Digits.invalid(SCHEME, raw, "version string is empty");
    }
    String s = v.substring(from, to);
    for (int i = 0; i < s.length(); i++) {
      if (isSpace(s.charAt(i))) {
        throw Digits.invalid(SCHEME, raw, "version string has embedded spaces");
      }
    }
    long epoch = 0;
    int colon = s.indexOf(':');
    if (colon >= 0) {
      String e = s.substring(0, colon);
      if (e.isEmpty()) {
        throw Digits.invalid(SCHEME, raw, "epoch in version is empty");
      }
      if (e.charAt(0) == '-') {
        throw Digits.invalid(SCHEME, raw, "epoch in version is negative");
      }
      if (!Digits.allDigits(e)) {
        throw Digits.invalid(SCHEME, raw, "epoch in version is not number");
      }
      // dpkg stores the epoch in an int; anything larger is an error, not a wrap-around.
      if (Digits.compare(e, Integer.toString(Integer.MAX_VALUE)) > 0) {
        throw Digits.invalid(SCHEME, raw, "epoch in version is too big");
      }
      epoch = Long.parseLong(Digits.stripZeros(e));
      s = s.substring(colon + 1);
      if (s.isEmpty()) {
        throw Digits.invalid(SCHEME, raw, "nothing after colon in version number");
      }
    }
    String revision = "";
    int hyphen = s.lastIndexOf('-');
    if (hyphen >= 0) {
      revision = s.substring(hyphen + 1);
      s = s.substring(0, hyphen);
      if (revision.isEmpty()) {
        throw Digits.invalid(SCHEME, raw, "revision number is empty");
      }
    }
    if (s.isEmpty()) {
      throw Digits.invalid(SCHEME, raw, "version number is empty");
    }
    return new Parsed(epoch, s, revision);
  }

  /** The problems dpkg reports only as warnings; null if none. */
  private static String strictProblem(Parsed p) {
    if (!Digits.isDigit(p.upstream.charAt(0))) {
      return "version number does not start with digit";
    }
    for (int i = 0; i < p.upstream.length(); i++) {
      char c = p.upstream.charAt(i);
      if (!Digits.isDigit(c) && !Digits.isAsciiLetter(c) && ".-+~:".indexOf(c) < 0) {
        return "invalid character in version number";
      }
    }
    for (int i = 0; i < p.revision.length(); i++) {
      char c = p.revision.charAt(i);
      if (!Digits.isDigit(c) && !Digits.isAsciiLetter(c) && ".+~".indexOf(c) < 0) {
        return "invalid character in revision number";
      }
    }
    return null;
  }

  private static boolean isSpace(char c) {
    // C isspace() in the "C" locale.
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
  }

  /**
   * Weight of a non-digit character: '~' sorts before everything, even the end of the string (so
   * "1.0~rc1" &lt; "1.0"), letters sort before non-letters, and the end of a part sorts like a digit
   * run's start.
   */
  private static int order(String s, int i) {
    if (i >= s.length()) {
      return 0;
    }
    char c = s.charAt(i);
    if (Digits.isDigit(c)) {
      return 0;
    }
    if (Digits.isAsciiLetter(c)) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    return c + 256;
  }

  /** dpkg's verrevcmp: alternating non-digit and digit runs; linear in the input length. */
  static int verrevcmp(String a, String b) {
    int i = 0;
    int j = 0;
    int la = a.length();
    int lb = b.length();
    while (i < la || j < lb) {
      while ((i < la && !Digits.isDigit(a.charAt(i))) || (j < lb && !Digits.isDigit(b.charAt(j)))) {
        int ac = order(a, i);
        int bc = order(b, j);
        if (ac != bc) {
          return ac < bc ? -1 : 1;
        }
        i++;
        j++;
      }
      int si = Math.min(i, la);
      int sj = Math.min(j, lb);
      i = si;
      j = sj;
      while (i < la && Digits.isDigit(a.charAt(i))) {
        i++;
      }
      while (j < lb && Digits.isDigit(b.charAt(j))) {
        j++;
      }
      int c = Digits.compare(a, si, i, b, sj, j);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
