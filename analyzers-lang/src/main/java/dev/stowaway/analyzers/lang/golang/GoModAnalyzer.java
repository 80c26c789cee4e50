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
 * may name fewer modules than the build uses. Stateless and thread-safe.
 */
public final class GoModAnalyzer implements Analyzer {

  private static final int MAX_SIZE = 8 << 20;
  private static final EntrySelector SELECTOR = EntrySelector.builder().basenames("go.mod").maxSize(MAX_SIZE).build();

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
    return "1";
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
      context.addIssue(entry.path(), "go.mod larger than " + MAX_SIZE + " bytes");
      return;
    }
    String module = null;
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
      } else if (f.length == 2) {
        directive(f[0], f[1], indirect, requires, replaces);
      }
    }
    if (module == null) {
      context.addIssue(entry.path(), "go.mod without a module directive");
      return;
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
