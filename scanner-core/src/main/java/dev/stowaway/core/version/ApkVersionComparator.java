package dev.stowaway.core.version;

import dev.stowaway.api.vuln.VersionComparator;

/**
 * Orders Alpine (apk-tools) package versions, as used by Alpine, Wolfi and Chainguard.
 *
 * <p>Reference: apk-tools src/version.c (https://gitlab.alpinelinux.org/alpine/apk-tools) and the
 * package version grammar in apk-package(5): {@code digit{.digit}...[letter]{_suffix[number]}...[~hash][-r#]}
 * with suffixes {@code alpha beta pre rc} (before the release) and {@code cvs svn git hg p} (after).
 *
 * <p>Comparison is apk-tools' token walk: both strings are cut into typed tokens (digit, letter,
 * suffix, suffix number, hash, revision) and compared token by token; when one side runs out, the
 * longer one is newer unless its next token is a pre-release suffix. Like apk, {@link #compare} orders
 * any non-empty string (an unparsable tail just ends the walk), while {@link #isValid} applies the
 * strict grammar of apk-tools 3's {@code apk_version_validate}. Numbers of any length compare exactly.
 * Stateless and thread-safe.
 */
public final class ApkVersionComparator implements VersionComparator {
  static final String SCHEME = "apk";

  // Token types; the numeric order matters (apk compares token types when values tie).
  private static final int INVALID = -1;
  private static final int DIGIT_OR_ZERO = 0;
  private static final int DIGIT = 1;
  private static final int LETTER = 2;
  private static final int SUFFIX = 3;
  private static final int SUFFIX_NO = 4;
  private static final int HASH = 5;
  private static final int REVISION_NO = 6;
  private static final int END = 7;

  private static final String[] PRE_SUFFIXES = {"alpha", "beta", "pre", "rc"};
  private static final String[] POST_SUFFIXES = {"cvs", "svn", "git", "hg", "p"};

  /** Creates the comparator. */
  public ApkVersionComparator() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public int compare(String a, String b) {
    return compare(a, b, false);
  }

  /**
   * Compares a version with a pattern the way apk's fuzzy operator {@code ~} does: the version
   * matches (result 0) when its leading tokens equal all of the pattern's tokens, so "3.6.9" and
   * "3.6_pre1" match "3.6" while "3.8" does not match "3.8.1". Otherwise the result is that of
   * {@link #compare}.
   *
   * @param version the version; not null
   * @param pattern the version prefix; not null
   * @return 0 on a fuzzy match, else negative or positive as {@link #compare}
   */
  public int compareFuzzy(String version, String pattern) {
    return compare(version, pattern, true);
  }

  private int compare(String a, String b, boolean fuzzy) {
    check(a);
    check(b);
    Tokens x = new Tokens(a);
    Tokens y = new Tokens(b);
    Val av = Val.ZERO;
    Val bv = Val.ZERO;
    while (x.type == y.type && x.type != END && x.type != INVALID && av.compareTo(bv) == 0) {
      av = x.next();
      bv = y.next();
    }
    int c = av.compareTo(bv);
    if (c != 0) {
      return c;
    }
    if (x.type == y.type) {
      return 0;
    }
    if (fuzzy && y.type == END) {
      return 0;
    }
    // One side has more tokens: it is newer, unless what follows is a pre-release suffix.
    if (x.type == SUFFIX && x.copy().next().compareTo(Val.ZERO) < 0) {
      return -1;
    }
    if (y.type == SUFFIX && y.copy().next().compareTo(Val.ZERO) < 0) {
      return 1;
    }
    // Otherwise the side whose next token type ranks lower is newer (a letter beats the end, the end
    // beats a revision). An unparsable tail ranks last, i.e. makes the version older, as in
    // apk-tools 3 (apk-tools 2 ranked it first).
    int xr = x.type == INVALID ? END + 1 : x.type;
    int yr = y.type == INVALID ? END + 1 : y.type;
    return Integer.compare(yr, xr);
  }

  /**
   * Tells whether the version follows apk-tools' strict grammar.
   *
   * @param version the candidate; not null
   * @return true if valid
   */
  @Override
  public boolean isValid(String version) {
    if (version == null) {
      return false;
    }
    String s = version;
    int n = s.length();
    int i = digits(s, 0);
    if (i == 0) {
      return false;
    }
    while (i < n && s.charAt(i) == '.') {
      int j = digits(s, i + 1);
      if (j == i + 1) {
        return false;
      }
      i = j;
    }
    if (i < n && s.charAt(i) >= 'a' && s.charAt(i) <= 'z') {
      i++;
    }
    while (i < n && s.charAt(i) == '_') {
      int j = suffixEnd(s, i + 1);
      if (j < 0) {
        return false;
      }
      i = digits(s, j);
    }
    if (i < n && s.charAt(i) == '~') {
      int j = i + 1;
      while (j < n && isHex(s.charAt(j))) {
        j++;
      }
      if (j == i + 1) {
        return false;
      }
      i = j;
    }
    if (i + 1 < n && s.charAt(i) == '-' && s.charAt(i + 1) == 'r') {
      int j = digits(s, i + 2);
      if (j == i + 2) {
        return false;
      }
      i = j;
    }
    return i == n;
  }

  private static void check(String v) {
    Digits.requireNonNull(SCHEME, v);
    if (v.isEmpty()) {
      throw Digits.invalid(SCHEME, v, "version is empty");
    }
  }

  private static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && Digits.isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isHex(char c) {
    return Digits.isDigit(c) || (c >= 'a' && c <= 'f');
  }

  /** End index of an exact suffix name at {@code from}, or -1. */
  private static int suffixEnd(String s, int from) {
    for (String[] names : new String[][] {PRE_SUFFIXES, POST_SUFFIXES}) {
      for (String name : names) {
        if (s.startsWith(name, from)) {
          int end = from + name.length();
          if (end == s.length() || !Character.isLetter(s.charAt(end))) {
            return end;
          }
        }
      }
    }
    return -1;
  }

  /**
   * A token value: a small signed number (letters, suffix ranks), a non-negative number of any length,
   * a version component after a '.', or text (commit hashes).
   */
  private record Val(int kind, String text, long small) implements Comparable<Val> {
    static final int SMALL = 0;
    static final int NUMBER = 1;
    static final int COMPONENT = 2;
    static final int TEXT = 3;
    static final Val ZERO = of(0);

    static Val of(long v) {
      return new Val(SMALL, null, v);
    }

    @Override
    public int compareTo(Val o) {
      if (kind == COMPONENT && o.kind == COMPONENT) {
        if (text.startsWith("0") || o.text.startsWith("0")) {
          // Why: as in Gentoo/apk-tools 3, a component with a leading zero is a decimal fraction:
          // compare as strings without trailing zeros, so 1.01 < 1.1, 8.2.0 < 8.2.001 and
          // 8.2.0015 < 8.2.002.
          return Integer.signum(stripTrailingZeros(text).compareTo(stripTrailingZeros(o.text)));
        }
        return Digits.compare(text, o.text);
      }
      if (kind == TEXT || o.kind == TEXT) {
        return kind == o.kind ? Integer.signum(text.compareTo(o.text)) : 0;
      }
      boolean big = kind != SMALL;
      boolean oBig = o.kind != SMALL;
      if (big && oBig) {
        return Digits.compare(text, o.text);
      }
      if (!big && !oBig) {
        return Long.compare(small, o.small);
      }
      if (big) {
        return o.small < 0 ? 1 : Digits.compare(text, Long.toString(o.small));
      }
      return small < 0 ? -1 : Digits.compare(Long.toString(small), o.text);
    }

    private static String stripTrailingZeros(String digits) {
      int end = digits.length();
      while (end > 0 && digits.charAt(end - 1) == '0') {
        end--;
      }
      return digits.substring(0, end);
    }
  }

  /** apk-tools' tokenizer state over one version string. */
  private static final class Tokens {
    private final String s;
    private int pos;
    int type = DIGIT;

    Tokens(String s) {
      this.s = s;
    }

    Tokens copy() {
      Tokens t = new Tokens(s);
      t.pos = pos;
      t.type = type;
      return t;
    }

    /** Reads the value of the current token and advances to the next token's type. */
    Val next() {
      if (pos >= s.length()) {
        type = END;
        return Val.ZERO;
      }
      int i = pos;
      int nextType = INVALID;
      Val v;
      switch (type) {
        case DIGIT_OR_ZERO:
          {
            // A component after a '.': compared Gentoo-style (see Val) so keep the raw digits.
            int j = endOfDigits(i);
            v = new Val(Val.COMPONENT, s.substring(i, j), 0);
            i = j;
            break;
          }
        case DIGIT:
        case SUFFIX_NO:
        case REVISION_NO:
          v = number(i);
          i = endOfDigits(i);
          break;
        case LETTER:
          v = Val.of(s.charAt(i));
          i++;
          break;
        case HASH:
          {
            int j = i;
            while (j < s.length() && isHex(s.charAt(j))) {
              j++;
            }
            // apk-tools 3 compares commit hashes as plain strings.
            v = new Val(Val.TEXT, s.substring(i, j), 0);
            i = j;
            break;
          }
        case SUFFIX:
          {
            // The suffix number is optional: without one, the next token is typed from what
            // follows, so "_alpha_pre2" is two suffixes (apk-tools 3), not a suffix and garbage.
            int idx = prefixIndex(PRE_SUFFIXES, i);
            if (idx >= 0) {
              v = Val.of(idx - PRE_SUFFIXES.length);
              i += PRE_SUFFIXES[idx].length();
              break;
            }
            idx = prefixIndex(POST_SUFFIXES, i);
            if (idx >= 0) {
              v = Val.of(idx);
              i += POST_SUFFIXES[idx].length();
              break;
            }
            type = INVALID;
            return Val.of(-1);
          }
        default:
          type = INVALID;
          return Val.of(-1);
      }
      pos = i;
      if (pos >= s.length()) {
        type = END;
      } else if (nextType != INVALID) {
        type = nextType;
      } else {
        advanceType();
      }
      return v;
    }

    private int prefixIndex(String[] names, int at) {
      for (int k = 0; k < names.length; k++) {
        if (s.startsWith(names[k], at)) {
          return k;
        }
      }
      return -1;
    }

    private int endOfDigits(int i) {
      while (i < s.length() && Digits.isDigit(s.charAt(i))) {
        i++;
      }
      return i;
    }

    private Val number(int i) {
      int j = endOfDigits(i);
      return j == i ? Val.ZERO : new Val(Val.NUMBER, s.substring(i, j), 0);
    }

    /** apk's next_token: decides the type of the token starting at {@code pos}. */
    private void advanceType() {
      int n = INVALID;
      char c = s.charAt(pos);
      if ((type == DIGIT || type == DIGIT_OR_ZERO) && c >= 'a' && c <= 'z') {
        n = LETTER;
      } else if (type == LETTER && Digits.isDigit(c)) {
        n = DIGIT;
      } else if (type == SUFFIX && Digits.isDigit(c)) {
        n = SUFFIX_NO;
      } else {
        switch (c) {
          case '.':
            // A '.' must start another number ("1.r2" is invalid from the '.').
            if (pos + 1 < s.length() && Digits.isDigit(s.charAt(pos + 1))) {
              n = DIGIT_OR_ZERO;
            }
            break;
          case '_':
            n = SUFFIX;
            break;
          case '~':
            n = HASH;
            break;
          case '-':
            // A revision is "-r" and a number; anything else after '-' is invalid.
            if (pos + 2 < s.length()
                && s.charAt(pos + 1) == 'r'
                && Digits.isDigit(s.charAt(pos + 2))) {
              n = REVISION_NO;
              pos++;
            }
            break;
          default:
            break;
        }
        pos++;
      }
      // Token types may only repeat or move forward, with three allowed steps back.
      if (n < type) {
        if (!((n == DIGIT_OR_ZERO && type == DIGIT)
            || (n == SUFFIX && type == SUFFIX_NO)
            || (n == DIGIT && type == LETTER))) {
          n = INVALID;
        }
      }
      type = n;
    }
  }
}
