package dev.stowaway.analyzers.os.release;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the {@code KEY=VALUE} syntax of {@code os-release} (and of {@code lsb-release}, which uses the
 * same shell-assignment subset).
 *
 * <p>Spec: <a href="https://www.freedesktop.org/software/systemd/man/latest/os-release.html">os-release(5)</a>.
 * Lines are newline-separated; blank lines and lines starting with {@code #} are ignored; values may be
 * enclosed in double or single quotes; inside double quotes (and unquoted) {@code \"}, {@code \\},
 * {@code \$} and {@code \`} are escapes. Real files deviate (leading whitespace, CRLF, spaces around
 * {@code =}, a missing closing quote), so the parser is lenient and reports what it tolerated as
 * warnings instead of failing.
 *
 * <p>Stateless; thread-safe.
 */
final class OsReleaseParser {

  /** The parsed assignments in file order (a later assignment of a key wins) and tolerated problems. */
  record Result(Map<String, String> values, List<String> warnings) {}

  private OsReleaseParser() {}

  static Result parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    int lineNo = 0;
    for (String rawLine : text.split("\n", -1)) {
      lineNo++;
      String line = strip(rawLine);
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        warnings.add("line " + lineNo + ": not a KEY=VALUE assignment");
        continue;
      }
      String key = line.substring(0, eq).strip();
      if (key.startsWith("export ")) {
        key = key.substring("export ".length()).strip();
      }
      if (!isKey(key)) {
        warnings.add("line " + lineNo + ": invalid key");
        continue;
      }
      values.put(key, value(line.substring(eq + 1), lineNo, warnings));
    }
    return new Result(values, warnings);
  }

  /** Strips whitespace including a trailing CR from CRLF files and other control characters. */
  private static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && s.charAt(end - 1) <= ' ') {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isKey(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return !key.isEmpty();
  }

  /**
   * Decodes one shell word: a sequence of unquoted, double-quoted and single-quoted segments that ends at
   * unquoted whitespace (anything after it, such as a comment, is ignored).
   */
  private static String value(String s, int lineNo, List<String> warnings) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = s.length();
    while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++; // "KEY= value" is not valid shell, but tolerated
    }
    while (i < n) {
      char c = s.charAt(i);
      if (c == '"') {
        int close = -1;
        for (int j = i + 1; j < n; j++) {
          char d = s.charAt(j);
          if (d == '\\' && j + 1 < n && isEscapable(s.charAt(j + 1))) {
            out.append(s.charAt(++j));
          } else if (d == '"') {
            close = j;
            break;
          } else {
            out.append(d);
          }
        }
        if (close < 0) {
          warnings.add("line " + lineNo + ": unterminated double quote");
          return out.toString();
        }
        i = close + 1;
      } else if (c == '\'') {
        int close = s.indexOf('\'', i + 1);
        if (close < 0) {
          warnings.add("line " + lineNo + ": unterminated single quote");
          out.append(s, i + 1, n);
          return out.toString();
        }
        out.append(s, i + 1, close);
        i = close + 1;
      } else if (c == '\\' && i + 1 < n) {
        out.append(s.charAt(i + 1));
        i += 2;
      } else if (c == ' ' || c == '\t') {
        break;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isEscapable(char c) {
    return c == '"' || c == '\\' || c == '$' || c == '`';
  }
}
