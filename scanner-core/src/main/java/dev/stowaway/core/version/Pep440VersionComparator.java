package dev.stowaway.core.version;

import dev.stowaway.api.vuln.VersionComparator;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders Python package versions per PEP 440, as {@code packaging.version.Version} does.
 *
 * <p>Reference: PEP 440 / the PyPA "Version specifiers" specification
 * (https://packaging.python.org/en/latest/specifications/version-specifiers/), including its
 * normalisation rules (case, separators, alternative spellings alpha/beta/c/pre/preview/rev/r,
 * implicit numbers, implicit post releases "1.0-1", leading "v", surrounding whitespace).
 *
 * <p>Sort key, as packaging's {@code _cmpkey}: epoch; release with trailing zeros removed; pre-release
 * (a &lt; b &lt; rc; a dev release with neither pre nor post sorts before every pre-release; no
 * pre-release sorts after all); post release (none first); dev release (none last); local version
 * (none first; numeric segments beat alphanumeric ones). The parser is hand-written and linear (no
 * backtracking regular expression). Legacy non-PEP 440 versions are rejected with {@link
 * dev.stowaway.api.vuln.InvalidVersionException}. Stateless and thread-safe.
 */
public final class Pep440VersionComparator implements VersionComparator {
  static final String SCHEME = "pep440";

  /** Creates the comparator. */
  public Pep440VersionComparator() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public int compare(String a, String b) {
    return parse(a).compareTo(parse(b));
  }

  /**
   * Returns the normalised form of a version (e.g. "1.0-ALPHA_1" becomes "1.0a1").
   *
   * @param version a version; not null
   * @return its canonical string; never null
   * @throws dev.stowaway.api.vuln.InvalidVersionException if not a PEP 440 version
   */
  public static String normalize(String version) {
    return parse(version).toString();
  }

  /** Parsed version; numbers are digit strings without leading zeros; null means absent. */
  private record Version(
      String epoch,
      List<String> release,
      int preKind,
      String preNumber,
      String post,
      String dev,
      List<String> local)
      implements Comparable<Version> {

    @Override
    public int compareTo(Version o) {
      int c = Digits.compare(epoch, o.epoch);
      if (c != 0) {
        return c;
      }
      c = compareRelease(release, o.release);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(preRank(), o.preRank());
      if (c != 0) {
        return c;
      }
      if (preKind >= 0) {
        c = Digits.compare(preNumber, o.preNumber);
        if (c != 0) {
          return c;
        }
      }
      c = compareOptional(post, o.post, -1);
      if (c != 0) {
        return c;
      }
      c = compareOptional(dev, o.dev, 1);
      if (c != 0) {
        return c;
      }
      return compareLocal(local, o.local);
    }

    /** -1: dev-only release (before any pre), 0..2: a/b/rc, 3: no pre-release. */
    private int preRank() {
      if (preKind < 0) {
        return (post == null && dev != null) ? -1 : 3;
      }
      return preKind;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (!epoch.equals("0")) {
        sb.append(epoch).append('!');
      }
      sb.append(String.join(".", release));
      if (preKind >= 0) {
        sb.append(new String[] {"a", "b", "rc"}[preKind]).append(preNumber);
      }
      if (post != null) {
        sb.append(".post").append(post);
      }
      if (dev != null) {
        sb.append(".dev").append(dev);
      }
      if (local != null) {
        sb.append('+').append(String.join(".", local));
      }
      return sb.toString();
    }
  }

  /** Absent sorts as {@code absentSign} (-1: before everything, 1: after everything). */
  private static int compareOptional(String x, String y, int absentSign) {
    if (x == null || y == null) {
      if (x == null && y == null) {
        return 0;
      }
      return x == null ? absentSign : -absentSign;
    }
    return Digits.compare(x, y);
  }

  private static int compareRelease(List<String> x, List<String> y) {
    // Trailing zeros are irrelevant (1.0 == 1.0.0): pad the shorter with zeros.
    int n = Math.max(x.size(), y.size());
    for (int i = 0; i < n; i++) {
      String a = i < x.size() ? x.get(i) : "0";
      String b = i < y.size() ? y.get(i) : "0";
      int c = Digits.compare(a, b);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int compareLocal(List<String> x, List<String> y) {
    if (x == null || y == null) {
      return x == null ? (y == null ? 0 : -1) : 1;
    }
    int n = Math.min(x.size(), y.size());
    for (int i = 0; i < n; i++) {
      String a = x.get(i);
      String b = y.get(i);
      boolean an = Digits.allDigits(a);
      boolean bn = Digits.allDigits(b);
      int c;
      if (an && bn) {
        c = Digits.compare(a, b);
      } else if (an != bn) {
        // Numeric local segments sort after alphanumeric ones.
        c = an ? 1 : -1;
      } else {
        c = Integer.signum(a.compareTo(b));
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  private static boolean isPySpace(char c) {
    // Python's str.isspace(), which is what packaging's "\s" matches.
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
  }

  private static boolean isSep(char c) {
    return c == '-' || c == '_' || c == '.';
  }

  /** Cursor over the lower-cased, trimmed version. */
  private static final class Cursor {
    final String s;
    int pos;

    Cursor(String s) {
      this.s = s;
    }

    boolean at(int i, char c) {
      return i < s.length() && s.charAt(i) == c;
    }

    boolean digitAt(int i) {
      return i < s.length() && Digits.isDigit(s.charAt(i));
    }

    boolean sepAt(int i) {
      return i < s.length() && isSep(s.charAt(i));
    }

    int digitsEnd(int i) {
      while (digitAt(i)) {
        i++;
      }
      return i;
    }

    /** Index after the first matching word at {@code i}, or -1. Order the words longest first. */
    int word(int i, String... words) {
      for (String w : words) {
        if (s.startsWith(w, i)) {
          return i + w.length();
        }
      }
      return -1;
    }
  }

  private static Version parse(String raw) {
    Digits.requireNonNull(SCHEME, raw);
    int from = 0;
    int to = raw.length();
    while (from < to && isPySpace(raw.charAt(from))) {
      from++;
    }
    while (to > from && isPySpace(raw.charAt(to - 1))) {
      to--;
    }
    StringBuilder lower = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      // ASCII-only case folding: non-ASCII letters are never valid (e.g. "1.0+\u0130").
      lower.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    Cursor p = new Cursor(lower.toString());
    if (p.at(0, 'v')) {
      p.pos = 1;
    }
    // Epoch: digits followed by '!'.
    String epoch = "0";
    int e = p.digitsEnd(p.pos);
    if (e > p.pos && p.at(e, '!')) {
      epoch = Digits.stripZeros(p.s.substring(p.pos, e));
      p.pos = e + 1;
    }
    // Release: N(.N)*
    List<String> release = new ArrayList<>();
    int r = p.digitsEnd(p.pos);
    if (r == p.pos) {
      throw Digits.invalid(SCHEME, raw, "no release number");
    }
    release.add(Digits.stripZeros(p.s.substring(p.pos, r)));
    p.pos = r;
    while (p.at(p.pos, '.') && p.digitAt(p.pos + 1)) {
      int end = p.digitsEnd(p.pos + 1);
      release.add(Digits.stripZeros(p.s.substring(p.pos + 1, end)));
      p.pos = end;
    }
    // Pre-release: [sep](alpha|a|beta|b|preview|pre|c|rc)[sep][N]
    int preKind = -1;
    String preNumber = null;
    {
      int i = p.sepAt(p.pos) ? p.pos + 1 : p.pos;
      int w = p.word(i, "alpha", "a", "beta", "b", "preview", "pre", "c", "rc");
      if (w >= 0) {
        String label = p.s.substring(i, w);
        preKind =
            switch (label) {
              case "alpha", "a" -> 0;
              case "beta", "b" -> 1;
              default -> 2;
            };
        int[] num = optionalNumber(p, w);
        preNumber = num[0] < 0 ? "0" : p.s.substring(num[0], num[1]);
        p.pos = num[0] < 0 ? w : num[1];
        preNumber = Digits.stripZeros(preNumber);
      }
    }
    // Post release: -N | [sep](post|rev|r)[sep][N]
    String post = null;
    if (p.at(p.pos, '-') && p.digitAt(p.pos + 1)) {
      int end = p.digitsEnd(p.pos + 1);
      post = Digits.stripZeros(p.s.substring(p.pos + 1, end));
      p.pos = end;
    } else {
      int i = p.sepAt(p.pos) ? p.pos + 1 : p.pos;
      int w = p.word(i, "post", "rev", "r");
      if (w >= 0) {
        int[] num = optionalNumber(p, w);
        post = num[0] < 0 ? "0" : Digits.stripZeros(p.s.substring(num[0], num[1]));
        p.pos = num[0] < 0 ? w : num[1];
      }
    }
    // Dev release: [sep]dev[sep][N]
    String dev = null;
    {
      int i = p.sepAt(p.pos) ? p.pos + 1 : p.pos;
      int w = p.word(i, "dev");
      if (w >= 0) {
        int[] num = optionalNumber(p, w);
        dev = num[0] < 0 ? "0" : Digits.stripZeros(p.s.substring(num[0], num[1]));
        p.pos = num[0] < 0 ? w : num[1];
      }
    }
    // Local version: +[a-z0-9]+([-_.][a-z0-9]+)*
    List<String> local = null;
    if (p.at(p.pos, '+')) {
      local = new ArrayList<>();
      int i = p.pos + 1;
      while (true) {
        int start = i;
        while (i < p.s.length() && isLocalChar(p.s.charAt(i))) {
          i++;
        }
        if (i == start) {
          throw Digits.invalid(SCHEME, raw, "empty local version segment");
        }
        String seg = p.s.substring(start, i);
        local.add(Digits.allDigits(seg) ? Digits.stripZeros(seg) : seg);
        if (p.sepAt(i)) {
          i++;
        } else {
          break;
        }
      }
      p.pos = i;
    }
    if (p.pos != p.s.length()) {
      throw Digits.invalid(SCHEME, raw, "unexpected text at offset " + p.pos);
    }
    return new Version(epoch, release, preKind, preNumber, post, dev, local);
  }

  private static boolean isLocalChar(char c) {
    return Digits.isDigit(c) || (c >= 'a' && c <= 'z');
  }

  /**
   * Reads "[sep]N" after a label at {@code i}. Returns {start, end} of the digits, or {-1, -1} when
   * there is no number (a separator without digits is then left for the next component).
   */
  private static int[] optionalNumber(Cursor p, int i) {
    if (p.sepAt(i) && p.digitAt(i + 1)) {
      return new int[] {i + 1, p.digitsEnd(i + 1)};
    }
    if (p.digitAt(i)) {
      return new int[] {i, p.digitsEnd(i)};
    }
    return new int[] {-1, -1};
  }
}
