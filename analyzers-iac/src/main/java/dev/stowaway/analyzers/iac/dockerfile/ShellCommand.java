package dev.stowaway.analyzers.iac.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One simple command of a {@code RUN} script, as far as a rule needs it: its words with quotes removed,
 * the program name without leading variable assignments and wrappers ({@code sudo}, {@code env},
 * {@code exec}, {@code command}, {@code nohup}, {@code time}), and whether its input is piped in.
 *
 * <p>The tokenizer understands quotes, backslash escapes and the operators {@code && || ; | & ( )} and
 * newlines; it does not expand anything. Immutable and thread-safe.
 *
 * @param words every word as written (quotes removed); never null
 * @param pipedInto true when the previous command's output is piped into this one
 * @param previous the command before this one when joined by {@code |}, or null
 */
public record ShellCommand(List<String> words, boolean pipedInto, ShellCommand previous) {
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);
  private static final Set<String> WRAPPERS = Set.of("sudo", "env", "exec", "command", "nohup", "time", "nice");

  /** Copies the words. */
  public ShellCommand {
    words = List.copyOf(words);
  }

  /**
   * Splits a script into simple commands. Bounded by the script's length.
   *
   * @param script the shell text; not null
   * @return the commands in order; never null
   */
  public static List<ShellCommand> parse(String script) {
    List<ShellCommand> out = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    boolean pipedNext = false;
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      if (c == '\\' && i + 1 < n) {
        char next = script.charAt(i + 1);
        if (next != '\n') {
          word = word == null ? new StringBuilder() : word;
          word.append(next);
        }
        i += 2;
        continue;
      }
      if (c == '\'' || c == '"') {
        word = word == null ? new StringBuilder() : word;
        int k = i + 1;
        while (k < n && script.charAt(k) != c) {
          if (c == '"' && script.charAt(k) == '\\' && k + 1 < n) {
            k++;
          }
          word.append(script.charAt(k));
          k++;
        }
        i = Math.min(n, k + 1);
        continue;
      }
      if (c == '#' && word == null) {
        // a comment runs to the end of the line
        while (i < n && script.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      boolean op = c == '&' || c == '|' || c == ';' || c == '\n' || c == '(' || c == ')';
      if (Character.isWhitespace(c) || op) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        if (op) {
          boolean pipe = c == '|' && !(i + 1 < n && script.charAt(i + 1) == '|');
          boolean redirectAmp = c == '&' && i > 0 && (script.charAt(i - 1) == '>' || script.charAt(i - 1) == '<');
          if (redirectAmp) {
            i++;
            continue;
          }
          if (!words.isEmpty()) {
            ShellCommand prev = out.isEmpty() ? null : out.get(out.size() - 1);
            out.add(new ShellCommand(words, pipedNext, pipedNext ? prev : null));
            words = new ArrayList<>();
          }
          pipedNext = pipe;
          if ((c == '&' || c == '|') && i + 1 < n && script.charAt(i + 1) == c) {
            i++;
          }
        }
        i++;
        continue;
      }
      word = word == null ? new StringBuilder() : word;
      word.append(c);
      i++;
    }
    if (word != null) {
      words.add(word.toString());
    }
    if (!words.isEmpty()) {
      ShellCommand prev = out.isEmpty() ? null : out.get(out.size() - 1);
      out.add(new ShellCommand(words, pipedNext, pipedNext ? prev : null));
    }
    return out;
  }

  private int programIndex() {
    int k = 0;
    while (k < words.size()) {
      String w = words.get(k);
      if (ASSIGNMENT.matcher(w).matches()) {
        k++;
      } else if (WRAPPERS.contains(w)) {
        k++;
        while (k < words.size() && words.get(k).startsWith("-")) {
          k++; // wrapper options such as sudo -E, env -i
        }
      } else {
        return k;
      }
    }
    return k;
  }

  /**
   * Returns the program's base name ({@code /usr/bin/apt-get} gives {@code apt-get}), or the empty
   * string when the command only assigns variables.
   *
   * @return the program; never null
   */
  public String program() {
    int k = programIndex();
    if (k >= words.size()) {
      return "";
    }
    String w = words.get(k);
    int slash = w.lastIndexOf('/');
    return slash < 0 ? w : w.substring(slash + 1);
  }

  /**
   * Returns the words after the program.
   *
   * @return the arguments; never null
   */
  public List<String> args() {
    int k = programIndex();
    return k >= words.size() ? List.of() : words.subList(k + 1, words.size());
  }

  /**
   * Returns the first argument that is not an option, such as {@code install} in
   * {@code apt-get -y install x}; options that take a value are not told apart.
   *
   * @return the subcommand, or the empty string
   */
  public String subcommand() {
    for (String a : args()) {
      if (!a.startsWith("-")) {
        return a;
      }
    }
    return "";
  }

  /**
   * Tells whether this command runs one of the programs with one of the subcommands.
   *
   * @param programs program names separated by {@code |}, such as {@code yum|dnf}
   * @param subcommands subcommands separated by {@code |}, such as {@code install|upgrade}
   * @return whether it matches
   */
  public boolean is(String programs, String subcommands) {
    return oneOf(programs, program()) && oneOf(subcommands, subcommand());
  }

  /** Whether {@code word} is one of the {@code |}-separated alternatives, without allocating. */
  private static boolean oneOf(String alternatives, String word) {
    if (word.isEmpty()) {
      return false;
    }
    int from = 0;
    while (from <= alternatives.length()) {
      int bar = alternatives.indexOf('|', from);
      int end = bar < 0 ? alternatives.length() : bar;
      if (end - from == word.length() && alternatives.regionMatches(from, word, 0, word.length())) {
        return true;
      }
      if (bar < 0) {
        return false;
      }
      from = bar + 1;
    }
    return false;
  }

  /**
   * Tells whether any argument is one of these options: a long option (with or without
   * {@code =value}), or a short option also found inside a group such as {@code -yq}.
   *
   * @param options options such as {@code -y}, {@code --yes}
   * @return whether one is present
   */
  public boolean hasOption(String... options) {
    for (String a : args()) {
      for (String o : options) {
        if (a.equals(o) || (o.startsWith("--") && a.startsWith(o + "="))) {
          return true;
        }
        if (o.length() == 2 && o.charAt(0) == '-' && a.length() > 2 && a.charAt(0) == '-' && a.charAt(1) != '-'
            && a.substring(1).chars().allMatch(Character::isLetter) && a.indexOf(o.charAt(1)) > 0) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns the arguments after the subcommand that are not options, skipping the values of the given
   * options that take one.
   *
   * @param valueOptions options whose next word is their value, such as {@code -r}
   * @return the operands, such as package names; never null
   */
  public List<String> operands(Set<String> valueOptions) {
    List<String> out = new ArrayList<>();
    boolean seenSub = false;
    List<String> a = args();
    for (int k = 0; k < a.size(); k++) {
      String w = a.get(k);
      if (w.startsWith("-")) {
        if (valueOptions.contains(w)) {
          k++;
        }
        continue;
      }
      if (!seenSub) {
        seenSub = true;
        continue;
      }
      out.add(w);
    }
    return out;
  }
}
