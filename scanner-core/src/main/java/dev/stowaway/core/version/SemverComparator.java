package dev.stowaway.core.version;

import dev.stowaway.api.vuln.VersionComparator;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders Semantic Versioning 2.0.0 versions (npm, crates.io, Hex, Pub and OSV {@code SEMVER} ranges).
 *
 * <p>Reference: https://semver.org/spec/v2.0.0.html §11 (precedence), with the leniency of
 * node-semver's loose parser (https://github.com/npm/node-semver) and OSV-Scanner's semver parser:
 *
 * <ul>
 *   <li>surrounding whitespace and leading {@code v} / {@code =} are ignored;
 *   <li>numbers may have leading zeros and any length (compared exactly). Why: node-semver rejects
 *       numbers above 2^53-1, but OSV data for crates and Go-style versions does not, and comparing
 *       digit strings is exact where a float is not;
 *   <li>missing minor/patch count as 0 ({@code 1.2} == {@code 1.2.0});
 *   <li>the pre-release may follow the patch number without a '-' when it starts with a letter
 *       ({@code 1.2.3beta}, node-semver loose);
 *   <li>extra numeric components after the patch ({@code 1.2.3.4}) are treated like build metadata,
 *       i.e. ignored, as OSV-Scanner does.
 * </ul>
 *
 * Build metadata never affects precedence. Stateless and thread-safe.
 */
public final class SemverComparator implements VersionComparator {
  static final String SCHEME = "semver";

  /** Creates the comparator. */
  public SemverComparator() {}

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

  private record Parsed(String[] core, List<String> pre) {}

  private static Parsed parse(String raw) {
    Digits.requireNonNull(SCHEME, raw);
    String s = raw.strip();
    int i = 0;
    while (i < s.length() && (s.charAt(i) == 'v' || s.charAt(i) == 'V' || s.charAt(i) == '=' || Character.isWhitespace(s.charAt(i)))) {
      i++;
    }
    String[] core = {"0", "0", "0"};
    int part = 0;
    while (true) {
      int start = i;
      while (i < s.length() && Digits.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw Digits.invalid(SCHEME, raw, "expected a number at offset " + start);
      }
      if (part < 3) {
        core[part] = s.substring(start, i);
      }
      part++;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        continue;
      }
      break;
    }
    List<String> pre = List.of();
    int buildStart = -1;
    if (i < s.length()) {
      char c = s.charAt(i);
      int preStart = -1;
      if (c == '-') {
        preStart = i + 1;
      } else if (Digits.isAsciiLetter(c)) {
        preStart = i;
      } else if (c == '+') {
        buildStart = i + 1;
      } else {
        throw Digits.invalid(SCHEME, raw, "unexpected character at offset " + i);
      }
      if (preStart >= 0) {
        int plus = s.indexOf('+', preStart);
        String p = plus < 0 ? s.substring(preStart) : s.substring(preStart, plus);
        List<String> ids = PrereleaseIdentifiers.split(p);
        for (String id : ids) {
          if (!PrereleaseIdentifiers.isIdentifier(id)) {
            throw Digits.invalid(SCHEME, raw, "bad pre-release identifier");
          }
        }
        pre = new ArrayList<>(ids);
        buildStart = plus < 0 ? -1 : plus + 1;
      }
    }
    if (buildStart >= 0) {
      for (String id : PrereleaseIdentifiers.split(s.substring(buildStart))) {
        if (!PrereleaseIdentifiers.isIdentifier(id)) {
          throw Digits.invalid(SCHEME, raw, "bad build metadata");
        }
      }
    }
    return new Parsed(core, pre);
  }
}
