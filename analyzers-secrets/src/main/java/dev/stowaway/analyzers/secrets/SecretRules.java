package dev.stowaway.analyzers.secrets;

import dev.stowaway.analyzers.secrets.SecretRule.Allowlist;
import dev.stowaway.analyzers.secrets.SecretRule.RegexTarget;
import dev.stowaway.api.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * A set of secret rules plus global allowlists, loaded from a gitleaks-compatible TOML configuration
 * (format: https://github.com/gitleaks/gitleaks#configuration). Immutable and thread-safe.
 *
 * <p>Supported: {@code [[rules]]} with {@code id, description, regex, secretGroup, entropy, keywords, path,
 * tags}, per-rule {@code [[rules.allowlists]]} and the legacy {@code [rules.allowlist]} (with {@code regexes,
 * paths, stopwords, regexTarget, condition, description}), the global {@code [allowlist]} and
 * {@code [[allowlists]]}, {@code [extend] useDefault / disabledRules}, and our own {@code severity} key on a
 * rule. Any other key is reported in {@link #warnings()} and otherwise ignored. Go regular expressions are
 * converted where Java differs ({@code (?P<name>} named groups).
 */
public final class SecretRules {
  private static final String BUILT_IN = "builtin-rules.toml";
  private static final Set<String> RULE_KEYS = Set.of(
      "id", "description", "regex", "secretGroup", "entropy", "keywords", "path", "tags", "allowlist",
      "allowlists", "severity");
  private static final Set<String> ALLOWLIST_KEYS = Set.of(
      "description", "regexes", "regexTarget", "paths", "stopwords", "condition", "commits");
  private static final Set<String> TOP_KEYS = Set.of("title", "extend", "rules", "allowlist", "allowlists");
  private static final Pattern GO_NAMED_GROUP = Pattern.compile("\\(\\?P<([A-Za-z0-9_]+)>");
  /** An RE2 POSIX class inside a bracket expression, {@code [:alpha:]} or negated {@code [:^alpha:]}. */
  private static final Pattern GO_POSIX_CLASS = Pattern.compile(
      "\\[:(\\^?)(alnum|alpha|ascii|blank|cntrl|digit|graph|lower|print|punct|space|upper|word|xdigit):]");

  private final List<SecretRule> rules;
  private final List<Allowlist> allowlists;
  private final List<String> warnings;

  /** What {@link #settingsText()} returns; built on first use (racy but idempotent). */
  private volatile String settingsText;

  private SecretRules(List<SecretRule> rules, List<Allowlist> allowlists, List<String> warnings) {
    this.rules = List.copyOf(rules);
    this.allowlists = List.copyOf(allowlists);
    this.warnings = List.copyOf(warnings);
  }

  private SecretRules(List<SecretRule> rules, List<Allowlist> allowlists, String settingsText) {
    this(rules, allowlists, List.of());
    this.settingsText = settingsText;
  }

  /** The engine for these rules, shared by the analyzers that use them; built on first use. */
  private volatile SecretScanner scanner;

  /**
   * @return the scanner for these rules (immutable and thread-safe, so one per rule set: building its
   *     keyword automaton is a noticeable part of a small scan's start-up); never null. Thread-safe.
   */
  public SecretScanner scanner() {
    SecretScanner s = scanner;
    if (s == null) {
      synchronized (this) {
        s = scanner;
        if (s == null) {
          s = new SecretScanner(this);
          scanner = s;
        }
      }
    }
    return s;
  }

  /**
   * A text that changes whenever the rules' meaning may change, for cache keys: for the built-in set the
   * SHA-256 of its compact form's rule lines, as the generator wrote it into the file (the same for every
   * run of one build; spelling out the 203 rules took ~60 ms of every start-up, hashing them ~6 ms), for
   * other sets every rule and allowlist spelled out.
   *
   * @return the text; never null
   */
  public String settingsText() {
    String t = settingsText;
    if (t == null) {
      t = rules + "\n" + allowlists;
      settingsText = t;
    }
    return t;
  }

  /** The built-in rules as {@link CompactRules} generated from {@link #BUILT_IN}. */
  static final String BUILT_IN_COMPACT = "builtin-rules.compact";

  /**
   * Holder so the built-in set is loaded once, lazily, and never changes afterwards. It is read from the
   * compact form generated from the TOML: the TOML parser alone cost about 0.3 s of CPU at start-up.
   */
  private static final class BuiltIn {
    static final SecretRules RULES = load();

    private static SecretRules load() {
      CompactRules.Parsed p = CompactRules.read(BuiltInKey.COMPACT);
      return new SecretRules(p.rules(), p.allowlists(), BuiltInKey.SETTINGS_TEXT);
    }
  }

  /**
   * Holder of the built-in set's {@link #settingsText()} apart from the rules: a scan whose secret results
   * all come from the layer cache needs the key but never the rules, whose ~200 regexes took ~35 ms of CPU
   * to compile at every start.
   */
  private static final class BuiltInKey {
    static final String COMPACT = resource(BUILT_IN_COMPACT);
    static final String SETTINGS_TEXT = "built-in " + digest(COMPACT);

    /** The digest the generator wrote, checked by SecretRulesCompactTest; computed if missing. */
    private static String digest(String compact) {
      String stated = CompactRules.statedDigest(compact);
      return stated != null ? stated : CompactRules.sha256Hex(compact);
    }
  }

  /**
   * The settings text of {@code rules}, or of the built-in set when null (what the analyzers then use),
   * without parsing the built-in rules or compiling their regexes.
   */
  static String settingsTextOf(SecretRules rules) {
    return rules != null ? rules.settingsText() : BuiltInKey.SETTINGS_TEXT;
  }

  /** @return the built-in rules parsed from their TOML source (what the compact form must agree with) */
  static SecretRules builtInFromToml() {
    SecretRules r = parse(resource(BUILT_IN), BUILT_IN, null);
    if (!r.warnings.isEmpty()) {
      throw new IllegalStateException("built-in rules have warnings: " + r.warnings);
    }
    return r;
  }

  private static String resource(String name) {
    try (InputStream in = SecretRules.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the built-in rule set (shared, immutable) */
  public static SecretRules builtIn() {
    return BuiltIn.RULES;
  }

  /**
   * Parses a user configuration. With {@code [extend] useDefault = true} the built-in rules and allowlists
   * come first; a user rule with the same id replaces the built-in one; {@code disabledRules} removes ids.
   *
   * @param toml the TOML text; never null
   * @param sourceName a name for messages (a file name)
   * @return the rules; unsupported keys are listed in {@link #warnings()}
   * @throws IllegalArgumentException on TOML syntax errors, a key of the wrong type, a rule without id, or an
   *     invalid regex
   */
  public static SecretRules parse(String toml, String sourceName) {
    try {
      return parse(toml, sourceName, builtInSupplier());
    } catch (org.tomlj.TomlInvalidTypeException | org.tomlj.TomlParseError e) {
      // a key of another type than the format's (path = [...], id = 7): tomlj's typed getters throw; so does
      // its parser for some syntax errors (an invalid escape such as "\E") instead of listing them
      throw new IllegalArgumentException(sourceName + ": " + e.getMessage(), e);
    }
  }

  private static java.util.function.Supplier<SecretRules> builtInSupplier() {
    return SecretRules::builtIn;
  }

  private static SecretRules parse(String toml, String source, java.util.function.Supplier<SecretRules> base) {
    TomlParseResult doc = Toml.parse(toml);
    if (doc.hasErrors()) {
      throw new IllegalArgumentException(source + ": " + doc.errors().get(0));
    }
    List<String> warnings = new ArrayList<>();
    for (String key : doc.keySet()) {
      if (!TOP_KEYS.contains(key)) {
        warnings.add(source + ": unsupported key '" + key + "' ignored");
      }
    }
    Map<String, SecretRule> byId = new LinkedHashMap<>();
    List<Allowlist> global = new ArrayList<>();
    TomlTable extend = doc.getTable("extend");
    if (extend != null) {
      for (String key : extend.keySet()) {
        if (!key.equals("useDefault") && !key.equals("disabledRules")) {
          warnings.add(source + ": unsupported key 'extend." + key + "' ignored");
        }
      }
      if (Boolean.TRUE.equals(extend.getBoolean("useDefault")) && base != null) {
        SecretRules def = base.get();
        def.rules.forEach(r -> byId.put(r.id(), r));
        global.addAll(def.allowlists);
      }
    }
    TomlArray ruleArray = doc.getArray("rules");
    if (ruleArray != null) {
      for (int i = 0; i < ruleArray.size(); i++) {
        SecretRule r = rule(ruleArray.getTable(i), source + " rules[" + i + "]", warnings);
        byId.put(r.id(), r);
      }
    }
    if (extend != null && extend.getArray("disabledRules") != null) {
      for (Object id : extend.getArray("disabledRules").toList()) {
        byId.remove(String.valueOf(id));
      }
    }
    TomlTable legacy = doc.getTable("allowlist");
    if (legacy != null) {
      global.add(allowlist(legacy, source + " allowlist", warnings));
    }
    TomlArray lists = doc.getArray("allowlists");
    if (lists != null) {
      for (int i = 0; i < lists.size(); i++) {
        global.add(allowlist(lists.getTable(i), source + " allowlists[" + i + "]", warnings));
      }
    }
    return new SecretRules(new ArrayList<>(byId.values()), global, warnings);
  }

  private static SecretRule rule(TomlTable t, String where, List<String> warnings) {
    for (String key : t.keySet()) {
      if (!RULE_KEYS.contains(key)) {
        warnings.add(where + ": unsupported key '" + key + "' ignored");
      }
    }
    String id = t.getString("id");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(where + ": rule without id");
    }
    String desc = t.getString("description");
    Pattern regex = compile(t.getString("regex"), where + " (" + id + ") regex");
    Pattern path = compile(t.getString("path"), where + " (" + id + ") path");
    Long group = t.getLong("secretGroup");
    Object entropy = t.get("entropy");
    double minEntropy = entropy instanceof Number n ? n.doubleValue() : 0;
    List<Allowlist> lists = new ArrayList<>();
    TomlTable legacy = t.getTable("allowlist");
    if (legacy != null) {
      lists.add(allowlist(legacy, where + " (" + id + ") allowlist", warnings));
    }
    TomlArray arr = t.getArray("allowlists");
    if (arr != null) {
      for (int i = 0; i < arr.size(); i++) {
        lists.add(allowlist(arr.getTable(i), where + " (" + id + ") allowlists[" + i + "]", warnings));
      }
    }
    String sev = t.getString("severity");
    Severity severity = sev != null ? Severity.parseLenient(sev) : defaultSeverity(id);
    if (sev != null && severity == Severity.UNKNOWN && !sev.equalsIgnoreCase("unknown")) {
      warnings.add(where + " (" + id + "): unknown severity '" + sev + "', using UNKNOWN");
    }
    return new SecretRule(id, desc == null ? id : desc, regex == null ? null : SecretRule.Regex.of(regex), group == null ? 0 : group.intValue(), minEntropy,
        strings(t.getArray("keywords")), path, lists, severity);
  }

  /** Private keys and cloud credentials are critical; generic assignments and JWTs medium; the rest high. */
  static Severity defaultSeverity(String id) {
    String l = id.toLowerCase(Locale.ROOT);
    if (l.contains("private-key") || l.startsWith("aws-") || l.startsWith("gcp-")) {
      return Severity.CRITICAL;
    }
    if (l.startsWith("generic") || l.contains("jwt") || l.contains("keystore")) {
      return Severity.MEDIUM;
    }
    return Severity.HIGH;
  }

  private static Allowlist allowlist(TomlTable t, String where, List<String> warnings) {
    for (String key : t.keySet()) {
      if (!ALLOWLIST_KEYS.contains(key)) {
        warnings.add(where + ": unsupported key '" + key + "' ignored");
      }
    }
    if (t.get("commits") != null) {
      warnings.add(where + ": 'commits' does not apply to image scanning, ignored");
    }
    String target = t.getString("regexTarget");
    RegexTarget rt = RegexTarget.SECRET;
    if (target != null) {
      switch (target.toLowerCase(Locale.ROOT)) {
        case "secret" -> rt = RegexTarget.SECRET;
        case "match" -> rt = RegexTarget.MATCH;
        case "line" -> rt = RegexTarget.LINE;
        default -> warnings.add(where + ": unknown regexTarget '" + target + "', using secret");
      }
    }
    String cond = t.getString("condition");
    boolean and = cond != null && cond.equalsIgnoreCase("AND");
    if (cond != null && !and && !cond.equalsIgnoreCase("OR")) {
      warnings.add(where + ": unknown condition '" + cond + "', using OR");
    }
    List<Pattern> regexes = new ArrayList<>();
    for (String s : strings(t.getArray("regexes"))) {
      regexes.add(compile(s, where + " regexes"));
    }
    List<Pattern> paths = new ArrayList<>();
    for (String s : strings(t.getArray("paths"))) {
      paths.add(compile(s, where + " paths"));
    }
    String d = t.getString("description");
    return new Allowlist(d == null ? "" : d, regexes, rt, paths, strings(t.getArray("stopwords")), and);
  }

  private static List<String> strings(TomlArray a) {
    List<String> out = new ArrayList<>();
    if (a != null) {
      for (Object o : a.toList()) {
        out.add(String.valueOf(o));
      }
    }
    return out;
  }

  /**
   * Compiles a Go (RE2) pattern with Java's engine, converting {@code (?P<name>} to a Java named group
   * (underscores dropped, since Java group names are letters and digits only) and RE2's POSIX classes
   * ({@code [[:alnum:]]}, which Java would read as a set of the letters a, l, n, u, m and ':') to Java's
   * {@code \p{Alnum}} (https://github.com/google/re2/wiki/Syntax).
   */
  static Pattern compile(String goRegex, String where) {
    if (goRegex == null) {
      return null;
    }
    Matcher p = GO_POSIX_CLASS.matcher(goRegex);
    StringBuilder posix = new StringBuilder();
    while (p.find()) {
      String name = p.group(2);
      String java = name.equals("word") ? "\\w" : name.equals("xdigit") ? "\\p{XDigit}"
          : "\\p{" + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "}";
      if (!p.group(1).isEmpty()) {
        java = name.equals("word") ? "\\W" : "\\P" + java.substring(2);
      }
      p.appendReplacement(posix, Matcher.quoteReplacement(java));
    }
    p.appendTail(posix);
    Matcher m = GO_NAMED_GROUP.matcher(posix);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).replace("_", "");
      if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
        name = "g" + name;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement("(?<" + name + ">"));
    }
    m.appendTail(sb);
    try {
      return Pattern.compile(sb.toString());
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(where + ": invalid regex: " + e.getDescription(), e);
    }
  }

  /** @return the rules in definition order (built-ins first when extending); never null */
  public List<SecretRule> rules() {
    return rules;
  }

  /** @return global allowlists, applied to every rule; never null */
  public List<Allowlist> allowlists() {
    return allowlists;
  }

  /** @return messages about unsupported keys or values that were ignored; never null */
  public List<String> warnings() {
    return warnings;
  }
}
