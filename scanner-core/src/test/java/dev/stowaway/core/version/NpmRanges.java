package dev.stowaway.core.version;

import dev.stowaway.core.version.AffectedRanges.Event;
import dev.stowaway.core.version.AffectedRanges.RangeType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: translates node-semver ranges (https://github.com/npm/node-semver#ranges) into OSV
 * range events, one OSV range per "||" alternative, so that {@link AffectedRanges} can be checked
 * against node-semver's own range fixtures. Desugaring follows node-semver's documented rules (X-ranges,
 * tilde, caret, hyphen ranges, "-0" bounds); its pre-release rule (a pre-release only satisfies a set
 * that names a pre-release of the same major.minor.patch) is applied on top, as it has no OSV
 * counterpart.
 */
final class NpmRanges {
  private static final SemverComparator SEMVER = new SemverComparator();
  private static final Pattern PARTIAL =
      Pattern.compile(
          "^[v=\\s]*([0-9]+|[xX*])(?:\\.([0-9]+|[xX*])(?:\\.([0-9]+|[xX*])"
              + "(?:(-?)([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)?)?$");
  private static final Pattern OP = Pattern.compile("^(<=|>=|<|>|=|~>|~|\\^)?(.*)$");

  private NpmRanges() {}

  /** One comparator: op is one of >=, >, <, <=. */
  private record Bound(String op, String version) {}

  private record Partial(String major, String minor, String patch, String pre) {
    boolean full() {
      return patch != null;
    }

    String version() {
      return major + "." + minor + "." + patch + (pre == null ? "" : "-" + pre);
    }
  }

  static boolean satisfies(String range, String version, boolean loose, boolean includePrerelease) {
    if (!SEMVER.isValid(version) || (!loose && !version.strip().matches("^[v=]?[0-9].*"))) {
      return false;
    }
    String v = version.strip().replaceFirst("^[v=\\s]+", "");
    List<List<Bound>> sets;
    try {
      sets = parse(range, loose, includePrerelease);
    } catch (IllegalArgumentException e) {
      return false; // malformed ranges match nothing
    }
    boolean pre = v.replaceFirst("\\+.*", "").contains("-");
    for (List<Bound> set : sets) {
      if (pre && !includePrerelease && !allowsPrerelease(set, v)) {
        continue;
      }
      for (List<Event> events : toEvents(set)) {
        if (AffectedRanges.isAffected(v, events, RangeType.SEMVER, SEMVER)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean allowsPrerelease(List<Bound> set, String v) {
    String core = v.replaceFirst("[-+].*", "");
    for (Bound b : set) {
      String bv = b.version().replaceFirst("\\+.*", "");
      if (bv.contains("-") && bv.replaceFirst("-.*", "").equals(core)) {
        return true;
      }
    }
    return false;
  }

  /** The intersection of a set's bounds as OSV events (empty list: matches nothing). */
  private static List<List<Event>> toEvents(List<Bound> set) {
    String lower = null;
    boolean lowerInclusive = true;
    String upper = null;
    boolean upperInclusive = false;
    for (Bound b : set) {
      switch (b.op()) {
        case ">=", ">" -> {
          boolean incl = b.op().equals(">=");
          int c = lower == null ? 1 : SEMVER.compare(b.version(), lower);
          if (c > 0 || (c == 0 && !incl)) {
            lower = b.version();
            lowerInclusive = incl;
          }
        }
        default -> {
          boolean incl = b.op().equals("<=");
          int c = upper == null ? -1 : SEMVER.compare(b.version(), upper);
          if (c < 0 || (c == 0 && !incl)) {
            upper = b.version();
            upperInclusive = incl;
          }
        }
      }
    }
    List<Event> events = new ArrayList<>();
    if (lower == null) {
      events.add(Event.introduced("0"));
    } else {
      events.add(Event.introduced(lowerInclusive ? lower : next(lower)));
    }
    if (upper != null) {
      events.add(upperInclusive ? Event.lastAffected(upper) : Event.fixed(upper));
    }
    return List.of(events);
  }

  /** The smallest SemVer version greater than v (">v" == ">=next(v)"). */
  private static String next(String v) {
    String plain = v.replaceFirst("\\+.*", "");
    if (plain.contains("-")) {
      return plain + ".0";
    }
    String[] p = plain.split("\\.");
    return p[0] + "." + p[1] + "." + inc(p[2]) + "-0";
  }

  private static String inc(String n) {
    return new BigInteger(n).add(BigInteger.ONE).toString();
  }

  static List<List<Bound>> parse(String range, boolean loose, boolean pre) {
    List<List<Bound>> sets = new ArrayList<>();
    for (String alt : range.split("\\|\\|", -1)) {
      String s = alt.strip();
      List<Bound> set = new ArrayList<>();
      Matcher hyphen = Pattern.compile("^(\\S+)\\s+-\\s+(\\S+)$").matcher(s);
      if (hyphen.matches()) {
        Partial a = partial(hyphen.group(1), loose);
        Partial b = partial(hyphen.group(2), loose);
        if (a != null) {
          set.add(new Bound(">=", fillLow(a, pre)));
        }
        if (b != null) {
          if (b.full()) {
            set.add(new Bound("<=", b.version()));
          } else {
            set.add(new Bound("<", b.minor() == null ? inc(b.major()) + ".0.0-0" : b.major() + "." + inc(b.minor()) + ".0-0"));
          }
        }
        sets.add(set);
        continue;
      }
      // Join operators to their versions (">= 1.0.0" is ">=1.0.0").
      s = s.replaceAll("(<=|>=|<|>|=|~>|~|\\^)\\s+", "$1");
      if (s.isEmpty()) {
        sets.add(set);
        continue;
      }
      for (String token : s.split("\\s+")) {
        Matcher m = OP.matcher(token);
        if (!m.matches()) {
          throw new IllegalArgumentException(token);
        }
        desugar(m.group(1) == null ? "" : m.group(1), m.group(2), loose, pre, set);
      }
      sets.add(set);
    }
    return sets;
  }

  private static String fillLow(Partial p, boolean pre) {
    if (p.full()) {
      return p.version();
    }
    return p.major() + "." + (p.minor() == null ? "0" : p.minor()) + ".0" + (pre ? "-0" : "");
  }

  private static void desugar(String op, String text, boolean loose, boolean pre, List<Bound> set) {
    Partial p = partial(text, loose);
    String z = pre ? "-0" : "";
    if (p == null) { // "*", "x": any version, or nothing for ">*" / "<*"
      if (op.equals(">") || op.equals("<")) {
        set.add(new Bound("<", "0.0.0-0"));
      }
      return;
    }
    String mj = p.major();
    String mn = p.minor();
    switch (op) {
      case "", "=" -> {
        if (p.full()) {
          set.add(new Bound(">=", p.version()));
          set.add(new Bound("<=", p.version()));
        } else {
          set.add(new Bound(">=", fillLow(p, pre)));
          set.add(new Bound("<", mn == null ? inc(mj) + ".0.0-0" : mj + "." + inc(mn) + ".0-0"));
        }
      }
      case "~", "~>" -> {
        set.add(new Bound(">=", fillLow(p, pre)));
        set.add(new Bound("<", mn == null ? inc(mj) + ".0.0-0" : mj + "." + inc(mn) + ".0-0"));
      }
      case "^" -> {
        set.add(new Bound(">=", fillLow(p, pre)));
        String upper;
        if (!mj.equals("0") || mn == null) {
          upper = inc(mj) + ".0.0-0";
        } else if (!mn.equals("0") || !p.full()) {
          upper = "0." + inc(mn) + ".0-0";
        } else {
          upper = "0.0." + inc(p.patch()) + "-0";
        }
        set.add(new Bound("<", upper));
      }
      case ">" -> {
        if (p.full()) {
          set.add(new Bound(">", p.version()));
        } else {
          set.add(new Bound(">=", mn == null ? inc(mj) + ".0.0" + z : mj + "." + inc(mn) + ".0" + z));
        }
      }
      case ">=" -> set.add(new Bound(">=", fillLow(p, pre)));
      case "<" -> set.add(new Bound("<", p.full() ? p.version() : mj + "." + (mn == null ? "0" : mn) + ".0-0"));
      case "<=" -> {
        if (p.full()) {
          set.add(new Bound("<=", p.version()));
        } else {
          set.add(new Bound("<", mn == null ? inc(mj) + ".0.0-0" : mj + "." + inc(mn) + ".0-0"));
        }
      }
      default -> throw new IllegalArgumentException(op);
    }
  }

  /** Parses an X-range version; null means "any" (all wildcards). */
  private static Partial partial(String text, boolean loose) {
    Matcher m = PARTIAL.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    String[] n = {m.group(1), m.group(2), m.group(3)};
    for (int i = 0; i < 3; i++) {
      if (n[i] != null && n[i].matches("[xX*]")) {
        for (int j = i; j < 3; j++) {
          n[j] = null;
        }
        break;
      }
      if (n[i] != null && !loose && n[i].length() > 1 && n[i].startsWith("0")) {
        throw new IllegalArgumentException("leading zero: " + text);
      }
    }
    if (m.group(5) != null && m.group(4).isEmpty() && !loose) {
      throw new IllegalArgumentException("pre-release without '-': " + text);
    }
    if (n[0] == null) {
      return null;
    }
    String pre = n[2] == null ? null : m.group(5);
    return new Partial(strip(n[0]), strip(n[1]), strip(n[2]), pre);
  }

  private static String strip(String n) {
    return n == null ? null : Digits.stripZeros(n);
  }
}
