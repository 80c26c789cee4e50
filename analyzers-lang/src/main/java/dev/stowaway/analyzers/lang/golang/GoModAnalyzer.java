package dev.stowaway.analyzers.lang.golang;

import dev.stowaway.analyzers.lang.text.LineBudget;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports the modules a {@code go.mod} file requires
 * (<a href="https://go.dev/ref/mod#go-mod-file">go.mod reference</a>): the {@code module} itself
 * (property {@code mainModule=true}, no version) and every {@code require}, single-line or in a block,
 * with {@code // indirect} as property {@code indirect=true}. {@code replace} directives are applied
 * as the go command does: a replacement by another module version renames the requirement (property
 * {@code replaces}); a replacement by a local directory removes it (the code is in the image, not
 * fetched); a replacement whose left-hand version differs from the required one does not apply.
 * Ecosystem {@code Go}. Before Go 1.17 a go.mod lists only some indirect requirements, so such files
 * may name fewer modules than the build uses: for those the {@code go.sum} beside the go.mod (same layer)
 * adds the modules it lists that the go.mod does not require (property {@code identifiedBy=go.sum},
 * {@code indirect=true}), as trivy does. A {@code go.sum} without a go.mod beside it reports every module
 * it lists. go.sum keeps every version the module graph ever considered, sorted; the last version of each
 * module is taken (<a href="https://go.dev/ref/mod#go-sum-files">go.sum files</a>).
 * Stateless and thread-safe; the per-layer go.sum/go.mod pairing lives in the context's state.
 */
public final class GoModAnalyzer implements Analyzer {

  private static final int MAX_SIZE = 8 << 20;
  private static final EntrySelector SELECTOR = EntrySelector.builder().basenames("go.mod", "go.sum")
      .maxSize(MAX_SIZE).build();

  /** What one layer's go.mod and go.sum files said, by directory, for {@link #finishLayer}. */
  static final class Sums {
    /** go.sum: directory to (module path to last version), with the go.sum's path. */
    final Map<String, Map<String, String>> sums = new java.util.TreeMap<>();
    final Map<String, String> sumPaths = new HashMap<>();
    /** go.mod: directory to the module paths it names (itself and its requirements), if it is pre-1.17. */
    final Map<String, java.util.Set<String>> incompleteMods = new HashMap<>();
    /** Directories whose go.mod says go 1.17 or later: its require list is complete. */
    final java.util.Set<String> completeMods = new java.util.HashSet<>();
  }

  private record Require(String path, String version, boolean indirect) {}

  private record Replace(String oldVersion, String newPath, String newVersion) {}

  /** Creates the analyzer (ServiceLoader). */
  public GoModAnalyzer() {}

  @Override
  public String id() {
    return "go-mod";
  }

  @Override
  public String version() {
    return "2";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Parses the directives; a file without a {@code module} directive is recorded as an issue. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    byte[] bytes = content.readNBytes(MAX_SIZE + 1);
    if (bytes.length > MAX_SIZE) {
      context.addIssue(entry.path(), entry.basename() + " larger than " + MAX_SIZE + " bytes");
      return;
    }
    String dir = entry.path().contains("/") ? entry.path().substring(0, entry.path().lastIndexOf('/')) : "";
    Sums sums = context.state(Sums.class, Sums::new);
    if (entry.basename().equals("go.sum")) {
      Map<String, String> last = new java.util.LinkedHashMap<>();
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
        String[] f = line.strip().split("\\s+");
        if (f.length >= 2 && !f[0].isEmpty()) {
          String v = f[1].endsWith("/go.mod") ? f[1].substring(0, f[1].length() - "/go.mod".length()) : f[1];
          last.put(f[0], v); // sorted by version: the last one is the newest
        }
      }
      sums.sums.put(dir, last);
      sums.sumPaths.put(dir, entry.path());
      return;
    }
    String module = null;
    String goVersion = null;
    List<Require> requires = new ArrayList<>();
    Map<String, Replace> replaces = new HashMap<>();
    String block = null;
    LineBudget budget = new LineBudget(context, entry.path(), "later directives");
    for (String raw : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
      if (!budget.take()) {
        break;
      }
      boolean indirect = raw.contains("// indirect");
      int comment = raw.indexOf("//");
      String line = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
      if (line.isEmpty()) {
        continue;
      }
      if (block != null) {
        if (line.equals(")")) {
          block = null;
        } else {
          directive(block, line, indirect, requires, replaces);
        }
        continue;
      }
      String[] f = line.split("\\s+", 2);
      if (f.length == 2 && f[1].equals("(")) {
        block = f[0];
      } else if (f[0].equals("module") && f.length == 2) {
        module = unquote(f[1].strip());
      } else if (f[0].equals("go") && f.length == 2) {
        goVersion = f[1].strip();
      } else if (f.length == 2) {
        directive(f[0], f[1], indirect, requires, replaces);
      }
    }
    if (module == null) {
      context.addIssue(entry.path(), "go.mod without a module directive");
      return;
    }
    if (goVersion != null && atLeast117(goVersion)) {
      sums.completeMods.add(dir);
    } else {
      java.util.Set<String> named = new java.util.HashSet<>();
      named.add(module);
      requires.forEach(r -> named.add(r.path()));
      replaces.values().forEach(r -> named.add(r.newPath()));
      sums.incompleteMods.put(dir, named);
    }
    Location where = context.location(entry.path());
    context.addPackage(GoModules.module(module, null, where).property("identifiedBy", "go.mod")
        .property("mainModule", "true").build());
    for (Require r : requires) {
      Replace rep = replaces.get(r.path());
      if (rep != null && rep.oldVersion() != null && !rep.oldVersion().equals(r.version())) {
        rep = null; // replaces another version than the one required
      }
      if (rep != null && rep.newVersion() == null) {
        continue; // a local directory: not a fetched module
      }
      var b = rep == null
          ? GoModules.module(r.path(), r.version(), where)
          : GoModules.module(rep.newPath(), rep.newVersion(), where).property("replaces", r.path() + "@" + r.version());
      b.property("identifiedBy", "go.mod");
      if (r.indirect()) {
        b.property("indirect", "true");
      }
      context.addPackage(b.build());
    }
  }

  /** Adds the go.sum modules that no complete go.mod beside them covers. */
  @Override
  public void finishLayer(AnalysisContext context) {
    Sums sums = context.state(Sums.class, Sums::new);
    for (var e : sums.sums.entrySet()) {
      String dir = e.getKey();
      if (sums.completeMods.contains(dir)) {
        continue;
      }
      java.util.Set<String> named = sums.incompleteMods.get(dir);
      Location where = context.location(sums.sumPaths.get(dir));
      for (var m : e.getValue().entrySet()) {
        if (named != null && named.contains(m.getKey())) {
          continue;
        }
        var b = GoModules.module(m.getKey(), m.getValue(), where).property("identifiedBy", "go.sum");
        if (named != null) {
          b.property("indirect", "true");
        }
        context.addPackage(b.build());
      }
    }
  }

  /** Whether a {@code go} directive's version is 1.17 or later (module graph pruning, complete require list). */
  static boolean atLeast117(String v) {
    String[] p = v.split("\\.");
    try {
      int major = Integer.parseInt(p[0]);
      int minor = p.length > 1 ? Integer.parseInt(p[1].replaceAll("[^0-9].*", "")) : 0;
      return major > 1 || major == 1 && minor >= 17;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void directive(String verb, String args, boolean indirect, List<Require> requires,
      Map<String, Replace> replaces) {
    if (verb.equals("require")) {
      String[] f = args.strip().split("\\s+");
      if (f.length >= 2) {
        requires.add(new Require(unquote(f[0]), f[1], indirect));
      }
    } else if (verb.equals("replace")) {
      int arrow = args.indexOf("=>");
      if (arrow < 0) {
        return;
      }
      String[] left = args.substring(0, arrow).strip().split("\\s+");
      String[] right = args.substring(arrow + 2).strip().split("\\s+");
      if (left[0].isEmpty() || right[0].isEmpty()) {
        return;
      }
      replaces.put(unquote(left[0]), new Replace(left.length > 1 ? left[1] : null, unquote(right[0]),
          right.length > 1 ? right[1] : null));
    }
  }

  private static String unquote(String s) {
    return s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("`") && s.endsWith("`"))
        ? s.substring(1, s.length() - 1) : s;
  }
}
