package dev.stowaway.core.merge;

import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.core.walk.LayerResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays per-layer results base first, the way a container runtime stacks the layers:
 *
 * <ol>
 *   <li>a layer's opaque directories hide everything lower layers had below them;</li>
 *   <li>its whiteouts delete a path and everything below it;</li>
 *   <li>every path it writes replaces what lower layers had at that path;</li>
 *   <li>then its own results are added, so a file re-added above a whiteout, or new content in an opaque
 *       directory of the same layer, is visible.</li>
 * </ol>
 * Deletions are applied before the layer's own additions, which is what the OCI spec means by
 * applying a changeset. Secrets in a deleted or replaced file are kept, marked with the layer that
 * removed them: the bytes are still in the image. A hard link keeps its target's results visible under
 * the link's path when the target itself is deleted later.
 *
 * <p>Packages are then attributed to the lowest layer in which the same ecosystem, name and version was
 * reported (the layer that introduced them), whichever layer's copy of the database is visible.
 *
 * <p>Stateless and thread-safe.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts">OCI whiteouts</a>
 */
public final class LayerMerger {

  /** Results attached to one path, and the layer that wrote it. */
  private static final class Node {
    final int layer;
    final List<Object> items = new ArrayList<>(1);
    LayerResult.Link link;

    Node(int layer) {
      this.layer = layer;
    }
  }

  /**
   * Merges the layers.
   *
   * @param layers each layer's result, base first (index order); not null
   * @param layerRefs the reference of each layer by index, used to attribute packages; not null
   * @return the merged view
   */
  public MergedLayers merge(List<LayerResult> layers, List<LayerRef> layerRefs) {
    TreeMap<String, Node> fs = new TreeMap<>();
    List<SecretFinding> removedSecrets = new ArrayList<>();
    List<AnalysisIssue> issues = new ArrayList<>();
    for (LayerResult layer : layers) {
      issues.addAll(layer.issues());
      for (String dir : layer.opaqueDirs()) {
        remove(dir.isEmpty() ? fs : children(fs, dir), layer.index(), removedSecrets);
      }
      for (String p : layer.whiteouts()) {
        removeOne(fs, p, layer.index(), removedSecrets);
        remove(children(fs, p), layer.index(), removedSecrets);
      }
      for (String p : layer.present()) {
        removeOne(fs, p, layer.index(), removedSecrets);
      }
      Map<String, List<Object>> added = byPath(layer);
      for (Map.Entry<String, List<Object>> e : added.entrySet()) {
        fs.computeIfAbsent(e.getKey(), k -> new Node(layer.index())).items.addAll(e.getValue());
      }
      for (Map.Entry<String, LayerResult.Link> e : layer.links().entrySet()) {
        Node n = fs.computeIfAbsent(e.getKey(), k -> new Node(layer.index()));
        n.link = e.getValue();
        // A hard link shares the target's content; if the target was analysed in this layer, the link
        // carries those results too, so they survive a later deletion of the target path.
        if (e.getValue().type() == EntryType.HARDLINK) {
          List<Object> targetItems = added.get(e.getValue().target());
          if (targetItems != null) {
            n.items.addAll(targetItems);
          }
        }
      }
    }
    return collect(fs, layers, layerRefs, removedSecrets, issues);
  }

  private static NavigableMap<String, Node> children(TreeMap<String, Node> fs, String dir) {
    // '0' is the character after '/', so this range is exactly the paths below dir/.
    return fs.subMap(dir + "/", true, dir + "0", false);
  }

  private static void remove(Map<String, Node> range, int byLayer, List<SecretFinding> removedSecrets) {
    for (Iterator<Node> it = range.values().iterator(); it.hasNext(); ) {
      keepRemovedSecrets(it.next(), byLayer, removedSecrets);
      it.remove();
    }
  }

  /** One path (a layer lists every path it writes: no range view per path). */
  private static void removeOne(TreeMap<String, Node> fs, String path, int byLayer,
      List<SecretFinding> removedSecrets) {
    Node n = fs.remove(path);
    if (n != null) {
      keepRemovedSecrets(n, byLayer, removedSecrets);
    }
  }

  private static void keepRemovedSecrets(Node n, int byLayer, List<SecretFinding> removedSecrets) {
    for (Object o : n.items) {
      if (o instanceof SecretFinding s && !s.removed()) {
        removedSecrets.add(s.removedBy(byLayer));
      }
    }
  }

  private static Map<String, List<Object>> byPath(LayerResult layer) {
    Map<String, List<Object>> m = new HashMap<>();
    for (Package p : layer.packages()) {
      m.computeIfAbsent(p.location().path(), k -> new ArrayList<>()).add(p);
    }
    for (Finding f : layer.findings()) {
      String path = f.location() == null ? "" : f.location().path();
      m.computeIfAbsent(path, k -> new ArrayList<>()).add(f);
    }
    for (LayerResult.OsCandidate c : layer.osReleases()) {
      m.computeIfAbsent(c.path(), k -> new ArrayList<>()).add(c);
    }
    return m;
  }

  private static MergedLayers collect(TreeMap<String, Node> fs, List<LayerResult> layers, List<LayerRef> refs,
      List<SecretFinding> removedSecrets, List<AnalysisIssue> issues) {
    // Identity set: a hard-linked item and its still-visible target are the same object, reported once.
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Package> packages = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    LayerResult.OsCandidate os = null;
    int osLayer = -1;
    for (Node n : fs.values()) {
      for (Object o : n.items) {
        if (!seen.add(o)) {
          continue;
        }
        if (o instanceof Package p) {
          packages.add(p);
        } else if (o instanceof Finding f) {
          findings.add(f);
        } else if (o instanceof LayerResult.OsCandidate c) {
          if (os == null || c.precedence() < os.precedence()
              || (c.precedence() == os.precedence() && n.layer > osLayer)) {
            os = c;
            osLayer = n.layer;
          }
        }
      }
    }
    findings.addAll(removedSecrets);
    Map<String, Integer> firstSeen = new HashMap<>();
    // The latest copy of each package that knew its files or licences: see withFactsFromLowerCopies.
    Map<String, Package> withFiles = new HashMap<>();
    Map<String, Package> withLicenses = new HashMap<>();
    for (LayerResult l : layers) {
      for (Package p : l.packages()) {
        String id = identity(p);
        firstSeen.merge(id, l.index(), Math::min);
        if (!p.installedFiles().isEmpty()) {
          withFiles.put(id, p);
        }
        if (!p.licenses().isEmpty()) {
          withLicenses.put(id, p);
        }
      }
    }
    List<Package> attributed = new ArrayList<>(packages.size());
    for (Package p : packages) {
      p = withFactsFromLowerCopies(p, withFiles, withLicenses);
      Integer origin = firstSeen.get(identity(p));
      Location loc = p.location();
      if (origin != null && origin < refs.size() && (loc.layer() == null || loc.layer().index() != origin)) {
        p = p.withLocation(loc.withLayer(refs.get(origin)));
      }
      attributed.add(p);
    }
    OsRelease release = os == null ? null : os.release();
    return new MergedLayers(release, attributed, findings, issues);
  }

  /**
   * A package database rewritten by a later layer (dpkg's {@code status} after every apt step) lists the
   * packages of lower layers again, but their file lists and copyright files stay in the layer that
   * installed them. The visible copy then knows less than a lower copy of the very same package; take
   * the missing facts from the latest copy that had them.
   */
  private static Package withFactsFromLowerCopies(Package p, Map<String, Package> withFiles,
      Map<String, Package> withLicenses) {
    boolean needFiles = p.installedFiles().isEmpty() && withFiles.containsKey(identity(p));
    boolean needLicenses = p.licenses().isEmpty() && withLicenses.containsKey(identity(p));
    if (!needFiles && !needLicenses) {
      return p;
    }
    return new Package(p.ecosystem(), p.name(), p.version(), p.purl(), p.sourceName(), p.sourceVersion(), p.arch(),
        needLicenses ? withLicenses.get(identity(p)).licenses() : p.licenses(), p.location(),
        needFiles ? withFiles.get(identity(p)).installedFiles() : p.installedFiles(), p.properties());
  }

  private static String identity(Package p) {
    return p.ecosystem() + '\u0000' + p.name() + '\u0000' + p.version() + '\u0000' + p.arch() + '\u0000' + p.location().nestedPath()
        + '\u0000' + p.location().path();
  }
}
