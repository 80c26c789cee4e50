package dev.stowaway.core.drift;

import dev.stowaway.api.analysis.LimitExceededException;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.core.image.LayerStreams;
import dev.stowaway.core.image.RootfsImage;
import dev.stowaway.core.walk.EntryPaths;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The final file view of an image (its layers applied base first, with whiteouts, opaque directories
 * and hard links resolved) or of a root filesystem: for every path its type, mode, owner, size,
 * content digest and link target. Content is hashed while the layer streams by, 64 KiB at a time, so
 * memory grows with the number of paths, never with file sizes.
 *
 * <p>Layering follows the OCI changeset rules: a layer's opaque markers and whiteouts remove lower
 * layers' paths first, then its own entries are applied (a non-directory replaces a whole lower
 * subtree). Directories that only appear as parents of other paths are added as
 * {@link FileState#implied() implied}, since unpacking creates them too.
 *
 * <p>Immutable and thread-safe once built.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">OCI layer changesets</a>
 */
public final class FileView {

  private static final String WHITEOUT_PREFIX = ".wh.";
  private static final String OPAQUE_MARKER = ".wh..wh..opq";

  private final SortedMap<String, FileState> files;
  private final List<AnalysisIssue> issues;

  private FileView(TreeMap<String, FileState> files, List<AnalysisIssue> issues) {
    this.files = Collections.unmodifiableSortedMap(files);
    this.issues = List.copyOf(issues);
  }

  /**
   * Reads every layer of an image (verified against its digests) and builds its final file view. Does
   * not close the image.
   *
   * @param image the image; not null
   * @param limits bounds on entries per layer and path length; not null
   * @return the view
   * @throws IOException if a layer cannot be read, is corrupt or does not match its digests, or a limit
   *     is reached
   */
  public static FileView ofImage(Image image, ScanLimits limits) throws IOException {
    Builder b = new Builder(limits);
    List<Layer> layers = image.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      LayerRef ref = new LayerRef(i, l.diffId());
      String what = "layer " + i + " (" + l.diffId().shortHex() + ")";
      try (InputStream tar = LayerStreams.openVerifiedTar(l, what)) {
        b.apply(tar, ref, what);
      }
    }
    return b.build();
  }

  /**
   * Walks a root filesystem once and builds its file view; the files it could not read are the view's
   * {@link #issues()}.
   *
   * @param rootfs the opened directory; not null
   * @param limits bounds on entries and path length; not null
   * @return the view
   * @throws IOException if the root cannot be read or a limit is reached
   */
  public static FileView ofRootfs(RootfsImage rootfs, ScanLimits limits) throws IOException {
    Builder b = new Builder(limits);
    try (InputStream tar = rootfs.openTar()) {
      b.apply(tar, null, rootfs.name());
    }
    b.issues.addAll(rootfs.readIssues());
    return b.build();
  }

  /**
   * Returns every path (normalised, relative to the root, sorted) with its state.
   *
   * @return an unmodifiable sorted map; never null
   */
  public SortedMap<String, FileState> files() {
    return files;
  }

  /**
   * Returns what could not be read or understood (an unreadable file, a hard link to nothing).
   *
   * @return the issues; never null
   */
  public List<AnalysisIssue> issues() {
    return issues;
  }

  /** Applies layer tars base first. Not thread-safe. */
  private static final class Builder {
    private final ScanLimits limits;
    private final TreeMap<String, FileState> view = new TreeMap<>();
    private final List<AnalysisIssue> issues = new ArrayList<>();
    private final byte[] buffer = new byte[64 * 1024];

    Builder(ScanLimits limits) {
      this.limits = limits;
    }

    void apply(InputStream tar, LayerRef ref, String what) throws IOException {
      Map<String, FileState> added = new LinkedHashMap<>();
      List<String> whiteouts = new ArrayList<>();
      List<String> opaque = new ArrayList<>();
      TarArchiveInputStream tin = new TarArchiveInputStream(tar);
      long entries = 0;
      while (true) {
        TarArchiveEntry t;
        try {
          t = tin.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
          if (e instanceof ImageFormatException ife) {
            throw ife;
          }
          throw new ImageFormatException(what + ": corrupt tar stream: " + e.getMessage(), e);
        }
        if (t == null) {
          break;
        }
        if (++entries > limits.maxEntriesPerLayer()) {
          throw new LimitExceededException(what + ": more than " + limits.maxEntriesPerLayer()
              + " entries (limit maxEntriesPerLayer)");
        }
        String path = EntryPaths.normalize(t.getName());
        if (path == EntryPaths.ESCAPES_ROOT || path.isEmpty() || path.length() > limits.maxPathLength()) {
          continue; // the walker reports these; they are not part of any unpacked file system
        }
        int slash = path.lastIndexOf('/');
        String base = path.substring(slash + 1);
        String dir = slash < 0 ? "" : path.substring(0, slash);
        if (ref != null && base.startsWith(WHITEOUT_PREFIX)) {
          if (base.equals(OPAQUE_MARKER)) {
            opaque.add(dir);
          } else if (base.length() > WHITEOUT_PREFIX.length()) {
            whiteouts.add((dir.isEmpty() ? "" : dir + "/") + base.substring(WHITEOUT_PREFIX.length()));
          }
          continue;
        }
        FileState state = state(t, tin, path, added, ref);
        if (state != null) {
          added.remove(path); // a later entry for the same path wins, and keeps its own order
          added.put(path, state);
        }
      }
      // Drain the trailer so that a verifying stream below sees every byte.
      while (tar.read(buffer) >= 0) {
        // discard
      }
      for (String d : opaque) {
        (d.isEmpty() ? view : children(d)).clear();
      }
      for (String w : whiteouts) {
        view.remove(w);
        children(w).clear();
      }
      for (Map.Entry<String, FileState> e : added.entrySet()) {
        if (e.getValue().type() != EntryType.DIRECTORY) {
          children(e.getKey()).clear();
        }
        view.put(e.getKey(), e.getValue());
      }
    }

    private FileState state(TarArchiveEntry t, TarArchiveInputStream tin, String path, Map<String, FileState> added,
        LayerRef ref) throws IOException {
      int mode = t.getMode();
      long uid = t.getLongUserId();
      long gid = t.getLongGroupId();
      if (t.isSymbolicLink()) {
        return new FileState(EntryType.SYMLINK, mode, uid, gid, 0, null, t.getLinkName(), ref, false);
      }
      if (t.isLink()) {
        String target = EntryPaths.normalize(t.getLinkName());
        FileState f = target == EntryPaths.ESCAPES_ROOT ? null : added.get(target);
        if (f == null && target != EntryPaths.ESCAPES_ROOT) {
          f = view.get(target);
        }
        if (f == null) {
          issues.add(new AnalysisIssue("drift", new Location(ref, path, null),
              "hard link to a path that is not there: " + t.getLinkName()));
          return null;
        }
        // The link is the same inode: same content and metadata as its target.
        return new FileState(f.type(), f.mode(), f.uid(), f.gid(), f.size(), f.sha256(), f.linkTarget(), ref, false);
      }
      if (t.isDirectory()) {
        return new FileState(EntryType.DIRECTORY, mode, uid, gid, 0, null, null, ref, false);
      }
      if (t.isFile()) {
        MessageDigest md = Digest.sha256Of(new byte[0]).newMessageDigest();
        long size = 0;
        int n;
        while ((n = tin.read(buffer)) >= 0) {
          md.update(buffer, 0, n);
          size += n;
        }
        return new FileState(EntryType.FILE, mode, uid, gid, size, Digest.sha256(HexFormat.of().formatHex(md.digest())),
            null, ref, false);
      }
      return new FileState(EntryType.OTHER, mode, uid, gid, 0, null, null, ref, false);
    }

    private NavigableMap<String, FileState> children(String dir) {
      // '0' is the character after '/', so this range is exactly the paths below dir/.
      return view.subMap(dir + "/", true, dir + "0", false);
    }

    FileView build() {
      List<String> parents = new ArrayList<>();
      for (String p : view.keySet()) {
        for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
          parents.add(p.substring(0, i));
        }
      }
      for (String p : parents) {
        view.putIfAbsent(p, FileState.impliedDirectory());
      }
      return new FileView(view, issues);
    }
  }
}
