package dev.stowaway.core.match;

import dev.stowaway.api.vuln.InvalidVersionException;
import dev.stowaway.api.vuln.VersionComparator;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only comparator (not registered as a service; tests pass it explicitly): splits a version into runs of digits and of letters (anything else separates),
 * compares digit runs as numbers and letter runs as text; the shorter list is older. Enough for the
 * plain versions in the matcher tests; the real per-scheme comparators live in
 * {@code dev.stowaway.core.version}. Rejects empty versions and versions with spaces.
 */
public class NaiveVersionComparator implements VersionComparator {
  private final String scheme;

  /** The ServiceLoader form, scheme {@code naive-test}. */
  public NaiveVersionComparator() {
    this("naive-test");
  }

  /** @param scheme the scheme to claim */
  public NaiveVersionComparator(String scheme) {
    this.scheme = scheme;
  }

  @Override
  public String scheme() {
    return scheme;
  }

  @Override
  public int compare(String a, String b) {
    List<String> x = tokens(a);
    List<String> y = tokens(b);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      String p = x.get(i);
      String q = y.get(i);
      boolean pn = Character.isDigit(p.charAt(0));
      boolean qn = Character.isDigit(q.charAt(0));
      int c;
      if (pn && qn) {
        c = new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
      } else if (pn != qn) {
        c = pn ? 1 : -1;
      } else {
        c = p.compareTo(q);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  private List<String> tokens(String v) {
    if (v.isEmpty() || v.contains(" ")) {
      throw new InvalidVersionException("not a " + scheme + " version: '" + v + "'");
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < v.length()) {
      char c = v.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        i++;
        continue;
      }
      int j = i;
      boolean digit = Character.isDigit(c);
      while (j < v.length() && Character.isLetterOrDigit(v.charAt(j)) && Character.isDigit(v.charAt(j)) == digit) {
        j++;
      }
      out.add(v.substring(i, j));
      i = j;
    }
    return out;
  }
}
