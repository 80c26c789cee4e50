package dev.stowaway.core.version;

import dev.stowaway.api.vuln.VersionComparator;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders PHP Composer (Packagist) versions as PHP's {@code version_compare()} does, which is what
 * OSV-Scanner uses for the Packagist ecosystem.
 *
 * <p>Reference: https://www.php.net/manual/en/function.version-compare.php (algorithm in php-src
 * ext/standard/versioning.c) and https://getcomposer.org/doc/articles/versions.md . A leading
 * {@code v}/{@code V} is dropped (Composer tags); then '-', '_' and '+' become '.', a '.' is inserted
 * at every digit/non-digit switch and other non-alphanumerics act as '.'. Parts compare pairwise:
 * numbers numerically (any length), words by their special-form rank {@code dev} &lt; {@code
 * alpha}={@code a} &lt; {@code beta}={@code b} &lt; {@code RC}={@code rc} &lt; number &lt; {@code
 * pl}={@code p} (prefix match; unknown words rank below {@code dev}). When one side runs out, an extra
 * number makes it newer (1.0 &lt; 1.0.0) and an extra word is ranked against a number. Stateless and
 * thread-safe.
 */
public final class PackagistVersionComparator implements VersionComparator {
  static final String SCHEME = "packagist";

  /** Rank of a number among the special forms ("#" in php-src). */
  private static final int NUMBER_RANK = 4;

  /** Creates the comparator. */
  public PackagistVersionComparator() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public int compare(String a, String b) {
    List<String> x = parts(a);
    List<String> y = parts(b);
    int n = Math.min(x.size(), y.size());
    for (int i = 0; i < n; i++) {
      String p = x.get(i);
      String q = y.get(i);
      boolean pn = Digits.isDigit(p.charAt(0));
      boolean qn = Digits.isDigit(q.charAt(0));
      int c;
      if (pn && qn) {
        c = Digits.compare(p, q);
      } else {
        c = Integer.compare(pn ? NUMBER_RANK : rank(p), qn ? NUMBER_RANK : rank(q));
      }
      if (c != 0) {
        return c;
      }
    }
    if (x.size() > n) {
      return leftover(x.get(n));
    }
    if (y.size() > n) {
      return -leftover(y.get(n));
    }
    return 0;
  }

  /** How the first unmatched part of the longer version ranks against "nothing more". */
  private static int leftover(String part) {
    if (Digits.isDigit(part.charAt(0))) {
      return 1;
    }
    return Integer.compare(rank(part), NUMBER_RANK);
  }

  /** php-src's special forms, matched as prefixes and case-sensitively, as PHP does. */
  private static int rank(String word) {
    String[] names = {"dev", "alpha", "a", "beta", "b", "RC", "rc", "#", "pl", "p"};
    int[] ranks = {0, 1, 1, 2, 2, 3, 3, 4, 5, 5};
    for (int i = 0; i < names.length; i++) {
      if (word.startsWith(names[i])) {
        return ranks[i];
      }
    }
    return -1;
  }

  private static boolean isAlnum(char c) {
    return Digits.isDigit(c) || Digits.isAsciiLetter(c);
  }

  /** PHP's canonicalisation, returned as the non-empty '.'-separated parts. */
  private static List<String> parts(String raw) {
    Digits.requireNonNull(SCHEME, raw);
    String s = raw;
    if (!s.isEmpty() && (s.charAt(0) == 'v' || s.charAt(0) == 'V')) {
      s = s.substring(1);
    }
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isAlnum(c)) {
        flush(cur, out);
        continue;
      }
      if (cur.length() > 0 && Digits.isDigit(cur.charAt(0)) != Digits.isDigit(c)) {
        flush(cur, out);
      }
      cur.append(c);
    }
    flush(cur, out);
    if (out.isEmpty()) {
      throw Digits.invalid(SCHEME, raw, "no version parts");
    }
    return out;
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (cur.length() > 0) {
      out.add(cur.toString());
      cur.setLength(0);
    }
  }
}
