package dev.stowaway.core.image;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.image.OciManifests.Descriptor;
import dev.stowaway.core.json.JsonObject;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one image from an OCI image layout held in a {@link BlobStore} (a directory or a tar):
 * {@code index.json}, then an index or manifest chain down to one platform's manifest, its config
 * and its layer descriptors. Every manifest, index and config is checked against its descriptor's
 * digest and size; every layer blob must exist with the declared size.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image layout</a>
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">OCI image index</a>
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">OCI image manifest</a>
 */
final class OciLayoutReader {

  private static final int MAX_INDEX_DEPTH = 4;

  private final BlobStore store;
  private final SourceOptions options;

  OciLayoutReader(BlobStore store, SourceOptions options) {
    this.store = store;
    this.options = options;
  }

  /**
   * Opens the image chosen by tag or digest (both null: the only image, by platform).
   *
   * @param name the image name to report
   * @param resources closed when the image is closed
   */
  StoredImage read(String name, String tag, Digest digest, Closeable resources) throws IOException {
    if (store.size("oci-layout") < 0) {
      throw new ImageFormatException(store.describe("oci-layout") + ": missing, not an OCI image layout");
    }
    JsonObject layout = Json.parseObject(store.readMetadata("oci-layout", options.maxMetadataBytes()),
        store.describe("oci-layout"));
    layout.string("imageLayoutVersion"); // only its type is checked: every version so far is read the same way
    String indexName = store.describe("index.json");
    JsonObject index = Json.parseObject(store.readMetadata("index.json", options.maxMetadataBytes()), indexName);
    List<Descriptor> top = descriptors(index, "manifests");
    Descriptor chosen;
    if (digest != null) {
      chosen = top.stream().filter(d -> d.digest().equals(digest)).findFirst().orElse(null);
      if (chosen == null) {
        if (store.size(blobPath(digest)) < 0) {
          throw new ImageFormatException(indexName + ": no manifest " + digest + " in this layout");
        }
        chosen = new Descriptor(null, digest, -1, null, Map.of());
      }
    } else {
      List<Descriptor> candidates = top;
      if (tag != null) {
        candidates = top.stream().filter(d -> tag.equals(d.refName())
            || (d.refName() != null && d.refName().endsWith(":" + tag))).toList();
        if (candidates.isEmpty()) {
          throw new ImageFormatException(indexName + ": no image tagged '" + tag + "' (tags: " + tags(top) + ")");
        }
      }
      chosen = choose(candidates, indexName, tag == null);
    }
    return resolve(chosen, name, indexName, resources, 0);
  }

  private StoredImage resolve(Descriptor d, String name, String parent, Closeable resources, int depth)
      throws IOException {
    String what = store.describe(blobPath(d.digest()));
    byte[] bytes = readBlob(d, parent, "manifest");
    JsonObject doc = Json.parseObject(bytes, what);
    if (OciManifests.isIndex(d.mediaType(), doc)) {
      if (depth >= MAX_INDEX_DEPTH) {
        throw new ImageFormatException(what + ": indexes nested more than "
            + MAX_INDEX_DEPTH + " deep");
      }
      Descriptor next = choose(descriptors(doc, "manifests"), what, false);
      return resolve(next, name, what, resources, depth + 1);
    }
    return manifest(d.digest(), doc, name, resources);
  }

  private StoredImage manifest(Digest manifestDigest, JsonObject m, String name, Closeable resources)
      throws IOException {
    String where = store.describe(blobPath(manifestDigest));
    OciManifests.Manifest parsed = OciManifests.manifest(m);
    Descriptor configD = parsed.config();
    byte[] configBytes = readBlob(configD, where, "config");
    ImageConfig config = ImageConfigParser.parse(configBytes, store.describe(blobPath(configD.digest())));
    List<Descriptor> layerDs = parsed.layers();
    StoredImage.checkLayers(where, config, layerDs.size());
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < layerDs.size(); i++) {
      Descriptor ld = layerDs.get(i);
      String path = blobPath(ld.digest());
      long actual = store.size(path);
      if (actual < 0) {
        throw new ImageFormatException(where + ": layer " + i + " blob " + ld.digest() + " is missing ("
            + store.describe(path) + ")");
      }
      if (ld.size() >= 0 && actual != ld.size()) {
        throw new ImageFormatException(where + ": layer " + i + " blob " + ld.digest() + " has " + actual
            + " bytes but the manifest says " + ld.size());
      }
      layers.add(new BlobLayer(ld.digest(), config.diffIds().get(i), actual, ld.mediaType(), () -> store.open(path),
          store.describe(path)));
    }
    return StoredImage.create(name, where, manifestDigest, configD.digest(), config, layers, resources);
  }

  private Descriptor choose(List<Descriptor> all, String where, boolean top) throws ImageFormatException {
    return OciManifests.choose(all, options.platform(), where, top);
  }

  private static String tags(List<Descriptor> ds) {
    return OciManifests.tags(ds);
  }

  private byte[] readBlob(Descriptor d, String referrer, String kind) throws IOException {
    String path = blobPath(d.digest());
    String name = store.describe(path);
    long actual = store.size(path);
    if (actual < 0) {
      throw new ImageFormatException(referrer + ": names " + kind + " blob " + d.digest() + " which is missing ("
          + name + ")");
    }
    if (d.size() >= 0 && actual != d.size()) {
      throw new ImageFormatException(name + ": " + kind + " blob has " + actual + " bytes but its descriptor says "
          + d.size());
    }
    byte[] bytes = store.readMetadata(path, options.maxMetadataBytes());
    Digest got = OciManifests.digestOf(d.digest(), bytes);
    if (!got.equals(d.digest())) {
      throw new ImageFormatException(name + ": " + kind + " digest mismatch: descriptor says " + d.digest()
          + ", content is " + got);
    }
    return bytes;
  }

  static String blobPath(Digest d) {
    return "blobs/" + d.algorithm() + "/" + d.hex();
  }

  static List<Descriptor> descriptors(JsonObject o, String key) throws ImageFormatException {
    return OciManifests.descriptors(o, key);
  }
}
