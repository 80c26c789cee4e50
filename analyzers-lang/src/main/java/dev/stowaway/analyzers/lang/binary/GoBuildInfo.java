package dev.stowaway.analyzers.lang.binary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The module list of a Go binary, parsed from the text form of its build info
 * (<a href="https://pkg.go.dev/runtime/debug#BuildInfo">runtime/debug.BuildInfo</a>): tab-separated lines
 * {@code path}, {@code mod} (main module), {@code dep} (dependencies), {@code =>} (replacement of the line
 * before) and {@code build} settings, of which only {@code -ldflags} is read.
 *
 * <p>Why {@code -ldflags}: {@code go build} records the main module as {@code (devel)} unless it was built
 * from a module download, so release builds commonly stamp their version with
 * <a href="https://pkg.go.dev/cmd/link">{@code -X importpath.name=value}</a>. When the main module says
 * {@code (devel)}, a {@code -X} whose variable is named like a version ({@code version}, {@code ver},
 * {@code release}, {@code gitVersion}, {@code buildVersion}, any case) in package {@code main}, in the main
 * module or in a {@code version} package gives the main module's version (trivy reads such flags too).
 *
 * @param main the main module, or null (a binary built outside module mode)
 * @param deps the dependencies in build-info order
 * @param mainVersionFromLdflags whether the main module's version came from {@code -ldflags -X}
 */
record GoBuildInfo(Module main, List<Module> deps, boolean mainVersionFromLdflags) {

  private static final List<String> VERSION_NAMES = List.of("version", "ver", "release", "gitversion",
      "buildversion");

  /**
   * One module line with its optional replacement.
   *
   * @param path module path
   * @param version version, or null ({@code (devel)} and empty are null)
   * @param replacePath the replacement's path or local directory, or null
   * @param replaceVersion the replacement's version, or null for a local directory
   */
  record Module(String path, String version, String replacePath, String replaceVersion) {
    Module withReplacement(String p, String v) {
      return new Module(path, version, p, v);
    }
  }

  static GoBuildInfo parse(String text) {
    Module main = null;
    List<Module> deps = new ArrayList<>();
    Module last = null;
    boolean lastIsMain = false;
    String ldflags = null;
    for (String line : text.split("\n")) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "mod" -> {
          if (f.length >= 2 && !f[1].isEmpty()) {
            main = new Module(f[1], version(f, 2), null, null);
            last = main;
            lastIsMain = true;
          }
        }
        case "dep" -> {
          if (f.length >= 2 && !f[1].isEmpty()) {
            last = new Module(f[1], version(f, 2), null, null);
            deps.add(last);
            lastIsMain = false;
          }
        }
        case "=>" -> {
          if (last != null && f.length >= 2) {
            Module replaced = last.withReplacement(f[1], version(f, 2));
            if (lastIsMain) {
              main = replaced;
            } else {
              deps.set(deps.size() - 1, replaced);
            }
            last = null;
          }
        }
        case "build" -> {
          if (f.length >= 2 && f[1].startsWith("-ldflags=")) {
            ldflags = f[1].substring("-ldflags=".length());
          }
        }
        default -> { }
      }
    }
    if (main != null && main.version() == null && main.replacePath() == null && ldflags != null) {
      String v = ldflagsVersion(ldflags, main.path());
      if (v != null) {
        return new GoBuildInfo(new Module(main.path(), v, null, null), deps, true);
      }
    }
    return new GoBuildInfo(main, deps, false);
  }

  /**
   * The version a {@code -X} flag of the linker flags stamps into the main module, or null. The value is
   * as {@code go build} records it: Go-quoted when it holds spaces; flags split like a shell word list.
   */
  static String ldflagsVersion(String ldflags, String mainPath) {
    String flags = ldflags;
    if (flags.length() >= 2 && flags.startsWith("\"") && flags.endsWith("\"")) {
      flags = flags.substring(1, flags.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    List<String> words = words(flags);
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      String kv = null;
      if ((w.equals("-X") || w.equals("--X")) && i + 1 < words.size()) {
        kv = words.get(++i);
      } else if (w.startsWith("-X=") || w.startsWith("--X=")) {
        kv = w.substring(w.indexOf('=') + 1);
      }
      int eq = kv == null ? -1 : kv.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = kv.substring(0, eq);
      String value = kv.substring(eq + 1).strip();
      int dot = key.lastIndexOf('.');
      if (dot <= 0 || !VERSION_NAMES.contains(key.substring(dot + 1).toLowerCase(Locale.ROOT))) {
        continue;
      }
      String pkg = key.substring(0, dot);
      boolean known = pkg.equals("main") || pkg.equals(mainPath) || pkg.startsWith(mainPath + "/")
          || pkg.equals("version") || pkg.endsWith("/version");
      // a version starts with a digit (v optional); "dev", "unknown" or an unexpanded $(...) is none
      if (known && value.matches("v?[0-9][0-9A-Za-z.+~-]*")) {
        return value.startsWith("v") ? value : "v" + value;
      }
    }
    return null;
  }

  /** Splits on blanks, keeping single- or double-quoted runs together (quotes removed). */
  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean in = false;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        in = true;
      } else if (Character.isWhitespace(c)) {
        if (in) {
          out.add(cur.toString());
          cur.setLength(0);
          in = false;
        }
      } else {
        cur.append(c);
        in = true;
      }
    }
    if (in) {
      out.add(cur.toString());
    }
    return out;
  }

  private static String version(String[] f, int i) {
    if (f.length <= i) {
      return null;
    }
    String v = f[i].strip();
    return v.isEmpty() || v.equals("(devel)") ? null : v;
  }
}
