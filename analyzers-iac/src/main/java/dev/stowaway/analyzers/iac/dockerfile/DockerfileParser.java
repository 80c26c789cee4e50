package dev.stowaway.analyzers.iac.dockerfile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Dockerfiles: parser directives, line continuations (with either escape character, and with
 * comment and empty lines inside them), here-documents, exec and shell forms, multi-stage builds and
 * {@code ARG}/{@code ENV} substitution.
 *
 * <p>Bad input never throws: problems become {@link ParseIssue}s with their line, and parsing goes on.
 * Input is bounded by {@link #MAX_BYTES}; expansion results are bounded too. Stateless and thread-safe.
 *
 * @see <a href="https://docs.docker.com/reference/dockerfile/">Dockerfile reference</a>
 */
public final class DockerfileParser {
  /** The largest Dockerfile parsed: 4 MiB. Larger input gives an issue and an empty result. */
  public static final int MAX_BYTES = 4 << 20;

  /** The longest result of expanding one instruction's variables. */
  static final int MAX_EXPANDED = 256 * 1024;

  private static final Pattern DIRECTIVE =
      Pattern.compile("^[ \\t]*#[ \\t]*([A-Za-z][A-Za-z0-9_-]*)[ \\t]*=[ \\t]*(.*?)[ \\t]*$");
  private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
  private static final Pattern HEREDOC =
      Pattern.compile("<<(-?)(?:\"([A-Za-z0-9_.-]+)\"|'([A-Za-z0-9_.-]+)'|([A-Za-z_][A-Za-z0-9_.-]*))");
  private static final Set<String> HEREDOC_KEYWORDS = Set.of("RUN", "COPY", "ADD");
  private static final Set<String> FLAG_KEYWORDS = Set.of("FROM", "COPY", "ADD", "RUN", "HEALTHCHECK");
  private static final Set<String> JSON_KEYWORDS =
      Set.of("RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME");
  /** The instructions the builder expands variables in (not RUN/CMD/ENTRYPOINT: the shell does). */
  private static final Set<String> EXPANDED_KEYWORDS =
      Set.of("ADD", "COPY", "ENV", "EXPOSE", "FROM", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR", "ARG");
  /** Every keyword the reference knows. */
  public static final Set<String> KEYWORDS = Set.of(
      "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
      "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");

  private DockerfileParser() {}

  /**
   * Reads and parses a Dockerfile. Reads at most {@link #MAX_BYTES} + 1 bytes.
   *
   * @param in the content; not null; owned by the caller (not closed)
   * @return the parsed file; never null
   * @throws IOException if reading fails
   */
  public static Dockerfile parse(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > MAX_BYTES) {
        return tooLarge();
      }
    }
    return parse(out.toString(StandardCharsets.UTF_8));
  }

  private static Dockerfile tooLarge() {
    return new Dockerfile(Map.of(), '\\', List.of(), List.of(),
        List.of(new ParseIssue(1, "Dockerfile larger than " + MAX_BYTES + " bytes; not parsed")));
  }

  /**
   * Parses Dockerfile text.
   *
   * @param text the content; not null
   * @return the parsed file; never null
   */
  public static Dockerfile parse(String text) {
    if (text.length() > MAX_BYTES) {
      return tooLarge();
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String[] lines = text.split("\r?\n", -1);
    List<ParseIssue> issues = new ArrayList<>();
    Map<String, String> directives = new LinkedHashMap<>();
    int i = 0;
    while (i < lines.length) {
      Matcher m = DIRECTIVE.matcher(lines[i]);
      if (!m.matches()) {
        break;
      }
      String key = m.group(1).toLowerCase(Locale.ROOT);
      if (!DIRECTIVES.contains(key) || directives.containsKey(key)) {
        // An unknown or repeated directive is a comment and ends the directive block.
        break;
      }
      directives.put(key, m.group(2));
      i++;
    }
    char escape = '\\';
    String esc = directives.get("escape");
    if (esc != null) {
      if (esc.equals("`")) {
        escape = '`';
      } else if (!esc.equals("\\")) {
        issues.add(new ParseIssue(lineOfDirective(lines, "escape"), "invalid escape directive '" + esc
            + "': must be \\ or `"));
      }
    }

    List<Instruction> raw = new ArrayList<>();
    while (i < lines.length) {
      String trimmed = lines[i].strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        i++;
        continue;
      }
      int start = i + 1;
      StringBuilder logical = new StringBuilder();
      String cur = lines[i];
      int last = start;
      while (true) {
        String t = cur.stripTrailing();
        if (!t.isEmpty() && t.charAt(t.length() - 1) == escape) {
          logical.append(t, 0, t.length() - 1);
          i++;
          while (i < lines.length && (lines[i].isBlank() || lines[i].strip().startsWith("#"))) {
            i++;
          }
          if (i >= lines.length) {
            issues.add(new ParseIssue(start, "line continuation runs to the end of the file"));
            break;
          }
          cur = lines[i];
          last = i + 1;
        } else {
          logical.append(cur);
          i++;
          break;
        }
      }
      int end = last;
      String logicalText = logical.toString().strip();
      String keyword = firstWord(logicalText).toUpperCase(Locale.ROOT);
      String triggerKeyword = keyword;
      if (keyword.equals("ONBUILD")) {
        triggerKeyword = firstWord(logicalText.substring(keyword.length()).strip()).toUpperCase(Locale.ROOT);
      }
      List<Heredoc> heredocs = new ArrayList<>();
      if (HEREDOC_KEYWORDS.contains(triggerKeyword)) {
        Matcher hm = HEREDOC.matcher(logicalText);
        while (hm.find()) {
          if (hm.start() > 0 && logicalText.charAt(hm.start() - 1) == '<') {
            continue; // a here-string (<<<), not a here-document
          }
          boolean strip = !hm.group(1).isEmpty();
          String delim = hm.group(2) != null ? hm.group(2) : hm.group(3) != null ? hm.group(3) : hm.group(4);
          boolean quoted = hm.group(4) == null;
          int bodyStart = i + 1;
          StringBuilder body = new StringBuilder();
          boolean closed = false;
          while (i < lines.length) {
            String l = lines[i++];
            String cmp = strip ? stripLeadingTabs(l) : l;
            if (cmp.equals(delim)) {
              closed = true;
              break;
            }
            body.append(cmp).append('\n');
          }
          if (!closed) {
            issues.add(new ParseIssue(start, "unterminated here-document <<" + delim + " (started on line "
                + start + ")"));
          }
          heredocs.add(new Heredoc(delim, body.toString(), strip, quoted, bodyStart));
          end = Math.min(i, lines.length);
        }
      }
      Instruction ins = parseSingle(logicalText, start, end, heredocs);
      if (!KEYWORDS.contains(ins.keyword())) {
        issues.add(new ParseIssue(start, "unknown instruction " + ins.keyword()));
      }
      raw.add(ins);
    }
    return assemble(directives, escape, raw, issues);
  }

  private static int lineOfDirective(String[] lines, String name) {
    for (int i = 0; i < lines.length; i++) {
      Matcher m = DIRECTIVE.matcher(lines[i]);
      if (m.matches() && m.group(1).equalsIgnoreCase(name)) {
        return i + 1;
      }
    }
    return 1;
  }

  private static String stripLeadingTabs(String s) {
    int k = 0;
    while (k < s.length() && s.charAt(k) == '\t') {
      k++;
    }
    return s.substring(k);
  }

  private static String firstWord(String s) {
    int k = 0;
    while (k < s.length() && !Character.isWhitespace(s.charAt(k))) {
      k++;
    }
    return s.substring(0, k);
  }

  /**
   * Parses one instruction written on one line, such as an image history's {@code created_by} turned
   * back into an instruction. No variables are expanded and here-documents are not read.
   *
   * @param text the instruction text, such as {@code RUN apt-get update}; not null
   * @param line the line number to give it
   * @return the instruction; never null
   */
  public static Instruction parseInstruction(String text, int line) {
    return parseSingle(text, line, line, List.of());
  }

  /**
   * Parses one logical instruction line (continuations already joined); no variables are expanded.
   * Used for {@code ONBUILD} triggers and for image history entries.
   *
   * @param text the instruction text, such as {@code RUN apt-get update}; not null
   * @param startLine the first line
   * @param endLine the last line
   * @param heredocs here-documents already read for it
   * @return the instruction; never null
   */
  static Instruction parseSingle(String text, int startLine, int endLine, List<Heredoc> heredocs) {
    String s = text.strip();
    String keyword = firstWord(s).toUpperCase(Locale.ROOT);
    String rest = s.substring(Math.min(s.length(), firstWord(s).length())).strip();
    List<String> flags = new ArrayList<>();
    if (FLAG_KEYWORDS.contains(keyword)) {
      while (rest.startsWith("--")) {
        int k = tokenEnd(rest);
        flags.add(rest.substring(0, k));
        rest = rest.substring(k).strip();
      }
    }
    boolean json = JSON_KEYWORDS.contains(keyword) && JsonArray.parse(rest) != null;
    return new Instruction(keyword, rest, flags, json, heredocs, startLine, endLine, rest);
  }

  /** The end of a whitespace-separated token, honouring double and single quotes. */
  private static int tokenEnd(String s) {
    char quote = 0;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (Character.isWhitespace(c)) {
        return k;
      }
    }
    return s.length();
  }

  /** Groups instructions into stages and applies ARG/ENV substitution with the builder's scoping. */
  private static Dockerfile assemble(
      Map<String, String> directives, char escape, List<Instruction> raw, List<ParseIssue> issues) {
    Map<String, String> globalArgs = new HashMap<>();
    List<Instruction> global = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    Instruction from = null;
    String base = null;
    String name = null;
    String platform = null;
    List<Instruction> body = new ArrayList<>();
    Map<String, String> vars = new HashMap<>();
    for (Instruction r : raw) {
      if (r.is("FROM")) {
        if (from != null) {
          stages.add(new Stage(stages.size(), from, base, name, platform, body));
        }
        String expanded = expand(r.args(), globalArgs, escape, issues, r.startLine());
        from = withExpanded(r, expanded);
        List<String> w = from.words();
        base = w.isEmpty() ? "" : w.get(0);
        name = null;
        if (w.isEmpty()) {
          issues.add(new ParseIssue(r.startLine(), "FROM without an image"));
        } else if (w.size() == 3 && w.get(1).equalsIgnoreCase("AS")) {
          name = w.get(2).toLowerCase(Locale.ROOT);
        } else if (w.size() != 1) {
          issues.add(new ParseIssue(r.startLine(), "FROM takes an image and an optional AS name"));
        }
        String p = r.flag("platform");
        platform = p == null ? null : expand(p, globalArgs, escape, issues, r.startLine());
        body = new ArrayList<>();
        vars = new HashMap<>();
        continue;
      }
      if (from == null) {
        if (r.is("ARG")) {
          Instruction e = withExpanded(r, expand(r.args(), globalArgs, escape, issues, r.startLine()));
          declareArgs(r, globalArgs, globalArgs, escape, issues);
          global.add(e);
        } else {
          issues.add(new ParseIssue(r.startLine(), r.keyword() + " before the first FROM"));
          global.add(r);
        }
        continue;
      }
      Instruction e = r;
      if (EXPANDED_KEYWORDS.contains(r.keyword())) {
        e = withExpanded(r, expand(r.args(), vars, escape, issues, r.startLine()));
      }
      if (r.is("ARG")) {
        declareArgs(r, vars, globalArgs, escape, issues);
      } else if (r.is("ENV")) {
        for (Map.Entry<String, String> kv : keyValues(r.args(), true).entrySet()) {
          // "ENV A B=c" style without "=" leaves a key with no value (found by fuzzing): it is set to "".
          String value = kv.getValue() == null ? "" : kv.getValue();
          vars.put(kv.getKey(), unquote(expand(value, vars, escape, issues, r.startLine())));
        }
      }
      body.add(e);
    }
    if (from != null) {
      stages.add(new Stage(stages.size(), from, base, name, platform, body));
    } else if (!raw.isEmpty()) {
      issues.add(new ParseIssue(raw.get(0).startLine(), "no FROM instruction"));
    }
    return new Dockerfile(directives, escape, global, stages, issues);
  }

  private static Instruction withExpanded(Instruction r, String expanded) {
    return new Instruction(r.keyword(), r.args(), r.flags(), r.jsonForm(), r.heredocs(), r.startLine(),
        r.endLine(), expanded);
  }

  private static void declareArgs(Instruction r, Map<String, String> scope, Map<String, String> globals,
      char escape, List<ParseIssue> issues) {
    for (Map.Entry<String, String> kv : keyValues(r.args(), false).entrySet()) {
      if (kv.getValue() != null) {
        scope.put(kv.getKey(), unquote(expand(kv.getValue(), scope, escape, issues, r.startLine())));
      } else if (globals.containsKey(kv.getKey())) {
        scope.put(kv.getKey(), globals.get(kv.getKey()));
      }
    }
  }

  /**
   * Splits {@code ENV}/{@code ARG}/{@code LABEL} arguments into names and raw values. {@code ENV name
   * value} (the legacy form without {@code =}) is understood when {@code legacy} is true. A name
   * without {@code =} maps to null.
   *
   * @param args the arguments; not null
   * @param legacy whether the space-separated legacy form is allowed
   * @return names to raw values, in order
   */
  public static Map<String, String> keyValues(String args, boolean legacy) {
    Map<String, String> out = new LinkedHashMap<>();
    String s = args.strip();
    if (s.isEmpty()) {
      return out;
    }
    String first = s.substring(0, tokenEnd(s));
    if (legacy && !first.contains("=")) {
      out.put(first, s.substring(first.length()).strip());
      return out;
    }
    while (!s.isEmpty()) {
      int k = tokenEnd(s);
      String tok = s.substring(0, k);
      int eq = tok.indexOf('=');
      if (eq < 0) {
        out.put(tok, null);
      } else {
        out.put(tok.substring(0, eq), tok.substring(eq + 1));
      }
      s = s.substring(k).strip();
    }
    return out;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /**
   * Expands {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}},
   * {@code ${VAR:+alt}}, {@code ${VAR+alt}} and {@code ${VAR:?message}} as the builder does: nothing
   * inside single quotes, {@code escape$} is a literal dollar, unset variables expand to nothing. The
   * result is bounded by {@link #MAX_EXPANDED} characters; longer results are cut and reported.
   *
   * @param text the text; not null
   * @param vars the variables in scope; not null
   * @param escape the escape character
   * @return the expanded text; never null
   */
  public static String expand(String text, Map<String, String> vars, char escape) {
    return expand(text, vars, escape, new ArrayList<>(), 0);
  }

  private static String expand(String text, Map<String, String> vars, char escape, List<ParseIssue> issues,
      int line) {
    StringBuilder out = new StringBuilder();
    if (!expandInto(text, vars, escape, out, 0)) {
      issues.add(new ParseIssue(line, "variable expansion longer than " + MAX_EXPANDED + " characters; cut"));
    }
    return out.toString();
  }

  /** Returns false when the output hit the size bound. */
  private static boolean expandInto(String s, Map<String, String> vars, char escape, StringBuilder out, int depth) {
    boolean inDouble = false;
    int i = 0;
    while (i < s.length()) {
      if (out.length() > MAX_EXPANDED) {
        out.setLength(MAX_EXPANDED);
        return false;
      }
      char c = s.charAt(i);
      if (c == escape && i + 1 < s.length()) {
        char next = s.charAt(i + 1);
        if (next == '$') {
          out.append('$');
        } else {
          out.append(c).append(next);
        }
        i += 2;
        continue;
      }
      if (c == '\'' && !inDouble) {
        int close = s.indexOf('\'', i + 1);
        int stop = close < 0 ? s.length() : close + 1;
        out.append(s, i, stop);
        i = stop;
        continue;
      }
      if (c == '"') {
        inDouble = !inDouble;
        out.append(c);
        i++;
        continue;
      }
      if (c != '$' || i + 1 >= s.length()) {
        out.append(c);
        i++;
        continue;
      }
      char n = s.charAt(i + 1);
      if (n == '{') {
        int close = matchingBrace(s, i + 1);
        if (close < 0) {
          out.append(s, i, s.length());
          return true;
        }
        String inner = s.substring(i + 2, close);
        int k = 0;
        while (k < inner.length() && (Character.isLetterOrDigit(inner.charAt(k)) || inner.charAt(k) == '_')) {
          k++;
        }
        String name = inner.substring(0, k);
        String op = inner.substring(k);
        String value = vars.get(name);
        if (op.isEmpty()) {
          out.append(value == null ? "" : value);
        } else if (depth < 8 && (op.startsWith(":-") || op.startsWith("-"))) {
          boolean colon = op.startsWith(":");
          String word = op.substring(colon ? 2 : 1);
          boolean useWord = value == null || (colon && value.isEmpty());
          if (useWord) {
            if (!expandInto(word, vars, escape, out, depth + 1)) {
              return false;
            }
          } else {
            out.append(value);
          }
        } else if (depth < 8 && (op.startsWith(":+") || op.startsWith("+"))) {
          boolean colon = op.startsWith(":");
          String word = op.substring(colon ? 2 : 1);
          boolean set = value != null && (!colon || !value.isEmpty());
          if (set && !expandInto(word, vars, escape, out, depth + 1)) {
            return false;
          }
        } else {
          // ${VAR:?msg} and pattern operators: keep the value when set.
          out.append(value == null ? "" : value);
        }
        i = close + 1;
      } else if (Character.isLetter(n) || n == '_') {
        int k = i + 1;
        while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_')) {
          k++;
        }
        String value = vars.get(s.substring(i + 1, k));
        out.append(value == null ? "" : value);
        i = k;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.length() <= MAX_EXPANDED || truncate(out);
  }

  private static boolean truncate(StringBuilder out) {
    out.setLength(MAX_EXPANDED);
    return false;
  }

  private static int matchingBrace(String s, int open) {
    int depth = 0;
    for (int k = open; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return k;
        }
      }
    }
    return -1;
  }
}
