package dev.stowaway.core.image;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.ImageSource;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens an image from {@code docker save} output (also skopeo's and Docker 25's form, which carries
 * an OCI layout next to {@code manifest.json}), read in place. Scheme {@code docker-archive};
 * locator {@code PATH} (the first image) or {@code PATH:repo:tag} (chosen by {@code RepoTags}).
 *
 * <p>The layer's diffID comes from the config; its blob digest is the sha256 of the layer file as
 * stored, which for an uncompressed layer is the diffID itself. {@code manifest.json} may come
 * anywhere in the tar; links between entries are followed.
 *
 * <p>Stateless and thread-safe.
 *
 * @see <a href="https://github.com/moby/docker-image-spec/blob/main/spec.md">Docker image specification</a>
 */
public final class DockerArchiveImageSource implements ImageSource {

  private static final Pattern BLOB_PATH = Pattern.compile("blobs/(sha256|sha512)/([0-9a-f]+)");

  /** Creates the source (used by {@link java.util.ServiceLoader}). */
  public DockerArchiveImageSource() {}

  @Override
  public String scheme() {
    return "docker-archive";
  }

  @Override
  public boolean recognizes(String locator) {
    try {
      return TarArchive.names(Path.of(locator)).contains("manifest.json");
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public Image open(String locator, SourceOptions options) throws IOException {
    Locator l = Locator.withRepoTag(locator);
    TarArchive tar = TarArchive.open(l.path());
    try {
      return read(tar, "docker-archive:" + locator, l.tag(), options);
    } catch (IOException | RuntimeException e) {
      tar.close();
      throw e;
    }
  }

  private static Image read(TarArchive tar, String name, String tag, SourceOptions options) throws IOException {
    if (!tar.fileNames().contains("manifest.json")) {
      throw new ImageFormatException(tar.path() + ": not a container image: no manifest.json"
          + (tar.fileNames().contains("oci-layout") ? " (it has oci-layout: use oci-archive:)" : " or oci-layout"));
    }
    String what = tar.describe("manifest.json");
    List<Object> entries = Json.parseArray(tar.readMetadata("manifest.json", options.maxMetadataBytes()), what);
    if (entries.isEmpty()) {
      throw new ImageFormatException(what + ": lists no images");
    }
    List<JsonObject> images = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.get(i) instanceof Map)) {
        throw new ImageFormatException(what + ": entry [" + i + "] must be an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) entries.get(i);
      images.add(JsonObject.of(m, what + " [" + i + "]"));
    }
    JsonObject chosen = images.get(0);
    if (tag != null) {
      chosen = null;
      Set<String> all = new TreeSet<>();
      for (JsonObject img : images) {
        List<String> tags = img.strings("RepoTags");
        all.addAll(tags);
        if (chosen == null && (tags.contains(tag) || tags.contains(tag + ":latest"))) {
          chosen = img;
        }
      }
      if (chosen == null) {
        throw new ImageFormatException(what + ": no image tagged '" + tag + "' (tags: "
            + (all.isEmpty() ? "none" : String.join(", ", all)) + ")");
      }
    }
    String configPath = chosen.requireString("Config");
    List<String> layerPaths = chosen.strings("Layers");
    if (tar.size(configPath) < 0) {
      throw new ImageFormatException(what + ": names config " + configPath + " which is missing from the archive");
    }
    byte[] configBytes = tar.readMetadata(configPath, options.maxMetadataBytes());
    Digest configDigest = Digest.sha256Of(configBytes);
    ImageConfig config = ImageConfigParser.parse(configBytes, tar.describe(configPath));
    StoredImage.checkLayers(what, config, layerPaths.size());
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < layerPaths.size(); i++) {
      String path = layerPaths.get(i);
      long size = tar.size(path);
      if (size < 0) {
        throw new ImageFormatException(what + ": layer " + i + " " + path + " is missing from the archive");
      }
      Digest diffId = config.diffIds().get(i);
      layers.add(new BlobLayer(blobDigest(tar, path, diffId), diffId, size, null, () -> tar.open(path), tar.describe(path)));
    }
    return StoredImage.create(name, what, null, configDigest, config, layers, tar);
  }

  /**
   * The blob digest: named by an OCI blob path, else the diffID for an uncompressed layer (the same
   * bytes), else hashed once here (compressed docker-archive layers are rare and small).
   */
  private static Digest blobDigest(TarArchive tar, String path, Digest diffId) throws IOException {
    Matcher m = BLOB_PATH.matcher(TarArchive.normalize(path));
    if (m.matches()) {
      try {
        return new Digest(m.group(1), m.group(2));
      } catch (IllegalArgumentException e) {
        // not a well-formed digest name: fall through to hashing
      }
    }
    Compression c;
    try (InputStream in = tar.open(path)) {
      byte[] head = in.readNBytes(Compression.MAGIC_LENGTH);
      c = Compression.detect(head, head.length);
    }
    if (c == Compression.NONE) {
      return diffId;
    }
    MessageDigest md = diffId.newMessageDigest();
    try (InputStream in = tar.open(path)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return new Digest(diffId.algorithm(), HexFormat.of().formatHex(md.digest()));
  }
}
