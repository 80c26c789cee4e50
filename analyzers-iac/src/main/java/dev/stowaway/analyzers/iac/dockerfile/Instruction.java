package dev.stowaway.analyzers.iac.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One Dockerfile instruction, after line continuations are joined and comments inside them removed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param keyword the instruction keyword in upper case, such as {@code RUN}; never null
 * @param args the text after the keyword and its flags, continuations joined, not yet expanded; never null
 * @param flags the leading {@code --name[=value]} flags as written (for {@code FROM}, {@code COPY},
 *     {@code ADD}, {@code RUN}, {@code HEALTHCHECK}); never null
 * @param jsonForm true when {@code args} is a JSON array of strings (exec form)
 * @param heredocs the here-documents, in order; never null
 * @param startLine the 1-based line of the keyword
 * @param endLine the 1-based last line, including continuations and here-documents
 * @param expandedArgs {@code args} with {@code ARG}/{@code ENV} substitution applied for the
 *     instructions where the builder applies it, otherwise equal to {@code args}; never null
 */
public record Instruction(
    String keyword,
    String args,
    List<String> flags,
    boolean jsonForm,
    List<Heredoc> heredocs,
    int startLine,
    int endLine,
    String expandedArgs) {

  /** Copies the lists and requires the text fields. */
  public Instruction {
    Objects.requireNonNull(keyword, "keyword");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(expandedArgs, "expandedArgs");
    flags = List.copyOf(flags);
    heredocs = List.copyOf(heredocs);
  }

  /**
   * Returns true if this instruction has the given keyword (case-insensitive).
   *
   * @param kw the keyword; not null
   * @return whether it matches
   */
  public boolean is(String kw) {
    return keyword.equalsIgnoreCase(kw);
  }

  /**
   * Returns the value of a flag such as {@code --from}, or null when absent; a flag without a value
   * gives the empty string.
   *
   * @param name the flag name without dashes, such as {@code from}; not null
   * @return the value, or null
   */
  public String flag(String name) {
    String p = "--" + name.toLowerCase(Locale.ROOT);
    for (String f : flags) {
      String lower = f.toLowerCase(Locale.ROOT);
      if (lower.equals(p)) {
        return "";
      }
      if (lower.startsWith(p + "=")) {
        return f.substring(p.length() + 1);
      }
    }
    return null;
  }

  /**
   * Returns the exec-form elements when {@link #jsonForm()} is true, otherwise the expanded shell-form
   * text split on whitespace (quotes are kept as written).
   *
   * @return the words; never null
   */
  public List<String> words() {
    if (jsonForm) {
      List<String> json = JsonArray.parse(args.strip());
      return json == null ? List.of() : json;
    }
    List<String> out = new ArrayList<>();
    for (String w : expandedArgs.strip().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * Returns the shell script this instruction runs: the shell-form text, or for exec form the elements
   * joined with spaces, followed by the bodies of its here-documents. For instructions other than
   * {@code RUN} this is just the text.
   *
   * @return the script; never null
   */
  public String script() {
    StringBuilder sb = new StringBuilder(jsonForm ? String.join(" ", words()) : args);
    for (Heredoc h : heredocs) {
      sb.append('\n').append(h.body());
    }
    return sb.toString();
  }

  /**
   * For {@code ONBUILD}, parses the trigger instruction it carries.
   *
   * @return the trigger with this instruction's line numbers, or null when this is not an
   *     {@code ONBUILD} or it carries nothing
   */
  public Instruction onbuildTrigger() {
    if (!is("ONBUILD") || args.isBlank()) {
      return null;
    }
    return DockerfileParser.parseSingle(args.strip(), startLine, endLine, heredocs);
  }
}
