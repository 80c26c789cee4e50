package dev.stowaway.core.image.build;

import dev.stowaway.api.image.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes {@link BuiltImage}s as an OCI layout directory, an OCI archive or a {@code docker save}
 * archive, for tests, examples and demo images. Output is deterministic (mtime 0, fixed order).
 *
 * <p>Stateless and thread-safe; writing the same target from two threads is the caller's problem.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image layout</a>
 * @see <a href="https://github.com/moby/docker-image-spec/blob/main/spec.md">Docker image specification</a>
 */
public final class ImageWriters {

  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final byte[] OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

  /** One file of the output; a symlink when {@code link} is set. */
  private record Entry(String name, byte[] data, String link) {
    static Entry file(String name, byte[] data) {
      return new Entry(name, data, null);
    }
  }

  private ImageWriters() {}

  /**
   * Writes an OCI image layout directory holding one image.
   *
   * @param image the image; not null
   * @param dir the directory, created if needed
   * @param tag the {@code org.opencontainers.image.ref.name} annotation, or null for none
   * @throws IOException if writing fails
   */
  public static void writeOciLayout(BuiltImage image, Path dir, String tag) throws IOException {
    writeDirectory(dir, ociLayout(image, tag));
  }

  /**
   * Writes an OCI archive (a tar of an OCI image layout) holding one image.
   *
   * @param image the image; not null
   * @param tarFile the archive to create or replace
   * @param tag the ref name annotation, or null
   * @throws IOException if writing fails
   */
  public static void writeOciArchive(BuiltImage image, Path tarFile, String tag) throws IOException {
    writeTar(tarFile, ociLayout(image, tag));
  }

  /**
   * Writes an OCI layout holding several platforms' images behind one index: with {@code nested}
   * false, {@code index.json} lists the manifests with their platforms; with {@code nested} true,
   * {@code index.json} points to an image index blob that lists them (index → index → manifest).
   *
   * @param images the images, each with a distinct platform; not empty
   * @param dir the directory, created if needed
   * @param tag the ref name annotation on the top-level entries, or null
   * @param nested whether to put an index blob between {@code index.json} and the manifests
   * @throws IOException if writing fails
   */
  public static void writeMultiPlatformOciLayout(List<BuiltImage> images, Path dir, String tag, boolean nested)
      throws IOException {
    Map<String, Entry> files = new LinkedHashMap<>();
    files.put("oci-layout", Entry.file("oci-layout", OCI_LAYOUT));
    List<Object> manifests = new ArrayList<>();
    for (BuiltImage image : images) {
      blobs(image, files);
      Map<String, Object> d = ImageBuilder.descriptor(OCI_MANIFEST, image.manifestDigest(),
          image.manifestBytes().length);
      Map<String, Object> platform = new LinkedHashMap<>();
      platform.put("architecture", image.platform().architecture());
      platform.put("os", image.platform().os());
      if (image.platform().variant() != null) {
        platform.put("variant", image.platform().variant());
      }
      d.put("platform", platform);
      if (tag != null && !nested) {
        d.put("annotations", Map.of(REF_NAME, tag));
      }
      manifests.add(d);
    }
    List<Object> top = manifests;
    if (nested) {
      byte[] inner = JsonOut.write(index(manifests));
      Digest innerDigest = Digest.sha256Of(inner);
      putBlob(files, innerDigest, inner);
      Map<String, Object> d = ImageBuilder.descriptor(OCI_INDEX, innerDigest, inner.length);
      if (tag != null) {
        d.put("annotations", Map.of(REF_NAME, tag));
      }
      top = List.of(d);
    }
    files.put("index.json", Entry.file("index.json", JsonOut.write(index(top))));
    writeDirectory(dir, files.values());
  }

  /**
   * Writes a {@code docker save} archive holding one image.
   *
   * @param image the image; not null
   * @param tarFile the archive to create or replace
   * @param repoTag the {@code RepoTags} entry such as {@code app:1.0}, or null for none
   * @param style which of the real-world layouts to produce; not null
   * @throws IOException if writing fails
   */
  public static void writeDockerArchive(BuiltImage image, Path tarFile, String repoTag, DockerArchiveStyle style)
      throws IOException {
    List<Entry> out = new ArrayList<>();
    List<String> layerPaths = new ArrayList<>();
    String configPath;
    Map<String, Object> manifest = new LinkedHashMap<>();
    if (style == DockerArchiveStyle.OCI_INSIDE) {
      out.addAll(ociLayout(image, repoTag));
      configPath = blobPath(image.configDigest());
      for (BuiltLayer l : image.builtLayers()) {
        layerPaths.add(blobPath(l.digest()));
      }
    } else {
      configPath = image.configDigest().hex() + ".json";
      out.add(Entry.file(configPath, image.configBytes()));
      String parent = "";
      for (BuiltLayer l : image.builtLayers()) {
        String id = Digest.sha256Of(parent + "\n" + l.diffId()).hex();
        parent = id;
        if (style == DockerArchiveStyle.SKOPEO_SYMLINKS) {
          String top = l.digest().hex() + ".tar";
          out.add(Entry.file(top, l.blob()));
          out.add(new Entry(id + "/layer.tar", new byte[0], "../" + top));
        } else {
          out.add(Entry.file(id + "/layer.tar", l.blob()));
        }
        out.add(Entry.file(id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8)));
        out.add(Entry.file(id + "/json", ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)));
        layerPaths.add(id + "/layer.tar");
      }
    }
    manifest.put("Config", configPath);
    manifest.put("RepoTags", repoTag == null ? List.of() : List.of(repoTag));
    manifest.put("Layers", layerPaths);
    Entry manifestEntry = Entry.file("manifest.json", JsonOut.write(List.of(manifest)));
    if (style == DockerArchiveStyle.CLASSIC) {
      out.add(0, manifestEntry);
    } else {
      out.add(manifestEntry);
    }
    writeTar(tarFile, out);
  }

  private static List<Entry> ociLayout(BuiltImage image, String tag) {
    Map<String, Entry> files = new LinkedHashMap<>();
    files.put("oci-layout", Entry.file("oci-layout", OCI_LAYOUT));
    blobs(image, files);
    Map<String, Object> d = ImageBuilder.descriptor(OCI_MANIFEST, image.manifestDigest(),
        image.manifestBytes().length);
    if (tag != null) {
      d.put("annotations", Map.of(REF_NAME, tag));
    }
    files.put("index.json", Entry.file("index.json", JsonOut.write(index(List.of(d)))));
    return new ArrayList<>(files.values());
  }

  private static Map<String, Object> index(List<Object> manifests) {
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2L);
    index.put("mediaType", OCI_INDEX);
    index.put("manifests", manifests);
    return index;
  }

  private static void blobs(BuiltImage image, Map<String, Entry> files) {
    for (BuiltLayer l : image.builtLayers()) {
      putBlob(files, l.digest(), l.blob());
    }
    putBlob(files, image.configDigest(), image.configBytes());
    putBlob(files, image.manifestDigest(), image.manifestBytes());
  }

  private static void putBlob(Map<String, Entry> files, Digest d, byte[] data) {
    files.putIfAbsent(blobPath(d), Entry.file(blobPath(d), data));
  }

  private static String blobPath(Digest d) {
    return "blobs/" + d.algorithm() + "/" + d.hex();
  }

  private static void writeDirectory(Path dir, Iterable<Entry> entries) throws IOException {
    for (Entry e : entries) {
      Path p = dir.resolve(e.name());
      Files.createDirectories(p.getParent());
      Files.write(p, e.data());
    }
  }

  private static void writeTar(Path tarFile, Iterable<Entry> entries) throws IOException {
    try (OutputStream file = Files.newOutputStream(tarFile);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry h = e.link() == null ? new TarArchiveEntry(e.name(), true)
            : new TarArchiveEntry(e.name(), TarConstants.LF_SYMLINK, true);
        h.setModTime(new Date(0));
        if (e.link() != null) {
          h.setLinkName(e.link());
        } else {
          h.setMode(TarArchiveEntry.DEFAULT_FILE_MODE);
          h.setSize(e.data().length);
        }
        tar.putArchiveEntry(h);
        if (e.link() == null) {
          tar.write(e.data());
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }
}
