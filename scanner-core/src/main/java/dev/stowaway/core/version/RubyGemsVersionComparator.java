package dev.stowaway.core.version;

import dev.stowaway.api.vuln.VersionComparator;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders RubyGems versions as {@code Gem::Version#<=>} does.
 *
 * <p>Reference: Gem::Version (https://github.com/rubygems/rubygems/blob/master/lib/rubygems/version.rb
 * and https://guides.rubygems.org/patterns/#semantic-versioning). A '-' means ".pre." ("1.2-1" is
 * "1.2.pre.1"); the version is split into runs of digits and runs of letters; trailing zeros of the
 * numeric part and of the part after the first letter run are dropped ("1.0" == "1"); then segments
 * compare pairwise, a missing one counting as 0, numbers numerically, strings byte-wise, and any
 * string is older than any number (so a letter makes a pre-release: "1.0.a" &lt; "1.0").
 *
 * <p>{@link #isValid} is {@code Gem::Version.correct?}. {@link #compare} additionally accepts letters
 * directly after the leading number ("1beta"), as OSV-Scanner does. Blank strings are version "0".
 * Stateless and thread-safe.
 */
public final class RubyGemsVersionComparator implements VersionComparator {
  static final String SCHEME = "rubygems";

  /** Creates the comparator. */
  public RubyGemsVersionComparator() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public int compare(String a, String b) {
    List<String> x = canonicalSegments(a);
    List<String> y = canonicalSegments(b);
    int n = Math.max(x.size(), y.size());
    for (int i = 0; i < n; i++) {
      String l = i < x.size() ? x.get(i) : "0";
      String r = i < y.size() ? y.get(i) : "0";
      boolean ln = Digits.isDigit(l.charAt(0));
      boolean rn = Digits.isDigit(r.charAt(0));
      int c;
      if (ln && rn) {
        c = Digits.compare(l, r);
      } else if (ln != rn) {
        c = ln ? 1 : -1;
      } else {
        c = Integer.signum(l.compareTo(r));
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * Tells whether RubyGems accepts the string ({@code Gem::Version.correct?}).
   *
   * @param version the candidate; not null
   * @return true if valid
   */
  @Override
  public boolean isValid(String version) {
    return version != null && grammarOk(trim(version), false);
  }

  /**
   * Tells whether a version is a pre-release ({@code Gem::Version#prerelease?}): it contains a letter.
   *
   * @param version a valid version; not null
   * @return true for pre-releases such as "1.2.0.a" or "1-1" (read as "1.pre.1")
   */
  public static boolean isPrerelease(String version) {
    Digits.requireNonNull(SCHEME, version);
    for (int i = 0; i < version.length(); i++) {
      char c = version.charAt(i);
      if (Digits.isAsciiLetter(c) || c == '-') {
        return true;
      }
    }
    return false;
  }

  private static boolean isRubySpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
  }

  private static String trim(String v) {
    int from = 0;
    int to = v.length();
    while (from < to && isRubySpace(v.charAt(from))) {
      from++;
    }
    while (to > from && isRubySpace(v.charAt(to - 1))) {
      to--;
    }
    return v.substring(from, to);
  }

  private static boolean isAlnum(char c) {
    return Digits.isDigit(c) || Digits.isAsciiLetter(c);
  }

  /**
   * The version pattern {@code [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?}, or empty;
   * {@code lenientFirst} also allows letters glued to the first number.
   */
  private static boolean grammarOk(String s, boolean lenientFirst) {
    int n = s.length();
    if (n == 0) {
      return true;
    }
    int i = 0;
    while (i < n && Digits.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == 0) {
      return false;
    }
    if (lenientFirst) {
      while (i < n && isAlnum(s.charAt(i))) {
        i++;
      }
    }
    while (i < n && s.charAt(i) == '.') {
      int j = i + 1;
      while (j < n && isAlnum(s.charAt(j))) {
        j++;
      }
      if (j == i + 1) {
        return false;
      }
      i = j;
    }
    if (i < n && s.charAt(i) == '-') {
      while (true) {
        int j = i + 1;
        while (j < n && (isAlnum(s.charAt(j)) || s.charAt(j) == '-')) {
          j++;
        }
        if (j == i + 1) {
          return false;
        }
        i = j;
        if (i < n && s.charAt(i) == '.') {
          continue;
        }
        break;
      }
    }
    return i == n;
  }

  /** Gem::Version#canonical_segments, as strings (digit runs or letter runs). */
  private static List<String> canonicalSegments(String raw) {
    Digits.requireNonNull(SCHEME, raw);
    String s = trim(raw);
    if (!grammarOk(s, true)) {
      throw Digits.invalid(SCHEME, raw, "malformed version number string");
    }
    if (s.isEmpty()) {
      s = "0";
    }
    List<String> segments = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int j = i;
      if (Digits.isDigit(c)) {
        while (j < s.length() && Digits.isDigit(s.charAt(j))) {
          j++;
        }
        segments.add(Digits.stripZeros(s.substring(i, j)));
      } else if (Digits.isAsciiLetter(c)) {
        while (j < s.length() && Digits.isAsciiLetter(s.charAt(j))) {
          j++;
        }
        segments.add(s.substring(i, j));
      } else {
        if (c == '-') {
          // "-" is shorthand for ".pre.".
          segments.add("pre");
        }
        j = i + 1;
      }
      i = j;
    }
    // Split at the first string segment and drop trailing zeros of both halves.
    int firstString = segments.size();
    for (int k = 0; k < segments.size(); k++) {
      if (!Digits.isDigit(segments.get(k).charAt(0))) {
        firstString = k;
        break;
      }
    }
    List<String> numeric = dropTrailingZeros(segments.subList(0, firstString));
    List<String> rest = dropTrailingZeros(segments.subList(firstString, segments.size()));
    List<String> out = new ArrayList<>(numeric);
    out.addAll(rest);
    return out;
  }

  private static List<String> dropTrailingZeros(List<String> list) {
    int end = list.size();
    while (end > 0 && list.get(end - 1).equals("0")) {
      end--;
    }
    return list.subList(0, end);
  }
}
