package dev.stowaway.analyzers.secrets;

import dev.stowaway.api.model.Severity;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One detection rule, as a gitleaks {@code [[rules]]} table describes it. Immutable and thread-safe.
 *
 * <p>A rule either has a {@link #regex} (content rule, optionally restricted by {@link #path}) or only a
 * {@link #path} (a file whose name alone is the finding, such as a PKCS#12 keystore).
 *
 * @param id stable rule id, used in findings and fingerprints; never null
 * @param description human title; never null
 * @param regex the content pattern (compiled on first use), or null for a path-only rule
 * @param secretGroup the capture group holding the secret; 0 means the whole match (or the first group if any)
 * @param entropy minimum Shannon entropy (bits per character) of the secret; 0 disables the gate
 * @param keywords lower-case keywords, at least one of which must occur in the text for the regex to run;
 *     empty means the rule always runs
 * @param path a pattern the file path must match (found anywhere in the path), or null
 * @param allowlists rule-specific allowlists, any of which can drop a match
 * @param severity severity of the findings
 */
public record SecretRule(
    String id,
    String description,
    Regex regex,
    int secretGroup,
    double entropy,
    List<String> keywords,
    Pattern path,
    List<Allowlist> allowlists,
    Severity severity) {

  /** Validates and copies. */
  public SecretRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(severity, "severity");
    if (regex == null && path == null) {
      throw new IllegalArgumentException("rule " + id + " has neither regex nor path");
    }
    if (secretGroup < 0) {
      throw new IllegalArgumentException("rule " + id + ": negative secretGroup");
    }
    keywords = keywords.stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).toList();
    allowlists = List.copyOf(allowlists);
  }

  /**
   * A rule's content regex, compiled on first use: the built-in set has about 200 and a scan of an image
   * typically runs a few dozen (a rule runs only where its keywords occur). Thread-safe; equal by source.
   */
  public static final class Regex {
    private final String source;
    private volatile Pattern compiled;

    private Regex(String source, Pattern compiled) {
      this.source = Objects.requireNonNull(source, "source");
      this.compiled = compiled;
    }

    /**
     * @param pattern an already compiled pattern
     * @return it as a rule regex
     */
    public static Regex of(Pattern pattern) {
      return new Regex(pattern.pattern(), pattern);
    }

    /**
     * @param javaSource a regex in Java syntax that is known to compile (an invalid one fails on first use
     *     with {@link java.util.regex.PatternSyntaxException})
     * @return a regex compiled on first use
     */
    static Regex lazy(String javaSource) {
      return new Regex(javaSource, null);
    }

    /** @return the compiled pattern (compiled now if this is the first use) */
    public Pattern compiled() {
      Pattern p = compiled;
      if (p == null) {
        p = Pattern.compile(source);
        compiled = p;
      }
      return p;
    }

    /**
     * @param text the text to match
     * @return a matcher of the compiled pattern
     */
    public java.util.regex.Matcher matcher(CharSequence text) {
      return compiled().matcher(text);
    }

    /** @return the Java regex source */
    public String pattern() {
      return source;
    }

    /** @return the source, as {@link Pattern#toString()} gives it */
    @Override
    public String toString() {
      return source;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Regex r && r.source.equals(source);
    }

    @Override
    public int hashCode() {
      return source.hashCode();
    }
  }

  /** @return true if the rule matches on the file path alone and never reads content */
  public boolean pathOnly() {
    return regex == null;
  }

  /** Which text an allowlist's regexes are tested against. */
  public enum RegexTarget {
    /** The extracted secret (the default). */
    SECRET,
    /** The whole regex match. */
    MATCH,
    /** The line (or lines) holding the match. */
    LINE
  }

  /**
   * An allowlist: conditions under which a match is not a finding. With {@code and == false} (gitleaks
   * {@code condition = "OR"}, the default) any one criterion drops the match; with {@code and == true}
   * every criterion that is present must hold.
   *
   * @param description free text, may be empty
   * @param regexes patterns tested (find) against the {@link RegexTarget}
   * @param regexTarget what {@code regexes} are tested against
   * @param paths patterns tested (find) against the file path
   * @param stopwords lower-case words; a secret containing one is dropped
   * @param and true for {@code condition = "AND"}
   */
  public record Allowlist(
      String description,
      List<Pattern> regexes,
      RegexTarget regexTarget,
      List<Pattern> paths,
      List<String> stopwords,
      boolean and) {

    /** Copies the lists; lower-cases stopwords. */
    public Allowlist {
      regexes = List.copyOf(regexes);
      paths = List.copyOf(paths);
      stopwords = stopwords.stream().map(s -> s.toLowerCase(java.util.Locale.ROOT)).toList();
      Objects.requireNonNull(regexTarget, "regexTarget");
    }

    /**
     * @param secret the extracted secret
     * @param match the whole match
     * @param line the line holding the match
     * @param path the file path (or config location name)
     * @return true if this allowlist drops the match
     */
    public boolean allows(String secret, String match, String line, String path) {
      String target = switch (regexTarget) {
        case SECRET -> secret;
        case MATCH -> match;
        case LINE -> line;
      };
      Boolean byRegex = regexes.isEmpty() ? null : anyFinds(regexes, target);
      Boolean byPath = paths.isEmpty() ? null : anyFinds(paths, path);
      Boolean byStopword = null;
      if (!stopwords.isEmpty()) {
        String lower = secret.toLowerCase(java.util.Locale.ROOT);
        byStopword = false;
        for (String s : stopwords) {
          if (lower.contains(s)) {
            byStopword = true;
            break;
          }
        }
      }
      if (and) {
        boolean any = false;
        for (Boolean b : new Boolean[] {byRegex, byPath, byStopword}) {
          if (b != null) {
            if (!b) {
              return false;
            }
            any = true;
          }
        }
        return any;
      }
      return Boolean.TRUE.equals(byRegex) || Boolean.TRUE.equals(byPath) || Boolean.TRUE.equals(byStopword);
    }

    private static boolean anyFinds(List<Pattern> patterns, String text) {
      for (Pattern p : patterns) {
        if (p.matcher(text).find()) {
          return true;
        }
      }
      return false;
    }
  }
}
