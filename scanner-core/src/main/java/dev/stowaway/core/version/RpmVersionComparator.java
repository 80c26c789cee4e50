package dev.stowaway.core.version;

import dev.stowaway.api.vuln.VersionComparator;

/**
 * Orders RPM versions ({@code [epoch:]version[-release]}) as rpm 4.18's {@code rpmvercmp()} and EVR
 * comparison do.
 *
 * <p>Reference: rpm's lib/rpmvercmp.c and tests/rpmvercmp.at
 * (https://github.com/rpm-software-management/rpm/blob/master/rpmio/rpmvercmp.c), and the version
 * comparison description at https://rpm-software-management.github.io/rpm/manual/dependencies.html .
 *
 * <p>Epoch is the leading digit run before a ':' (missing = 0). Version and release are compared
 * with rpmvercmp; a release that is present sorts after a missing one (as {@code rpm.ver} does). Any
 * non-empty string is a valid rpm version, as rpm itself never rejects one. Stateless and
 * thread-safe.
 */
public final class RpmVersionComparator implements VersionComparator {
  static final String SCHEME = "rpm";

  /** Creates the comparator. */
  public RpmVersionComparator() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public int compare(String a, String b) {
    Evr x = parse(a);
    Evr y = parse(b);
    int c = rpmvercmp(x.epoch, y.epoch);
    if (c != 0) {
      return c;
    }
    c = rpmvercmp(x.version, y.version);
    if (c != 0) {
      return c;
    }
    if (x.release == null || y.release == null) {
      // Why: rpm.ver("1") < rpm.ver("1-0"): a missing release sorts before any release.
      return x.release == null ? (y.release == null ? 0 : -1) : 1;
    }
    return rpmvercmp(x.release, y.release);
  }

  private record Evr(String epoch, String version, String release) {}

  private static Evr parse(String raw) {
    String s = Digits.requireNonNull(SCHEME, raw);
    if (s.isEmpty()) {
      throw Digits.invalid(SCHEME, raw, "version is empty");
    }
    // rpm's parseEVR: an epoch only if the string starts with digits followed by ':'.
    int i = 0;
    while (i < s.length() && Digits.isDigit(s.charAt(i))) {
      i++;
    }
    String epoch = "0";
    String rest = s;
    if (i < s.length() && s.charAt(i) == ':') {
      epoch = i == 0 ? "0" : s.substring(0, i);
      rest = s.substring(i + 1);
    }
    int dash = rest.lastIndexOf('-');
    if (dash < 0) {
      return new Evr(epoch, rest, null);
    }
    return new Evr(epoch, rest.substring(0, dash), rest.substring(dash + 1));
  }

  private static boolean isAlnum(char c) {
    // rpm's risalnum is ASCII-only: any other character, non-ASCII included, is a separator.
    return Digits.isDigit(c) || Digits.isAsciiLetter(c);
  }

  /** rpm's rpmvercmp on one version or release string. Linear in the input length. */
  static int rpmvercmp(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    int la = a.length();
    int lb = b.length();
    while (i < la || j < lb) {
      while (i < la && !isAlnum(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
        i++;
      }
      while (j < lb && !isAlnum(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
        j++;
      }
      char ca = i < la ? a.charAt(i) : 0;
      char cb = j < lb ? b.charAt(j) : 0;
      // '~' sorts before everything, even the end of the string (pre-releases: 1.0~rc1 < 1.0).
      if (ca == '~' || cb == '~') {
        if (ca != '~') {
          return 1;
        }
        if (cb != '~') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      // '^' sorts after the end of the string but before anything else (snapshots: 1.0 < 1.0^git1 < 1.0.1).
      if (ca == '^' || cb == '^') {
        if (i >= la) {
          return -1;
        }
        if (j >= lb) {
          return 1;
        }
        if (ca != '^') {
          return 1;
        }
        if (cb != '^') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (i >= la || j >= lb) {
        break;
      }
      int si = i;
      int sj = j;
      boolean numeric = Digits.isDigit(ca);
      if (numeric) {
        while (i < la && Digits.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < lb && Digits.isDigit(b.charAt(j))) {
          j++;
        }
      } else {
        while (i < la && Digits.isAsciiLetter(a.charAt(i))) {
          i++;
        }
        while (j < lb && Digits.isAsciiLetter(b.charAt(j))) {
          j++;
        }
      }
      if (j == sj) {
        // Segments of different types: numeric beats alphabetic.
        return numeric ? 1 : -1;
      }
      int c;
      if (numeric) {
        c = Digits.compare(a, si, i, b, sj, j);
      } else {
        c = a.substring(si, i).compareTo(b.substring(sj, j));
      }
      if (c != 0) {
        return c < 0 ? -1 : 1;
      }
    }
    if (i >= la && j >= lb) {
      return 0;
    }
    return i >= la ? -1 : 1;
  }
}
