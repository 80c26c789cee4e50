package dev.stowaway.analyzers.iac.image;

import dev.stowaway.analyzers.iac.dockerfile.Dockerfile;
import dev.stowaway.analyzers.iac.dockerfile.DockerfileParser;
import dev.stowaway.analyzers.iac.dockerfile.Instruction;
import dev.stowaway.analyzers.iac.dockerfile.Stage;
import dev.stowaway.api.image.HistoryEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an image history's {@code created_by} strings back into Dockerfile instructions, as the classic
 * builder ({@code /bin/sh -c #(nop) CMD ...}, {@code |2 A=b /bin/sh -c ...}) and BuildKit
 * ({@code RUN /bin/sh -c ... # buildkit}) record them. Each instruction's line is its history index + 1.
 * Entries written by other tools (debootstrap, umoci) are skipped.
 */
final class HistoryInstructions {
  private static final Pattern BUILD_ARGS = Pattern.compile("^\\|(\\d+)\\s+(.*)$", Pattern.DOTALL);
  private static final Pattern SHELL_C = Pattern.compile("^(/bin/(ba)?sh|sh|bash|cmd /S /C|powershell)\\s+-c\\s+",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern BASE_ROOTFS = Pattern.compile("^(file|dir):\\S+ in /\\s*$");

  private HistoryInstructions() {}

  /** The instructions and the build arguments ({@code |N NAME=value} prefixes) found in a history. */
  record Recovered(Dockerfile dockerfile, Map<Integer, List<String>> buildArgNames) {}

  static Recovered of(List<HistoryEntry> history) {
    List<Instruction> out = new ArrayList<>();
    Map<Integer, List<String>> args = new LinkedHashMap<>();
    for (int i = 0; i < history.size(); i++) {
      String cb = history.get(i).createdBy();
      if (cb == null || cb.isBlank()) {
        continue;
      }
      String text = toInstruction(cb.strip(), i, args);
      if (text != null) {
        out.add(DockerfileParser.parseInstruction(text, i + 1));
      }
    }
    Instruction from = DockerfileParser.parseInstruction("FROM scratch", 0);
    Stage stage = new Stage(0, from, "", null, null, out);
    return new Recovered(new Dockerfile(Map.of(), '\\', List.of(), List.of(stage), List.of()), args);
  }

  private static String toInstruction(String cb, int index, Map<Integer, List<String>> args) {
    String s = cb;
    if (s.endsWith("# buildkit")) {
      s = s.substring(0, s.length() - "# buildkit".length()).strip();
    }
    Matcher m = BUILD_ARGS.matcher(s);
    if (m.matches()) {
      int n = Integer.parseInt(m.group(1).length() > 4 ? "0" : m.group(1));
      String rest = m.group(2);
      List<String> names = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        int eq = rest.indexOf('=');
        int sp = eq < 0 ? -1 : nextSpace(rest, eq);
        if (eq < 0) {
          break;
        }
        names.add(rest.substring(0, eq));
        rest = sp < 0 ? "" : rest.substring(sp).strip();
      }
      args.put(index, names);
      s = rest;
    }
    if (s.startsWith("RUN ")) {
      s = s.substring(4).strip();
    }
    Matcher sh = SHELL_C.matcher(s);
    if (sh.find()) {
      String script = s.substring(sh.end());
      if (script.startsWith("#(nop)")) {
        String ins = script.substring("#(nop)".length()).strip();
        return keep(ins);
      }
      return "RUN " + script;
    }
    String keyword = s.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    return DockerfileParser.KEYWORDS.contains(keyword) ? keep(s) : null;
  }

  /** Drops the base image's root filesystem (ADD file:... in /), which is how every base image starts. */
  private static String keep(String ins) {
    String[] kw = ins.split("\\s+", 2);
    if (kw.length == 2 && kw[0].equalsIgnoreCase("ADD") && BASE_ROOTFS.matcher(kw[1]).matches()) {
      return null;
    }
    return ins;
  }

  /** The end of a {@code NAME=value} token, honouring quotes in the value. */
  private static int nextSpace(String s, int from) {
    char quote = 0;
    for (int k = from; k < s.length(); k++) {
      char c = s.charAt(k);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == ' ') {
        return k;
      }
    }
    return -1;
  }
}
