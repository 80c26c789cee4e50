package dev.stowaway.analyzers.lang.npm;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reports npm packages from {@code pnpm-lock.yaml}, lock file versions 5, 6 and 9
 * (<a href="https://github.com/pnpm/spec/blob/master/lockfile/6.0.md">pnpm lockfile spec</a>; v9 splits
 * {@code packages} from {@code snapshots}). Each {@code packages} key ({@code /name/1.0.0_peer} in v5,
 * {@code /name@1.0.0(peer@1)} in v6, {@code name@1.0.0} in v9) is one package; peer-dependency variants of
 * the same version are one package. Tarball, git and directory entries carry their {@code name} and
 * {@code version} fields. Dev-only packages (property {@code dev=true}) are the ones the lock file marks
 * {@code dev: true} (v5, v6) or, in v9, those reachable from some importer's {@code devDependencies} but
 * from no importer's {@code dependencies} or {@code optionalDependencies}. When a file holds several YAML
 * documents (pnpm 11 puts its own environment lock first) the last one is the project's. Ecosystem
 * {@code npm}. Stateless and thread-safe.
 */
public final class PnpmLockAnalyzer implements Analyzer {

  private static final int MAX_SIZE = 64 << 20;
  private static final EntrySelector SELECTOR =
      EntrySelector.builder().basenames("pnpm-lock.yaml").maxSize(MAX_SIZE).build();

  /** Creates the analyzer (ServiceLoader). */
  public PnpmLockAnalyzer() {}

  @Override
  public String id() {
    return "pnpm-lock";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Parses the lock file; malformed YAML is recorded as an issue. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    ScanLimits limits = context.limits();
    LoadSettings settings = LoadSettings.builder().setLabel(entry.path())
        .setMaxAliasesForCollections(limits.maxYamlAliases())
        .setAllowRecursiveKeys(false).setCodePointLimit(MAX_SIZE).build();
    byte[] bytes = content.readNBytes(MAX_SIZE + 1);
    if (bytes.length > MAX_SIZE) {
      context.addIssue(entry.path(), "pnpm-lock.yaml larger than " + MAX_SIZE + " bytes; not read");
      return;
    }
    String yaml = new String(bytes, StandardCharsets.UTF_8);
    // the composer recurses per nesting level: measure the depth first, without recursion
    if (depth(settings, yaml, limits.maxYamlDepth()) > limits.maxYamlDepth()) {
      context.addIssue(entry.path(), "pnpm-lock.yaml nested deeper than " + limits.maxYamlDepth()
          + " levels (limit maxYamlDepth); not read");
      return;
    }
    Map<?, ?> doc = null;
    try {
      for (Object o : new Load(settings).loadAllFromString(yaml)) {
        if (o instanceof Map<?, ?> m) {
          doc = m;
        }
      }
    } catch (YamlEngineException e) {
      String m = e.getMessage().lines().findFirst().orElse("");
      context.addIssue(entry.path(), "malformed pnpm-lock.yaml: " + m
          + (m.contains("aliases") ? " (limit maxYamlAliases)" : ""));
      return;
    }
    if (doc == null || !doc.containsKey("lockfileVersion")) {
      context.addIssue(entry.path(), "pnpm-lock.yaml without lockfileVersion");
      return;
    }
    boolean v5 = String.valueOf(doc.get("lockfileVersion")).startsWith("5");
    boolean v9 = !v5 && doc.containsKey("snapshots") || String.valueOf(doc.get("lockfileVersion")).startsWith("9");
    Set<String> devOnly = v9 ? devOnlyV9(doc) : Set.of();
    Map<String, Package> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map(doc.get("packages")).entrySet()) {
      String key = String.valueOf(e.getKey());
      Map<?, ?> meta = map(e.getValue());
      String[] nv = nameAndVersion(key, v5);
      String name = meta.get("name") instanceof String n ? n : nv[0];
      String version = meta.get("version") != null ? String.valueOf(meta.get("version")) : nv[1];
      if (name == null || name.isEmpty()) {
        continue;
      }
      if (version != null && (version.startsWith("file:") || version.startsWith("link:"))) {
        version = null;
      }
      boolean dev = v9 ? devOnly.contains(stripPeers(key)) : Boolean.TRUE.equals(meta.get("dev"));
      Package.Builder b = NpmPackages.npm(name, version, context.location(entry.path()))
          .property("identifiedBy", "pnpm-lock.yaml");
      if (dev) {
        b.property("dev", "true");
      }
      out.putIfAbsent(name + "@" + version, b.build());
    }
    out.values().forEach(context::addPackage);
  }

  /** Splits a packages key into name and version (null when the key does not hold one). */
  static String[] nameAndVersion(String key, boolean v5) {
    String k = key.startsWith("/") ? key.substring(1) : key;
    if (v5) {
      int slash = k.lastIndexOf('/');
      if (slash <= 0) {
        return new String[] {null, null};
      }
      String version = k.substring(slash + 1);
      int underscore = version.indexOf('_');
      return new String[] {k.substring(0, slash), underscore > 0 ? version.substring(0, underscore) : version};
    }
    k = stripPeers(k);
    int at = k.indexOf('@', k.startsWith("@") ? 1 : 0);
    if (at <= 0) {
      return new String[] {null, null};
    }
    String version = k.substring(at + 1);
    return new String[] {k.substring(0, at), version.isEmpty() ? null : version};
  }

  /** {@code name@1.0.0(peer@1)(other@2)} without the parenthesised peer suffixes. */
  static String stripPeers(String key) {
    String k = key.startsWith("/") ? key.substring(1) : key;
    int paren = k.indexOf('(');
    return paren > 0 ? k.substring(0, paren) : k;
  }

  /** v9: package keys (without peers) reachable only from devDependencies of the importers. */
  private static Set<String> devOnlyV9(Map<?, ?> doc) {
    Map<?, ?> snapshots = map(doc.get("snapshots"));
    Deque<String> prod = new ArrayDeque<>();
    Deque<String> dev = new ArrayDeque<>();
    for (Object importer : map(doc.get("importers")).values()) {
      Map<?, ?> imp = map(importer);
      roots(imp.get("dependencies"), prod);
      roots(imp.get("optionalDependencies"), prod);
      roots(imp.get("devDependencies"), dev);
    }
    Set<String> prodKeys = reach(prod, snapshots);
    Set<String> devKeys = reach(dev, snapshots);
    Set<String> prodPackages = new HashSet<>();
    prodKeys.forEach(k -> prodPackages.add(stripPeers(k)));
    Set<String> out = new HashSet<>();
    for (String k : devKeys) {
      if (!prodPackages.contains(stripPeers(k))) {
        out.add(stripPeers(k));
      }
    }
    return out;
  }

  private static void roots(Object deps, Deque<String> into) {
    for (Map.Entry<?, ?> d : map(deps).entrySet()) {
      Object v = d.getValue() instanceof Map<?, ?> m ? m.get("version") : d.getValue();
      if (v != null && !String.valueOf(v).startsWith("link:")) {
        into.add(d.getKey() + "@" + v);
      }
    }
  }

  private static Set<String> reach(Deque<String> todo, Map<?, ?> snapshots) {
    Set<String> seen = new HashSet<>();
    Map<String, Object> byKey = new HashMap<>();
    snapshots.forEach((k, v) -> byKey.put(String.valueOf(k), v));
    while (!todo.isEmpty()) {
      String k = todo.pop();
      if (seen.add(k)) {
        Map<?, ?> snap = map(byKey.get(k));
        for (String field : List.of("dependencies", "optionalDependencies")) {
          for (Map.Entry<?, ?> d : map(snap.get(field)).entrySet()) {
            todo.add(d.getKey() + "@" + d.getValue());
          }
        }
      }
    }
    return seen;
  }

  private static Map<?, ?> map(Object o) {
    return o instanceof Map<?, ?> m ? m : Map.of();
  }

  /** The deepest nesting of mappings and sequences, from the parser's events (no recursion); stops once over max. */
  private static int depth(LoadSettings settings, String yaml, int max) {
    int depth = 0;
    int deepest = 0;
    try {
      for (Event e : new Parse(settings).parseString(yaml)) {
        Event.ID id = e.getEventId();
        if (id == Event.ID.MappingStart || id == Event.ID.SequenceStart) {
          deepest = Math.max(deepest, ++depth);
          if (deepest > max) {
            return deepest;
          }
        } else if (id == Event.ID.MappingEnd || id == Event.ID.SequenceEnd) {
          depth--;
        }
      }
    } catch (YamlEngineException e) {
      // a syntax error: the loader reports it
    }
    return deepest;
  }
}
