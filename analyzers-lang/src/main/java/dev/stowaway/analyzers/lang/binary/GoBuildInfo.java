package dev.stowaway.analyzers.lang.binary;

import java.util.ArrayList;
import java.util.List;

/**
 * The module list of a Go binary, parsed from the text form of its build info
 * (<a href="https://pkg.go.dev/runtime/debug#BuildInfo">runtime/debug.BuildInfo</a>): tab-separated lines
 * {@code path}, {@code mod} (main module), {@code dep} (dependencies), {@code =>} (replacement of the line
 * before) and {@code build} settings (ignored).
 *
 * @param main the main module, or null (a binary built outside module mode)
 * @param deps the dependencies in build-info order
 */
record GoBuildInfo(Module main, List<Module> deps) {

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
        default -> { }
      }
    }
    return new GoBuildInfo(main, deps);
  }

  private static String version(String[] f, int i) {
    if (f.length <= i) {
      return null;
    }
    String v = f[i].strip();
    return v.isEmpty() || v.equals("(devel)") ? null : v;
  }
}
