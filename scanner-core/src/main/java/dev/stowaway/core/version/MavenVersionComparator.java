package dev.stowaway.core.version;

import dev.stowaway.api.vuln.VersionComparator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Orders Maven artifact versions with the semantics of Maven's {@code ComparableVersion}.
 *
 * <p>Reference: the POM reference's "Version Order Specification"
 * (https://maven.apache.org/pom.html#version-order-specification) and the behaviour pinned by
 * apache/maven's ComparableVersionTest.
 *
 * <p>A version is cut at '.', '-' and at every switch between digits and non-digits; a '-' (or a
 * digit/letter switch) opens a nested list, so "1-beta-2" is [1, [beta, [2]]]. Trailing "null" items
 * (0, "", ga/final/release, empty lists) are dropped. Numbers beat lists, lists beat qualifiers, and
 * qualifiers rank alpha &lt; beta &lt; milestone &lt; rc = cr &lt; snapshot &lt; "" = ga = final =
 * release &lt; sp &lt; any other qualifier (those compared as lower-cased strings). Every string is a
 * valid Maven version. Stateless and thread-safe.
 */
public final class MavenVersionComparator implements VersionComparator {
  static final String SCHEME = "maven";

  private static final List<String> QUALIFIERS =
      List.of("alpha", "beta", "milestone", "rc", "snapshot", "", "sp");
  private static final int RELEASE_INDEX = QUALIFIERS.indexOf("");

  /**
   * Longest accepted version. Why: every '-' nests a list and comparison recurses into lists, so an
   * unbounded hostile string could exhaust the stack; real Maven versions are far shorter.
   */
  static final int MAX_LENGTH = 4096;

  /** Creates the comparator. */
  public MavenVersionComparator() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public int compare(String a, String b) {
    checkLength(a);
    checkLength(b);
    return Integer.signum(parse(a).compareTo(parse(b)));
  }

  private static void checkLength(String v) {
    Digits.requireNonNull(SCHEME, v);
    if (v.length() > MAX_LENGTH) {
      throw Digits.invalid(SCHEME, v, "longer than " + MAX_LENGTH + " characters");
    }
  }

  private interface Item {
    /** Compares with another item; {@code null} stands for "nothing there" (padding). */
    int compareTo(Item other);

    /** True for items that normalisation may drop: 0, "", an empty list. */
    boolean isNull();
  }

  /** A number of any length, kept as its digit string without leading zeros. */
  private record IntItem(String digits) implements Item {
    static final IntItem ZERO = new IntItem("0");

    @Override
    public int compareTo(Item other) {
      if (other == null) {
        return isNull() ? 0 : 1;
      }
      if (other instanceof IntItem i) {
        return Digits.compare(digits, i.digits);
      }
      // A number is newer than a qualifier, a combination or a sub-list: 1.1 > 1-1 > 1-sp.
      return 1;
    }

    @Override
    public boolean isNull() {
      return digits.equals("0");
    }
  }

  /** A qualifier such as "beta" or "redhat". */
  private record StringItem(String value) implements Item {
    static StringItem of(String raw, boolean followedByDigit) {
      String v = raw;
      // Why: "a1"/"b2"/"m3" are the short forms of alpha/beta/milestone only when a number follows.
      if (followedByDigit && v.length() == 1) {
        switch (v.charAt(0)) {
          case 'a':
            v = "alpha";
            break;
          case 'b':
            v = "beta";
            break;
          case 'm':
            v = "milestone";
            break;
          default:
            break;
        }
      }
      return new StringItem(v.equals("cr") ? "rc" : v);
    }

    /** Rank of this qualifier; ga/final/release rank as the release; unknown ones after all known. */
    int rank() {
      if (value.equals("ga") || value.equals("final") || value.equals("release")) {
        return RELEASE_INDEX;
      }
      int i = QUALIFIERS.indexOf(value);
      return i < 0 ? QUALIFIERS.size() : i;
    }

    int compareQualifier(StringItem o) {
      int c = Integer.compare(rank(), o.rank());
      if (c != 0 || rank() < QUALIFIERS.size()) {
        return c;
      }
      // Unknown qualifiers: plain lexical order of the lower-cased strings.
      return Integer.signum(value.compareTo(o.value));
    }

    boolean isRelease() {
      return rank() == RELEASE_INDEX;
    }

    @Override
    public int compareTo(Item other) {
      if (other == null) {
        return Integer.compare(rank(), RELEASE_INDEX);
      }
      if (other instanceof StringItem s) {
        return compareQualifier(s);
      }
      if (other instanceof CombinationItem comb) {
        int c = compareQualifier(comb.stringPart);
        if (c != 0) {
          return c;
        }
        // "1-ga" vs "1-ga1": the number decides; otherwise X < X1.
        return isRelease() ? -comb.digitPart.compareTo(null) : -1;
      }
      if (other instanceof ListItem) {
        return -other.compareTo(this);
      }
      // Qualifiers are older than numbers.
      return -1;
    }

    @Override
    public boolean isNull() {
      return value.isEmpty();
    }
  }

  /** A qualifier glued to a number ("alpha1", "rc-2"): the qualifier first, then the number. */
  private record CombinationItem(StringItem stringPart, IntItem digitPart) implements Item {
    static CombinationItem of(String token) {
      String v = token.replace("-", "");
      int idx = 0;
      while (idx < v.length() && !isAsciiDigit(v.charAt(idx))) {
        idx++;
      }
      return new CombinationItem(
          StringItem.of(v.substring(0, idx), true), new IntItem(Digits.stripZeros(v.substring(idx))));
    }

    @Override
    public int compareTo(Item other) {
      if (other == null) {
        int c = stringPart.compareTo(null);
        // "1-ga1" > "1": with a release-like qualifier the number decides.
        return c != 0 ? c : digitPart.compareTo(null);
      }
      if (other instanceof IntItem) {
        return -1;
      }
      if (other instanceof StringItem s) {
        int c = stringPart.compareQualifier(s);
        if (c != 0) {
          return c;
        }
        return stringPart.isRelease() ? digitPart.compareTo(null) : 1;
      }
      if (other instanceof CombinationItem comb) {
        int c = stringPart.compareQualifier(comb.stringPart);
        return c != 0 ? c : digitPart.compareTo(comb.digitPart);
      }
      return -other.compareTo(this);
    }

    @Override
    public boolean isNull() {
      return false;
    }
  }

  private static final class ListItem extends ArrayList<Item> implements Item {
    private static final long serialVersionUID = 1L;

    @Override
    public int compareTo(Item other) {
      if (other == null) {
        // Compare every element with padding, not only the first (MNG-6964: 1-0.alpha < 1).
        for (Item i : this) {
          int c = i.compareTo(null);
          if (c != 0) {
            return c;
          }
        }
        return 0;
      }
      if (other instanceof IntItem) {
        return -1;
      }
      if (other instanceof StringItem || other instanceof CombinationItem) {
        // A list against a single qualifier: its first element decides, the rest against padding.
        int c = isEmpty() ? -other.compareTo(null) : get(0).compareTo(other);
        for (int k = 1; c == 0 && k < size(); k++) {
          c = get(k).compareTo(null);
        }
        return c;
      }
      ListItem o = (ListItem) other;
      int n = Math.max(size(), o.size());
      for (int k = 0; k < n; k++) {
        Item l = k < size() ? get(k) : null;
        Item r = k < o.size() ? o.get(k) : null;
        int c;
        if (l == null) {
          c = r == null ? 0 : -r.compareTo(null);
        } else {
          c = l.compareTo(r);
        }
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }

    @Override
    public boolean isNull() {
      return isEmpty();
    }

    /**
     * Drops null items (0, "") that are last or followed by a qualifier, so that 1.0.0 == 1 and
     * 1.0-beta == 1-beta, but keeps 1.0-1 apart from 1-1.
     */
    void normalize() {
      for (int i = size() - 1; i >= 0; i--) {
        Item item = get(i);
        if (!item.isNull()) {
          continue;
        }
        if (i == size() - 1 || get(i + 1) instanceof StringItem) {
          remove(i);
        } else if (get(i + 1) instanceof ListItem next && !next.isEmpty()) {
          Item first = next.get(0);
          if (first instanceof CombinationItem || first instanceof StringItem) {
            remove(i);
          }
        }
      }
      if (size() == 1 && get(0) instanceof ListItem only) {
        // Removing a zero prefix must not leave an extra nesting level.
        clear();
        addAll(only);
      }
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  private static boolean isAsciiDigit(int c) {
    // Why ASCII only: Maven 4's ComparableVersion treats other Unicode digits as letters.
    return c >= '0' && c <= '9';
  }

  private static Item parseItem(boolean combination, boolean isDigit, String token) {
    if (combination) {
      return CombinationItem.of(token);
    }
    return isDigit ? new IntItem(Digits.stripZeros(token)) : StringItem.of(token, false);
  }

  /** Mutable parse state: the current list and the stack of lists to normalise. */
  private static final class Builder {
    final ListItem root = new ListItem();
    ListItem list = root;
    final Deque<ListItem> stack = new ArrayDeque<>();

    Builder() {
      stack.push(root);
    }

    void openSubList() {
      ListItem sub = new ListItem();
      list.add(sub);
      list = sub;
      stack.push(sub);
    }
  }

  /** Builds the item tree; linear in the input length. */
  static ListItem parse(String version) {
    String v = version.toLowerCase(Locale.ROOT);
    Builder b = new Builder();
    boolean isDigit = false;
    boolean combination = false;
    int start = 0;
    int i = 0;
    while (i < v.length()) {
      int c = v.codePointAt(i);
      int width = Character.charCount(c);
      if (c == '.') {
        b.list.add(i == start ? IntItem.ZERO : parseItem(combination, isDigit, v.substring(start, i)));
        combination = false;
        start = i + 1;
      } else if (c == '-') {
        if (i == start) {
          b.list.add(IntItem.ZERO);
        } else {
          if (!isDigit && i + 1 < v.length() && isAsciiDigit(v.charAt(i + 1))) {
            // "rc-1" is read as "rc1".
            combination = true;
            i += width;
            continue;
          }
          b.list.add(parseItem(combination, isDigit, v.substring(start, i)));
        }
        start = i + 1;
        if (!b.list.isEmpty()) {
          b.openSubList();
        }
        combination = false;
      } else if (isAsciiDigit(c)) {
        if (!isDigit && i > start) {
          // Letters then digits ("alpha1"): one combined item in a new sub-list.
          combination = true;
          if (!b.list.isEmpty()) {
            b.openSubList();
          }
        }
        isDigit = true;
      } else {
        if (isDigit && i > start) {
          b.list.add(parseItem(combination, true, v.substring(start, i)));
          start = i;
          b.openSubList();
          combination = false;
        }
        isDigit = false;
      }
      i += width;
    }
    if (v.length() > start) {
      // MNG-7644: a trailing ".X" qualifier is treated like "-X" (1.0.0.RC1 == 1.0.0-RC1).
      if (!isDigit && !b.list.isEmpty()) {
        b.openSubList();
      }
      b.list.add(parseItem(combination, isDigit, v.substring(start)));
    }
    while (!b.stack.isEmpty()) {
      b.stack.pop().normalize();
    }
    return b.root;
  }
}
