package dev.stowaway.core.version;

import dev.stowaway.api.vuln.VersionComparator;
import java.util.List;

/**
 * Orders Go module versions as {@code golang.org/x/mod/semver.Compare} does.
 *
 * <p>Reference: https://go.dev/ref/mod#versions and https://pkg.go.dev/golang.org/x/mod/semver .
 * Versions are SemVer 2.0 with a {@code v} prefix; {@code vMAJOR} and {@code vMAJOR.MINOR} are
 * shorthands for {@code .0} (without pre-release or build). Pseudo-versions
 * ({@code v0.0.0-20191109021931-daa7c04131f5}) are ordinary pre-releases and so sort by timestamp, and
 * {@code +incompatible} is build metadata and ignored, exactly as in Go. The {@code v} is optional
 * here because OSV Go records store versions without it. Unlike x/mod/semver, which silently sorts
 * invalid strings first, invalid versions are rejected. Stateless and thread-safe.
 */
public final class GoVersionComparator implements VersionComparator {
  static final String SCHEME = "go";

  /** Creates the comparator. */
  public GoVersionComparator() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public int compare(String a, String b) {
    Parsed x = parse(a);
    Parsed y = parse(b);
    for (int i = 0; i < 3; i++) {
      int c = Digits.compare(x.core[i], y.core[i]);
      if (c != 0) {
        return c;
      }
    }
    return PrereleaseIdentifiers.compare(x.pre, y.pre, false);
  }

  /**
   * Returns the canonical form {@code vMAJOR.MINOR.PATCH[-pre]} (build metadata dropped), as x/mod's
   * {@code semver.Canonical}.
   *
   * @param version a version with or without the leading {@code v}; not null
   * @return the canonical version; never null
   * @throws dev.stowaway.api.vuln.InvalidVersionException if invalid
   */
  public static String canonical(String version) {
    Parsed p = parse(version);
    String s = "v" + p.core[0] + "." + p.core[1] + "." + p.core[2];
    return p.pre.isEmpty() ? s : s + "-" + String.join(".", p.pre);
  }

  private record Parsed(String[] core, List<String> pre) {}

  private static Parsed parse(String raw) {
    Digits.requireNonNull(SCHEME, raw);
    int i = raw.startsWith("v") ? 1 : 0;
    String[] core = {"0", "0", "0"};
    int part = 0;
    while (true) {
      int start = i;
      while (i < raw.length() && Digits.isDigit(raw.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw Digits.invalid(SCHEME, raw, "expected a number at offset " + start);
      }
      if (raw.charAt(start) == '0' && i - start > 1) {
        throw Digits.invalid(SCHEME, raw, "number with a leading zero");
      }
      core[part++] = raw.substring(start, i);
      if (part < 3 && i < raw.length() && raw.charAt(i) == '.') {
        i++;
        continue;
      }
      break;
    }
    if (i == raw.length()) {
      return new Parsed(core, List.of());
    }
    if (part < 3) {
      throw Digits.invalid(SCHEME, raw, "shorthand version with pre-release or build");
    }
    List<String> pre = List.of();
    if (raw.charAt(i) == '-') {
      int plus = raw.indexOf('+', i);
      String p = plus < 0 ? raw.substring(i + 1) : raw.substring(i + 1, plus);
      pre = PrereleaseIdentifiers.split(p);
      for (String id : pre) {
        if (!PrereleaseIdentifiers.isIdentifier(id)) {
          throw Digits.invalid(SCHEME, raw, "bad pre-release identifier");
        }
        if (Digits.allDigits(id) && id.length() > 1 && id.charAt(0) == '0') {
          throw Digits.invalid(SCHEME, raw, "numeric pre-release identifier with a leading zero");
        }
      }
      i = plus < 0 ? raw.length() : plus;
    }
    if (i < raw.length()) {
      if (raw.charAt(i) != '+') {
        throw Digits.invalid(SCHEME, raw, "unexpected character at offset " + i);
      }
      for (String id : PrereleaseIdentifiers.split(raw.substring(i + 1))) {
        if (!PrereleaseIdentifiers.isIdentifier(id)) {
          throw Digits.invalid(SCHEME, raw, "bad build metadata");
        }
      }
    }
    return new Parsed(core, pre);
  }
}
