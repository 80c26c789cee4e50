package dev.stowaway.analyzers.secrets;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Proves, from a rule's regex source, that every match contains one of the rule's keywords starting at
 * most {@code D} characters after the match start, so the scanner may try the regex only at the
 * {@code D + 1} positions before each keyword occurrence instead of over the whole text. Syntax:
 * java.util.regex.Pattern (https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/util/regex/Pattern.html),
 * after {@link SecretRules#compile}'s conversion from RE2.
 *
 * <p>The proof is conservative: anything this parser does not understand (back references, {@code \G},
 * comments mode, Unicode case folding, {@code \Q}, rare escapes, ...) gives "unproven" and the rule keeps
 * the full-text scan. Lengths count {@code char}s, one per character class or literal: true for text with
 * no surrogate pairs, which the scanner checks before using the bound.
 *
 * <p>Keyword occurrences are what {@link KeywordMatcher} finds: ASCII letters compared case-insensitively,
 * every other character exactly. A position of the regex counts as a known character only when every
 * character it can match lower-cases (ASCII only) to the same one — a literal (case-insensitive or not)
 * or a class such as {@code [Aa]}; whatever the case flags, the matched text then lower-cases to a string
 * the parser knows, and a keyword in that string is a keyword occurrence the matcher reports.
 */
final class KeywordAnchor {
  /** Most strings a finite sub-pattern may expand to before the parser stops enumerating it. */
  private static final int MAX_STRINGS = 256;
  /** Longest string enumerated. */
  private static final int MAX_STRING_LENGTH = 64;
  /** Unbounded length. */
  private static final int INF = -1;

  private final String src;
  private final List<String> keywords;
  private int pos;

  private KeywordAnchor(String src, List<String> keywords) {
    this.src = src;
    this.keywords = keywords;
  }

  /**
   * @param javaRegex the regex source (Java syntax)
   * @param keywords the rule's keywords (lower case)
   * @return the largest distance from a match start to the start of a keyword occurrence inside it, or -1
   *     if the parser cannot prove a bound
   */
  static int distance(String javaRegex, List<String> keywords) {
    List<String> usable = new ArrayList<>();
    for (String k : keywords) {
      // the matcher never reports empty keywords or ones with a character outside ASCII
      if (!k.isEmpty() && k.chars().allMatch(c -> c < 128)) {
        usable.add(k);
      }
    }
    if (usable.isEmpty()) {
      return -1;
    }
    KeywordAnchor p = new KeywordAnchor(javaRegex, usable);
    try {
      Node root = p.alternation();
      if (p.pos != javaRegex.length()) {
        return -1;
      }
      return root.anchor(usable);
    } catch (Unsupported | IndexOutOfBoundsException | NumberFormatException e) {
      return -1;
    }
  }

  /** The parser met syntax it does not model. */
  private static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  /**
   * A parsed sub-pattern.
   *
   * @param min fewest characters it matches
   * @param max most characters it matches, or {@link #INF}
   * @param strings every text it can match, lower-cased, when few and known; else null
   * @param children for sequences and alternations, the parts; else empty
   * @param kind what it is
   * @param repeatMin for repetitions, the least count
   */
  private record Node(int min, int max, Set<String> strings, List<Node> children, Kind kind, int repeatMin) {
    /** @return the proven distance bound, or -1 */
    int anchor(List<String> keywords) {
      int byStrings = byStrings(strings, keywords);
      if (byStrings >= 0) {
        return byStrings;
      }
      switch (kind) {
        case ALTERNATION -> {
          int d = 0;
          for (Node c : children) {
            int a = c.anchor(keywords);
            if (a < 0) {
              return -1;
            }
            d = Math.max(d, a);
          }
          return d;
        }
        case SEQUENCE -> {
          int prefix = 0;
          for (int i = 0; i < children.size(); i++) {
            int a = children.get(i).anchor(keywords);
            if (a < 0) {
              a = run(children, i, keywords);
            }
            if (a >= 0) {
              return prefix + a;
            }
            int m = children.get(i).max();
            if (m == INF) {
              return -1;
            }
            prefix += m;
          }
          return -1;
        }
        case GROUP -> {
          return children.get(0).anchor(keywords);
        }
        case REPEAT -> {
          // the first repetition starts where the repetition does
          return repeatMin >= 1 ? children.get(0).anchor(keywords) : -1;
        }
        default -> {
          return -1;
        }
      }
    }

    /** Items {@code i..j} of a sequence taken together as strings, for the smallest j that proves a bound. */
    private static int run(List<Node> items, int i, List<String> keywords) {
      Set<String> acc = Set.of("");
      for (int j = i; j < items.size(); j++) {
        acc = product(acc, items.get(j).strings());
        if (acc == null) {
          return -1;
        }
        int d = byStrings(acc, keywords);
        if (d >= 0) {
          return d;
        }
      }
      return -1;
    }

    /** The largest, over the strings, earliest keyword offset; -1 if a string holds no keyword. */
    private static int byStrings(Set<String> strings, List<String> keywords) {
      if (strings == null || strings.isEmpty()) {
        return -1;
      }
      int d = 0;
      for (String s : strings) {
        int best = -1;
        for (String k : keywords) {
          int at = s.indexOf(k);
          if (at >= 0 && (best < 0 || at < best)) {
            best = at;
          }
        }
        if (best < 0) {
          return -1;
        }
        d = Math.max(d, best);
      }
      return d;
    }
  }

  private enum Kind { ATOM, SEQUENCE, ALTERNATION, GROUP, REPEAT }

  private static Set<String> product(Set<String> a, Set<String> b) {
    if (a == null || b == null || (long) a.size() * b.size() > MAX_STRINGS) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String x : a) {
      for (String y : b) {
        if (x.length() + y.length() > MAX_STRING_LENGTH) {
          return null;
        }
        out.add(x + y);
      }
    }
    return out;
  }

  private static Set<String> union(List<Node> nodes) {
    Set<String> out = new LinkedHashSet<>();
    for (Node n : nodes) {
      if (n.strings() == null) {
        return null;
      }
      out.addAll(n.strings());
      if (out.size() > MAX_STRINGS) {
        return null;
      }
    }
    return out;
  }

  private static Node atom(int min, int max, Set<String> strings) {
    return new Node(min, max, strings, List.of(), Kind.ATOM, 0);
  }

  private static final Node ZERO_WIDTH = atom(0, 0, Set.of(""));

  private static Node oneChar(char c) {
    return atom(1, 1, Set.of(String.valueOf(lower(c))));
  }

  private static final Node ANY_CHAR = atom(1, 1, null);

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  private boolean more() {
    return pos < src.length();
  }

  private char peek() {
    return src.charAt(pos);
  }

  private Node alternation() {
    List<Node> alts = new ArrayList<>();
    alts.add(sequence());
    while (more() && peek() == '|') {
      pos++;
      alts.add(sequence());
    }
    if (alts.size() == 1) {
      return alts.get(0);
    }
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (Node n : alts) {
      min = Math.min(min, n.min());
      max = max == INF || n.max() == INF ? INF : Math.max(max, n.max());
    }
    return new Node(min, max, union(alts), alts, Kind.ALTERNATION, 0);
  }

  private Node sequence() {
    List<Node> items = new ArrayList<>();
    while (more() && peek() != '|' && peek() != ')') {
      items.add(quantified(atomOrGroup()));
    }
    int min = 0;
    int max = 0;
    Set<String> strings = Set.of("");
    for (Node n : items) {
      min += n.min();
      max = max == INF || n.max() == INF ? INF : max + n.max();
      strings = product(strings, n.strings());
    }
    return new Node(min, max, strings, items, Kind.SEQUENCE, 0);
  }

  private Node quantified(Node n) {
    while (more()) {
      char c = peek();
      int lo;
      int hi;
      if (c == '*') {
        lo = 0;
        hi = INF;
        pos++;
      } else if (c == '+') {
        lo = 1;
        hi = INF;
        pos++;
      } else if (c == '?') {
        lo = 0;
        hi = 1;
        pos++;
      } else if (c == '{') {
        int close = src.indexOf('}', pos);
        if (close < 0) {
          throw new Unsupported();
        }
        String body = src.substring(pos + 1, close);
        int comma = body.indexOf(',');
        try {
          lo = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
          hi = comma < 0 ? lo : comma == body.length() - 1 ? INF : Integer.parseInt(body.substring(comma + 1));
        } catch (NumberFormatException e) {
          throw new Unsupported();
        }
        pos = close + 1;
      } else {
        return n;
      }
      if (more() && (peek() == '?' || peek() == '+')) {
        pos++; // lazy or possessive: the same set of possible matches
      }
      n = repeat(n, lo, hi);
    }
    return n;
  }

  private static Node repeat(Node n, int lo, int hi) {
    int min = (int) Math.min(Integer.MAX_VALUE / 2, (long) lo * n.min());
    int max = n.max() == 0 ? 0 : hi == INF || n.max() == INF ? INF
        : (int) Math.min(Integer.MAX_VALUE / 2, (long) hi * n.max());
    Set<String> strings = null;
    if (hi != INF && hi <= MAX_STRING_LENGTH && n.strings() != null) {
      strings = new LinkedHashSet<>();
      Set<String> power = Set.of("");
      for (int k = 0; k <= hi && strings != null; k++) {
        if (k >= lo) {
          strings.addAll(power);
          if (strings.size() > MAX_STRINGS) {
            strings = null;
            break;
          }
        }
        if (k < hi) {
          power = product(power, n.strings());
          if (power == null) {
            strings = null;
          }
        }
      }
    }
    return new Node(min, max, strings, List.of(n), Kind.REPEAT, lo);
  }

  private Node atomOrGroup() {
    char c = src.charAt(pos++);
    switch (c) {
      case '(' -> {
        return group();
      }
      case '[' -> {
        return charClass();
      }
      case '\\' -> {
        return escape();
      }
      case '.' -> {
        return ANY_CHAR;
      }
      case '^', '$' -> {
        return ZERO_WIDTH;
      }
      case '*', '+', '?', '{', ')' -> throw new Unsupported();
      default -> {
        return oneChar(c);
      }
    }
  }

  private Node group() {
    boolean zeroWidth = false;
    if (more() && peek() == '?') {
      pos++;
      char k = src.charAt(pos++);
      if (k == ':' || k == '>') {
        // non-capturing or atomic: an atomic group matches a subset of what its body matches
      } else if (k == '=' || k == '!') {
        zeroWidth = true;
      } else if (k == '<') {
        char n = src.charAt(pos);
        if (n == '=' || n == '!') {
          pos++;
          zeroWidth = true;
        } else {
          int close = src.indexOf('>', pos);
          if (close < 0) {
            throw new Unsupported();
          }
          pos = close + 1;
        }
      } else {
        // inline flags: (?i) or (?i-s:...)
        pos--;
        while (more() && peek() != ')' && peek() != ':') {
          char f = src.charAt(pos++);
          if ("imsd-".indexOf(f) < 0) {
            throw new Unsupported(); // comments mode, Unicode case or classes: not modelled
          }
        }
        if (src.charAt(pos++) == ')') {
          return ZERO_WIDTH;
        }
      }
    }
    Node body = alternation();
    if (src.charAt(pos++) != ')') {
      throw new Unsupported();
    }
    if (zeroWidth) {
      return ZERO_WIDTH;
    }
    return new Node(body.min(), body.max(), body.strings(), List.of(body), Kind.GROUP, 0);
  }

  /** A bracket class: one character; its possible (lower-cased) characters known only for a plain list. */
  private Node charClass() {
    int start = pos;
    int depth = 1;
    boolean simple = true;
    if (peek() == '^') {
      simple = false;
      pos++;
    }
    if (peek() == ']') {
      pos++; // a ']' first is a literal in Java
    }
    while (depth > 0) {
      char c = src.charAt(pos++);
      if (c == '\\') {
        char e = src.charAt(pos++);
        if (e == 'Q') {
          throw new Unsupported();
        }
        if ((e == 'p' || e == 'P' || e == 'x' || e == 'N') && more() && peek() == '{') {
          int close = src.indexOf('}', pos);
          if (close < 0) {
            throw new Unsupported();
          }
          pos = close + 1;
        }
        simple = false;
      } else if (c == '[') {
        depth++;
        simple = false;
      } else if (c == ']') {
        depth--;
      } else if (c == '-' || c == '&') {
        simple = false;
      }
    }
    if (!simple) {
      return ANY_CHAR;
    }
    // a plain list such as [aors] or [Aa]: the matched character lower-cases to one of the listed ones
    Set<String> chars = new LinkedHashSet<>();
    for (int i = start; i < pos - 1; i++) {
      chars.add(String.valueOf(lower(src.charAt(i))));
    }
    return atom(1, 1, chars);
  }

  private Node escape() {
    char e = src.charAt(pos++);
    switch (e) {
      case 'd', 'D', 'w', 'W', 's', 'S', 'h', 'H', 'v', 'V' -> {
        return ANY_CHAR;
      }
      case 'p', 'P' -> {
        if (peek() == '{') {
          int close = src.indexOf('}', pos);
          if (close < 0) {
            throw new Unsupported();
          }
          pos = close + 1;
        } else {
          pos++;
        }
        return ANY_CHAR;
      }
      case 'b', 'B' -> {
        if (more() && peek() == '{') {
          throw new Unsupported(); // \b{g}
        }
        return ZERO_WIDTH;
      }
      case 'A', 'z', 'Z' -> {
        return ZERO_WIDTH;
      }
      case 'R' -> {
        return atom(1, 2, null);
      }
      case 't' -> {
        return oneChar('\t');
      }
      case 'n' -> {
        return oneChar('\n');
      }
      case 'r' -> {
        return oneChar('\r');
      }
      case 'f' -> {
        return oneChar('\f');
      }
      case 'a' -> {
        return oneChar('\u0007');
      }
      case 'e' -> {
        return oneChar('\u001B');
      }
      case 'x' -> {
        if (peek() == '{') {
          throw new Unsupported();
        }
        char c = (char) Integer.parseInt(src.substring(pos, pos + 2), 16);
        pos += 2;
        return oneChar(c);
      }
      case 'u' -> {
        char c = (char) Integer.parseInt(src.substring(pos, pos + 4), 16);
        pos += 4;
        return oneChar(c);
      }
      default -> {
        if (Character.isLetterOrDigit(e)) {
          throw new Unsupported(); // back references, \G, \Q, \X, \c, \0, \N, \k: not modelled
        }
        return oneChar(e);
      }
    }
  }
}
