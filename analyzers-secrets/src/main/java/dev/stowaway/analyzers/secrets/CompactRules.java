package dev.stowaway.analyzers.secrets;

import dev.stowaway.analyzers.secrets.SecretRule.Allowlist;
import dev.stowaway.analyzers.secrets.SecretRule.RegexTarget;
import dev.stowaway.api.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The built-in rule set in a line format that loads in a few milliseconds, generated from
 * {@code builtin-rules.toml} (the source of truth, which takes a TOML parser a few hundred milliseconds of
 * CPU at start-up). {@code SecretRulesCompactTest} fails when the generated file no longer agrees with the
 * TOML and regenerates it with {@code -Dstowaway.regenerate=true}.
 *
 * <p>Format (our own, UTF-8): one field per line, {@code TAG TAB value}, values with {@code \\}, {@code \n},
 * {@code \r} and {@code \t} escaped; lines starting with {@code #} are comments. {@code R id} starts a rule,
 * followed by {@code d} description, {@code x} regex (Java syntax, already converted from RE2), {@code g}
 * secret group, {@code e} entropy, {@code k} keyword (repeated), {@code p} path regex, {@code s} severity,
 * and {@code A} starts one of its allowlists; {@code G} starts a global allowlist. An allowlist's fields:
 * {@code ad} description, {@code at} regex target, {@code ac} condition AND, {@code ar} regex, {@code ap}
 * path regex, {@code as} stopword (each repeated as needed).
 */
final class CompactRules {
  private CompactRules() {}

  /** Starts the second line: the SHA-256 of the lines after it, in hex (what names the rules in cache keys). */
  static final String DIGEST_PREFIX = "# sha256 ";

  /**
   * @param rules a rule set
   * @param header a comment for the first line
   * @return its compact form: the header, the digest line ({@link #DIGEST_PREFIX}), the rules
   */
  static String write(SecretRules rules, String header) {
    String body = body(rules);
    return "# " + header + "\n" + DIGEST_PREFIX + sha256Hex(body) + "\n" + body;
  }

  /**
   * @param compact a compact form written by {@link #write}
   * @return the digest its second line states (written with the rules, so read at run time without hashing
   *     them: the JDK's SHA-256 runs interpreted at start-up, ~6 ms for this file), or null when missing
   */
  static String statedDigest(String compact) {
    int first = compact.indexOf('\n');
    int second = first < 0 ? -1 : compact.indexOf('\n', first + 1);
    if (second < 0 || !compact.startsWith(DIGEST_PREFIX, first + 1)) {
      return null;
    }
    return compact.substring(first + 1 + DIGEST_PREFIX.length(), second);
  }

  static String sha256Hex(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every Java platform has SHA-256
    }
  }

  private static String body(SecretRules rules) {
    StringBuilder sb = new StringBuilder();
    for (SecretRule r : rules.rules()) {
      field(sb, "R", r.id());
      field(sb, "d", r.description());
      if (r.regex() != null) {
        field(sb, "x", r.regex().pattern());
      }
      field(sb, "g", Integer.toString(r.secretGroup()));
      field(sb, "e", Double.toString(r.entropy()));
      r.keywords().forEach(k -> field(sb, "k", k));
      if (r.path() != null) {
        field(sb, "p", r.path().pattern());
      }
      field(sb, "s", r.severity().name());
      for (Allowlist a : r.allowlists()) {
        sb.append("A\n");
        allowlist(sb, a);
      }
    }
    for (Allowlist a : rules.allowlists()) {
      sb.append("G\n");
      allowlist(sb, a);
    }
    return sb.toString();
  }

  private static void allowlist(StringBuilder sb, Allowlist a) {
    field(sb, "ad", a.description());
    field(sb, "at", a.regexTarget().name());
    if (a.and()) {
      field(sb, "ac", "AND");
    }
    a.regexes().forEach(p -> field(sb, "ar", p.pattern()));
    a.paths().forEach(p -> field(sb, "ap", p.pattern()));
    a.stopwords().forEach(s -> field(sb, "as", s));
  }

  private static void field(StringBuilder sb, String tag, String value) {
    sb.append(tag).append('\t');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    sb.append('\n');
  }

  /**
   * @param text a compact form written by {@link #write}
   * @return the rules and global allowlists
   * @throws IllegalArgumentException on a malformed line or regex
   */
  static Parsed read(String text) {
    List<SecretRule> rules = new ArrayList<>();
    List<Allowlist> global = new ArrayList<>();
    RuleFields rule = null;
    AllowlistFields list = null;
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      String tag = tab < 0 ? line : line.substring(0, tab);
      String value = tab < 0 ? "" : unescape(line.substring(tab + 1));
      switch (tag) {
        case "R" -> {
          if (rule != null) {
            rules.add(rule.build(list));
          } else if (list != null) {
            global.add(list.build());
          }
          list = null;
          rule = new RuleFields(value);
        }
        case "G" -> {
          if (rule != null) {
            rules.add(rule.build(list));
            rule = null;
          } else if (list != null) {
            global.add(list.build());
          }
          list = new AllowlistFields();
        }
        case "A" -> {
          if (rule == null) {
            throw new IllegalArgumentException("line " + lineNo + ": rule allowlist outside a rule");
          }
          if (list != null) {
            rule.allowlists.add(list.build());
          }
          list = new AllowlistFields();
        }
        default -> {
          if (tag.startsWith("a") && list != null) {
            list.set(tag, value);
          } else if (rule != null && list == null) {
            rule.set(tag, value, lineNo);
          } else {
            throw new IllegalArgumentException("line " + lineNo + ": unexpected '" + tag + "'");
          }
        }
      }
    }
    if (rule != null) {
      rules.add(rule.build(list));
    } else if (list != null) {
      global.add(list.build());
    }
    return new Parsed(rules, global);
  }

  /**
   * @param rules the rules in order
   * @param allowlists the global allowlists
   */
  record Parsed(List<SecretRule> rules, List<Allowlist> allowlists) {}

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(switch (n) {
          case 'n' -> '\n';
          case 'r' -> '\r';
          case 't' -> '\t';
          default -> n;
        });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static final class RuleFields {
    final String id;
    String description = "";
    SecretRule.Regex regex;
    int group;
    double entropy;
    final List<String> keywords = new ArrayList<>();
    Pattern path;
    Severity severity = Severity.UNKNOWN;
    final List<Allowlist> allowlists = new ArrayList<>();

    RuleFields(String id) {
      this.id = id;
    }

    void set(String tag, String value, int lineNo) {
      switch (tag) {
        case "d" -> description = value;
        case "x" -> regex = SecretRule.Regex.lazy(value); // compiled on first use; the test compiles them all
        case "g" -> group = Integer.parseInt(value);
        case "e" -> entropy = Double.parseDouble(value);
        case "k" -> keywords.add(value);
        case "p" -> path = Pattern.compile(value);
        case "s" -> severity = Severity.valueOf(value);
        default -> throw new IllegalArgumentException("line " + lineNo + ": unknown rule field '" + tag + "'");
      }
    }

    SecretRule build(AllowlistFields last) {
      if (last != null) {
        allowlists.add(last.build());
      }
      return new SecretRule(id, description, regex, group, entropy, keywords, path, allowlists, severity);
    }
  }

  private static final class AllowlistFields {
    String description = "";
    RegexTarget target = RegexTarget.SECRET;
    boolean and;
    final List<Pattern> regexes = new ArrayList<>();
    final List<Pattern> paths = new ArrayList<>();
    final List<String> stopwords = new ArrayList<>();

    void set(String tag, String value) {
      switch (tag) {
        case "ad" -> description = value;
        case "at" -> target = RegexTarget.valueOf(value);
        case "ac" -> and = true;
        case "ar" -> regexes.add(Pattern.compile(value));
        case "ap" -> paths.add(Pattern.compile(value));
        case "as" -> stopwords.add(value);
        default -> throw new IllegalArgumentException("unknown allowlist field '" + tag + "'");
      }
    }

    Allowlist build() {
      return new Allowlist(description, regexes, target, paths, stopwords, and);
    }
  }
}
