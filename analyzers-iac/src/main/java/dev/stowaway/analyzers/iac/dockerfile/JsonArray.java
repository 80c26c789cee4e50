package dev.stowaway.analyzers.iac.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the exec form of an instruction, a JSON array of strings.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8259">RFC 8259</a>
 */
final class JsonArray {
  private JsonArray() {}

  /** Returns the strings, or null when the text is not exactly a JSON array of strings. */
  static List<String> parse(String s) {
    int[] pos = {0};
    skipWs(s, pos);
    if (pos[0] >= s.length() || s.charAt(pos[0]) != '[') {
      return null;
    }
    pos[0]++;
    List<String> out = new ArrayList<>();
    skipWs(s, pos);
    if (pos[0] < s.length() && s.charAt(pos[0]) == ']') {
      pos[0]++;
      skipWs(s, pos);
      return pos[0] == s.length() ? out : null;
    }
    while (true) {
      skipWs(s, pos);
      String v = string(s, pos);
      if (v == null) {
        return null;
      }
      out.add(v);
      skipWs(s, pos);
      if (pos[0] >= s.length()) {
        return null;
      }
      char c = s.charAt(pos[0]++);
      if (c == ']') {
        break;
      }
      if (c != ',') {
        return null;
      }
    }
    skipWs(s, pos);
    return pos[0] == s.length() ? out : null;
  }

  private static void skipWs(String s, int[] pos) {
    while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
      pos[0]++;
    }
  }

  private static String string(String s, int[] pos) {
    if (pos[0] >= s.length() || s.charAt(pos[0]) != '"') {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    int i = pos[0] + 1;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        pos[0] = i;
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (i >= s.length()) {
        return null;
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) {
            return null;
          }
          try {
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          } catch (NumberFormatException ex) {
            return null;
          }
          i += 4;
        }
        default -> {
          return null;
        }
      }
    }
    return null;
  }
}
