package dev.stowaway.core.version;

import dev.stowaway.api.vuln.VersionComparator;
import java.util.List;

/**
 * Orders NuGet package versions as {@code NuGet.Versioning.VersionComparer.Default} does.
 *
 * <p>Reference: https://learn.microsoft.com/en-us/nuget/concepts/package-versioning . A version has one
 * to four numeric parts (missing ones are 0, so 1.0 == 1.0.0 == 1.0.0.0; leading zeros allowed), an
 * optional SemVer 2.0 release label and optional build metadata. Labels compare per SemVer 2.0 but
 * case-insensitively (1.0.0-BETA == 1.0.0-beta); metadata is ignored. Numbers of any length compare
 * exactly. Stateless and thread-safe.
 */
public final class NuGetVersionComparator implements VersionComparator {
  static final String SCHEME = "nuget";

  /** Creates the comparator. */
  public NuGetVersionComparator() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public int compare(String a, String b) {
    Parsed x = parse(a);
    Parsed y = parse(b);
    for (int i = 0; i < 4; i++) {
      int c = Digits.compare(x.parts[i], y.parts[i]);
      if (c != 0) {
        return c;
      }
    }
    return PrereleaseIdentifiers.compare(x.labels, y.labels, true);
  }

  private record Parsed(String[] parts, List<String> labels) {}

  private static Parsed parse(String raw) {
    Digits.requireNonNull(SCHEME, raw);
    String s = raw.strip();
    String[] parts = {"0", "0", "0", "0"};
    int i = 0;
    int part = 0;
    while (true) {
      int start = i;
      while (i < s.length() && Digits.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw Digits.invalid(SCHEME, raw, "expected a number at offset " + start);
      }
      parts[part++] = s.substring(start, i);
      if (i < s.length() && s.charAt(i) == '.') {
        if (part == 4) {
          throw Digits.invalid(SCHEME, raw, "more than four version parts");
        }
        i++;
        continue;
      }
      break;
    }
    List<String> labels = List.of();
    if (i < s.length() && s.charAt(i) == '-') {
      int plus = s.indexOf('+', i);
      labels = PrereleaseIdentifiers.split(plus < 0 ? s.substring(i + 1) : s.substring(i + 1, plus));
      for (String l : labels) {
        if (!PrereleaseIdentifiers.isIdentifier(l)) {
          throw Digits.invalid(SCHEME, raw, "bad release label");
        }
      }
      i = plus < 0 ? s.length() : plus;
    }
    if (i < s.length()) {
      if (s.charAt(i) != '+') {
        throw Digits.invalid(SCHEME, raw, "unexpected character at offset " + i);
      }
      for (String m : PrereleaseIdentifiers.split(s.substring(i + 1))) {
        if (!PrereleaseIdentifiers.isIdentifier(m)) {
          throw Digits.invalid(SCHEME, raw, "bad build metadata");
        }
      }
    }
    return new Parsed(parts, labels);
  }
}
