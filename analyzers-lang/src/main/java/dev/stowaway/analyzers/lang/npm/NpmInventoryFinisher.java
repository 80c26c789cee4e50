package dev.stowaway.analyzers.lang.npm;

import dev.stowaway.api.analysis.InventoryFinisher;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reports each npm package of a project once. An image usually holds the same dependency tree up to three
 * times: in {@code package-lock.json}, in npm's hidden {@code node_modules/.package-lock.json}, and as the
 * installed {@code node_modules/NAME/package.json} files. What is installed is what runs, so an installed
 * copy wins; a lock-file entry is kept only when nothing with the same name and version is installed in
 * that project (then {@code package-lock.json} beats {@code yarn.lock} beats the hidden lock file).
 * Installed copies at different paths are different files and are all kept. A {@code dev} flag that only
 * the lock file knows is carried over to the installed copy.
 *
 * <p>Stateless and thread-safe.
 */
public final class NpmInventoryFinisher implements InventoryFinisher {

  private static final String NODE_MODULES = "node_modules/";

  @Override
  public String id() {
    return "npm-dedupe";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public List<Package> finish(OsRelease os, List<Package> packages) {
    // Best lock-file copy per (project, name, version), and the installed ones.
    // One pass to group by key (a scan of many node_modules trees has thousands of npm packages; looking up
    // each installed package's lock-file copies by walking the whole list was quadratic).
    Map<String, Package> bestLocked = new HashMap<>();
    Map<String, List<Package>> lockCopies = new HashMap<>();
    Set<String> installed = new HashSet<>();
    String[] keys = new String[packages.size()];
    for (int i = 0; i < keys.length; i++) {
      Package p = packages.get(i);
      if (!p.ecosystem().equals("npm")) {
        continue;
      }
      String key = key(p);
      keys[i] = key;
      if (rank(p) == 0) {
        installed.add(key);
      } else {
        bestLocked.merge(key, p, (a, b) -> rank(b) < rank(a) ? b : a);
        lockCopies.computeIfAbsent(key, k -> new ArrayList<>(2)).add(p);
      }
    }
    List<Package> out = new ArrayList<>(packages.size());
    for (int i = 0; i < keys.length; i++) {
      Package p = packages.get(i);
      String key = keys[i];
      if (key == null) {
        out.add(p);
      } else if (rank(p) == 0) {
        out.add(withDevFlagFrom(p, lockCopies.getOrDefault(key, List.of())));
      } else if (!installed.contains(key) && bestLocked.get(key) == p) {
        out.add(p);
      }
    }
    return out;
  }

  private static Package withDevFlagFrom(Package p, List<Package> lockCopies) {
    if (p.properties().containsKey("dev")) {
      return p;
    }
    for (Package l : lockCopies) {
      if ("true".equals(l.properties().get("dev"))) {
        Map<String, String> props = new HashMap<>(p.properties());
        props.put("dev", "true");
        return new Package(p.ecosystem(), p.name(), p.version(), p.purl(), p.sourceName(), p.sourceVersion(),
            p.arch(), p.licenses(), p.location(), p.installedFiles(), props);
      }
    }
    return p;
  }

  /** 0 installed package.json, 1 package-lock/shrinkwrap, 2 yarn.lock, 3 the hidden lock file, 4 other. */
  static int rank(Package p) {
    String path = p.location().path();
    if (path.endsWith("/.package-lock.json")) {
      return 3;
    }
    if (path.endsWith("package.json") && path.contains(NODE_MODULES)) {
      return 0;
    }
    if (path.endsWith("package-lock.json") || path.endsWith("npm-shrinkwrap.json")) {
      return 1;
    }
    if (path.endsWith("yarn.lock")) {
      return 2;
    }
    return 4;
  }

  /** Project folder (the part before the first node_modules/, or the lock file's folder), name, version. */
  static String key(Package p) {
    String path = p.location().path();
    int nm = path.indexOf(NODE_MODULES);
    String project;
    if (nm >= 0) {
      project = path.substring(0, nm);
    } else {
      int slash = path.lastIndexOf('/');
      project = slash < 0 ? "" : path.substring(0, slash + 1);
    }
    String nested = p.location().nestedPath() == null ? "" : p.location().nestedPath();
    return project + '\u0000' + nested + '\u0000' + p.name() + '\u0000' + p.version();
  }
}
