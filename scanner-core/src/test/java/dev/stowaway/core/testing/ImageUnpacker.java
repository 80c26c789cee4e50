package dev.stowaway.core.testing;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.Layer;
import dev.stowaway.core.image.LayerStreams;
import dev.stowaway.core.walk.EntryPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Test-only: unpacks an image's layers into a directory the way a container runtime stacks them
 * (whiteouts and opaque directories remove lower layers' paths), with modes including setuid/setgid,
 * numeric owners (when running as root), symlinks and hard links. Devices and FIFOs are skipped.
 *
 * <p>Safe on hostile input: names are normalised and a name climbing out of the root is refused;
 * nothing is ever written through a symlink (every parent must be a real directory inside the root),
 * and hard-link targets must be inside the root too. Not thread-safe.
 */
public final class ImageUnpacker {

  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private final Path root;
  private final Map<Path, int[]> directoryMetadata = new LinkedHashMap<>();

  private ImageUnpacker(Path root) {
    this.root = root;
  }

  /**
   * Unpacks every layer of the image, base first, into {@code root} (which must exist and be empty).
   *
   * @param image the image; its layers are read verified
   * @param root the target directory
   * @throws IOException on a read or write failure, or an entry that would leave the root
   */
  public static void unpack(Image image, Path root) throws IOException {
    ImageUnpacker u = new ImageUnpacker(root.toRealPath());
    int i = 0;
    for (Layer l : image.layers()) {
      try (InputStream tar = LayerStreams.openVerifiedTar(l, "layer " + i++)) {
        u.layer(tar);
      }
    }
    // Directory modes last: a read-only directory must not stop its children from being written.
    List<Map.Entry<Path, int[]>> dirs = new ArrayList<>(u.directoryMetadata.entrySet());
    java.util.Collections.reverse(dirs);
    for (Map.Entry<Path, int[]> e : dirs) {
      if (Files.isDirectory(e.getKey(), LinkOption.NOFOLLOW_LINKS)) {
        u.metadata(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]);
      }
    }
  }

  private void layer(InputStream tar) throws IOException {
    Set<String> written = new HashSet<>();
    TarArchiveInputStream tin = new TarArchiveInputStream(tar);
    TarArchiveEntry t;
    while ((t = tin.getNextEntry()) != null) {
      String path = EntryPaths.normalize(t.getName());
      if (path == EntryPaths.ESCAPES_ROOT) {
        throw new IOException("entry leaves the root: " + t.getName());
      }
      if (path.isEmpty()) {
        if (t.isDirectory()) {
          directoryMetadata.put(root, new int[] {t.getMode(), (int) t.getLongUserId(), (int) t.getLongGroupId()});
        }
        continue;
      }
      String base = path.substring(path.lastIndexOf('/') + 1);
      String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
      if (base.equals(".wh..wh..opq")) {
        Path d = target(dir);
        if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
          try (Stream<Path> s = Files.list(d)) {
            for (Path c : s.toList()) {
              if (!written.contains(root.relativize(c).toString())) {
                deleteTree(c);
              }
            }
          }
        }
        continue;
      }
      if (base.startsWith(".wh.")) {
        deleteTree(target((dir.isEmpty() ? "" : dir + "/") + base.substring(4)));
        continue;
      }
      written.add(path);
      Path p = target(path);
      if (t.isDirectory()) {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(p);
        }
        Files.createDirectories(p);
        directoryMetadata.put(p, new int[] {t.getMode(), (int) t.getLongUserId(), (int) t.getLongGroupId()});
        continue;
      }
      deleteTree(p);
      if (t.isSymbolicLink()) {
        Files.createSymbolicLink(p, Path.of(t.getLinkName()));
        if (ROOT) {
          Files.setAttribute(p, "unix:uid", (int) t.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(p, "unix:gid", (int) t.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        }
      } else if (t.isLink()) {
        String target = EntryPaths.normalize(t.getLinkName());
        if (target == EntryPaths.ESCAPES_ROOT || target.isEmpty()) {
          throw new IOException("hard link leaves the root: " + t.getLinkName());
        }
        Path existing = target(target);
        if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException("hard link to a missing or non-regular file: " + t.getLinkName());
        }
        Files.createLink(p, existing);
      } else if (t.isFile()) {
        try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
          tin.transferTo(out);
        }
        metadata(p, t.getMode(), (int) t.getLongUserId(), (int) t.getLongGroupId());
      }
      // Devices and FIFOs are skipped: Java cannot make them, and /dev is excluded from drift anyway.
    }
    while (tar.read(new byte[8192]) >= 0) {
      // drain so the layer's digests are checked
    }
  }

  /** Owner first: chown clears setuid/setgid bits, so the mode comes after it. */
  private void metadata(Path p, int mode, int uid, int gid) throws IOException {
    if (ROOT) {
      Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
    Files.setAttribute(p, "unix:mode", mode & 07777, LinkOption.NOFOLLOW_LINKS);
  }

  /** The path in the root for a normalised name; every parent must be a real directory in the root. */
  private Path target(String path) throws IOException {
    Path p = root;
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      p = p.resolve(parts[i]);
      if (Files.isSymbolicLink(p)) {
        throw new IOException("refusing to write through a symlink: " + root.relativize(p));
      }
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(p);
      } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(p + " is not a directory");
      }
    }
    Path out = p.resolve(parts[parts.length - 1]).normalize();
    if (!out.startsWith(root)) {
      throw new IOException("entry leaves the root: " + path);
    }
    return out;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> s = Files.walk(p)) {
        for (Path c : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(c);
        }
      }
    } else {
      Files.delete(p);
    }
  }
}
