package dev.stowaway.analyzers.lang.npm;

import dev.stowaway.analyzers.lang.json.JsonTree;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reports npm packages from Bun's text lock file {@code bun.lock}
 * (<a href="https://bun.sh/docs/install/lockfile">Bun lockfile</a>; JSON with comments and trailing
 * commas). Each {@code packages} value is an array whose first element is {@code name@version}; a
 * {@code name@workspace:path} entry is a workspace package, reported with the version its
 * {@code workspaces} entry declares and property {@code workspace=true}. Dev-only packages (property
 * {@code dev=true}) are reachable from some workspace's {@code devDependencies} and from no workspace's
 * {@code dependencies}, {@code optionalDependencies} or {@code peerDependencies}; a package's dependency
 * resolves to the nearest {@code packages} key ({@code parent/name} before {@code name}), as Bun nests
 * them. The binary {@code bun.lockb} is not read. Ecosystem {@code npm}. Stateless and thread-safe.
 */
public final class BunLockAnalyzer implements Analyzer {

  private static final EntrySelector SELECTOR =
      EntrySelector.builder().basenames("bun.lock").maxSize(64L << 20).build();
  private static final List<String> PROD = List.of("dependencies", "optionalDependencies", "peerDependencies");

  /** Creates the analyzer (ServiceLoader). */
  public BunLockAnalyzer() {}

  @Override
  public String id() {
    return "bun-lock";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Parses the lock file; malformed JSONC or a non-numeric {@code lockfileVersion} is an issue. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    Object parsed = JsonTree.readLenientOrRecord(content, context, entry.path(), "bun.lock");
    if (parsed == null) {
      return;
    }
    Map<String, Object> root = JsonTree.obj(parsed);
    if (!(root.get("lockfileVersion") instanceof String v) || !v.matches("\\d+")) {
      context.addIssue(entry.path(), "bun.lock without a numeric lockfileVersion");
      return;
    }
    Map<String, Object> workspaces = JsonTree.obj(root.get("workspaces"));
    Map<String, Object> packages = JsonTree.obj(root.get("packages"));
    Deque<String> prodRoots = new ArrayDeque<>();
    Deque<String> devRoots = new ArrayDeque<>();
    for (Object w : workspaces.values()) {
      Map<String, Object> ws = JsonTree.obj(w);
      PROD.forEach(f -> prodRoots.addAll(JsonTree.obj(ws.get(f)).keySet()));
      devRoots.addAll(JsonTree.obj(ws.get("devDependencies")).keySet());
    }
    Set<String> prod = reach(prodRoots, packages);
    Set<String> dev = reach(devRoots, packages);
    for (Map.Entry<String, Object> e : packages.entrySet()) {
      String ident = JsonTree.str(JsonTree.list(e.getValue()).isEmpty() ? null : JsonTree.list(e.getValue()).get(0));
      if (ident == null) {
        continue;
      }
      int at = ident.indexOf('@', ident.startsWith("@") ? 1 : 0);
      if (at <= 0) {
        continue;
      }
      String name = ident.substring(0, at);
      String version = ident.substring(at + 1);
      boolean workspace = version.startsWith("workspace:");
      if (workspace) {
        version = JsonTree.str(JsonTree.obj(workspaces.get(version.substring("workspace:".length()))).get("version"));
      } else if (version.contains(":")) {
        continue; // file:, link:, github: and similar: not a registry version
      }
      Package.Builder b = NpmPackages.npm(name, version, context.location(entry.path()))
          .property("identifiedBy", "bun.lock");
      if (workspace) {
        b.property("workspace", "true");
      } else if (dev.contains(e.getKey()) && !prod.contains(e.getKey())) {
        b.property("dev", "true");
      }
      context.addPackage(b.build());
    }
  }

  /** The packages keys reachable from root dependency names. */
  private static Set<String> reach(Deque<String> rootNames, Map<String, Object> packages) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    rootNames.forEach(n -> {
      if (packages.containsKey(n)) {
        todo.add(n);
      }
    });
    while (!todo.isEmpty()) {
      String key = todo.pop();
      if (!seen.add(key)) {
        continue;
      }
      Map<String, Object> meta = Map.of();
      for (Object o : JsonTree.list(packages.get(key))) {
        if (o instanceof Map<?, ?>) {
          meta = JsonTree.obj(o);
          break;
        }
      }
      for (String field : PROD) {
        for (String dep : JsonTree.obj(meta.get(field)).keySet()) {
          String resolved = resolve(key, dep, packages);
          if (resolved != null) {
            todo.add(resolved);
          }
        }
      }
    }
    return seen;
  }

  private static String resolve(String from, String dep, Map<String, Object> packages) {
    String scope = from;
    while (true) {
      String candidate = scope.isEmpty() ? dep : scope + "/" + dep;
      if (packages.containsKey(candidate)) {
        return candidate;
      }
      if (scope.isEmpty()) {
        return null;
      }
      int slash = scope.lastIndexOf('/');
      // a scoped name (@scope/name) is one segment of the key
      if (slash > 0 && scope.charAt(scope.lastIndexOf('/', slash - 1) + 1) == '@') {
        slash = scope.lastIndexOf('/', slash - 1);
      }
      scope = slash < 0 ? "" : scope.substring(0, slash);
    }
  }
}
