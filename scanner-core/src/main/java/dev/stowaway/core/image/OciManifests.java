package dev.stowaway.core.image;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.Platform;
import dev.stowaway.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The parts of OCI and Docker image manifests and indexes that every source reads the same way,
 * whether the documents come from a layout on disk or from a registry: descriptors, telling an
 * index from a manifest, choosing a platform's entry from an index, and a manifest's config and
 * layer descriptors.
 *
 * <p>Stateless and thread-safe.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md">OCI descriptor</a>
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">OCI image index</a>
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">OCI image manifest</a>
 * @see <a href="https://distribution.github.io/distribution/spec/manifest-v2-2/">Docker image manifest v2 schema 2</a>
 */
public final class OciManifests {

  /** The annotation that holds a tag in an OCI layout's {@code index.json}. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";
  /** OCI image index media type. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  /** OCI image manifest media type. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  /** Docker manifest list media type. */
  public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  /** Docker image manifest v2 schema 2 media type. */
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

  private OciManifests() {}

  /**
   * A content descriptor.
   *
   * @param mediaType the declared media type, or null
   * @param digest the content digest; never null
   * @param size the content size, or -1 when not given
   * @param platform the platform of an index entry, or null
   * @param annotations the annotations; never null
   */
  public record Descriptor(String mediaType, Digest digest, long size, Platform platform,
      Map<String, String> annotations) {

    /** Requires a digest; null annotations become empty. */
    public Descriptor {
      Objects.requireNonNull(digest, "digest");
      annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /**
     * Returns the {@value OciManifests#REF_NAME} annotation.
     *
     * @return the ref name, or null
     */
    public String refName() {
      return annotations.get(REF_NAME);
    }

    /**
     * Tells whether this index entry is a build attestation rather than an image (BuildKit marks
     * them with an {@code unknown/unknown} platform).
     *
     * @return true for attestations
     */
    public boolean isAttestation() {
      return "attestation-manifest".equals(annotations.get("vnd.docker.reference.type"))
          || (platform != null && platform.os().equals("unknown"));
    }
  }

  /**
   * An image manifest's content.
   *
   * @param config the config descriptor; never null
   * @param layers the layer descriptors, base first; never null
   */
  public record Manifest(Descriptor config, List<Descriptor> layers) {

    /** Copies the layer list. */
    public Manifest {
      Objects.requireNonNull(config, "config");
      layers = List.copyOf(layers);
    }
  }

  /**
   * Tells whether a document is an index (OCI index or Docker manifest list) rather than a manifest.
   *
   * @param mediaType the media type from the descriptor or transport, or null to use the document's own
   * @param doc the parsed document; not null
   * @return true for an index
   * @throws ImageFormatException if the document's mediaType field is not a string
   */
  public static boolean isIndex(String mediaType, JsonObject doc) throws ImageFormatException {
    String mt = mediaType != null ? mediaType : doc.string("mediaType");
    if (mt != null && (mt.endsWith("image.index.v1+json") || mt.endsWith("manifest.list.v2+json"))) {
      return true;
    }
    if (mt != null && (mt.endsWith("image.manifest.v1+json") || mt.endsWith("manifest.v2+json"))) {
      return false;
    }
    return doc.has("manifests") && !doc.has("layers");
  }

  /**
   * Reads an image manifest's config and layer descriptors; Docker schema 1 is refused.
   *
   * @param m the parsed manifest; not null
   * @return the manifest content; never null
   * @throws ImageFormatException if it is schema 1 or a field is missing or malformed
   */
  public static Manifest manifest(JsonObject m) throws ImageFormatException {
    Long schema = m.longValue("schemaVersion");
    String mt = m.string("mediaType");
    if ((schema != null && schema == 1)
        || (mt != null && mt.startsWith("application/vnd.docker.distribution.manifest.v1"))) {
      throw m.error("Docker schema 1 manifests are not supported");
    }
    return new Manifest(descriptor(m.requireObject("config")), descriptors(m, "layers"));
  }

  /**
   * Chooses one image from an index's entries: attestations are ignored; the entry whose platform
   * the wanted platform {@linkplain Platform#accepts accepts} wins (an exact variant match first);
   * else the only entry without a platform.
   *
   * @param all the entries; not null
   * @param want the wanted platform; not null
   * @param where names the index in messages; not null
   * @param tagHint whether to suggest choosing by tag or digest when the choice is ambiguous
   * @return the chosen entry; never null
   * @throws ImageFormatException if no entry fits or several entries without a platform remain
   */
  public static Descriptor choose(List<Descriptor> all, Platform want, String where, boolean tagHint)
      throws ImageFormatException {
    List<Descriptor> ds = all.stream().filter(d -> !d.isAttestation()).toList();
    if (ds.isEmpty()) {
      throw new ImageFormatException(where + ": lists no image manifests");
    }
    List<Descriptor> withPlatform = ds.stream().filter(d -> d.platform() != null).toList();
    List<Descriptor> matching = withPlatform.stream().filter(d -> want.accepts(d.platform())).toList();
    if (!matching.isEmpty()) {
      // An exact variant match beats a variant-less one.
      return matching.stream().filter(d -> Objects.equals(d.platform().variant(), want.variant()))
          .findFirst().orElse(matching.get(0));
    }
    Map<Digest, Descriptor> noPlatform = new LinkedHashMap<>();
    for (Descriptor d : ds) {
      if (d.platform() == null) {
        noPlatform.putIfAbsent(d.digest(), d);
      }
    }
    if (noPlatform.size() == 1) {
      return noPlatform.values().iterator().next();
    }
    if (noPlatform.isEmpty()) {
      throw new ImageFormatException(where + ": no image for platform " + want + " (available: "
          + withPlatform.stream().map(d -> d.platform().toString()).collect(Collectors.joining(", ")) + ")");
    }
    throw new ImageFormatException(where + ": lists " + noPlatform.size() + " images; choose one"
        + (tagHint ? " with :TAG or @DIGEST (tags: " + tags(ds) + ")" : ""));
  }

  /**
   * Lists the ref names of entries, sorted, for messages.
   *
   * @param ds the entries; not null
   * @return the names joined by commas, or {@code none}
   */
  public static String tags(List<Descriptor> ds) {
    TreeSet<String> t = new TreeSet<>();
    for (Descriptor d : ds) {
      if (d.refName() != null) {
        t.add(d.refName());
      }
    }
    return t.isEmpty() ? "none" : String.join(", ", t);
  }

  /**
   * Computes the digest of bytes with the same algorithm as {@code like}.
   *
   * @param like a digest whose algorithm to use; not null
   * @param bytes the content; not null
   * @return the content's digest
   */
  public static Digest digestOf(Digest like, byte[] bytes) {
    return new Digest(like.algorithm(), HexFormat.of().formatHex(like.newMessageDigest().digest(bytes)));
  }

  /**
   * Reads the array of descriptors under {@code key} (missing: empty).
   *
   * @param o the object; not null
   * @param key the field, such as {@code manifests} or {@code layers}
   * @return the descriptors; never null
   * @throws ImageFormatException if an entry is malformed
   */
  public static List<Descriptor> descriptors(JsonObject o, String key) throws ImageFormatException {
    List<Descriptor> out = new ArrayList<>();
    for (JsonObject d : o.objects(key)) {
      out.add(descriptor(d));
    }
    return out;
  }

  /**
   * Reads one descriptor.
   *
   * @param d the descriptor object; not null
   * @return the descriptor; never null
   * @throws ImageFormatException if the digest is missing or malformed or the size negative
   */
  public static Descriptor descriptor(JsonObject d) throws ImageFormatException {
    String digestText = d.requireString("digest");
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (IllegalArgumentException e) {
      throw d.error("field " + d.field("digest") + " is not a digest: " + e.getMessage());
    }
    Long size = d.longValue("size");
    if (size != null && size < 0) {
      throw d.error("field " + d.field("size") + " is negative");
    }
    Platform platform = null;
    JsonObject p = d.object("platform");
    if (p != null) {
      String os = p.string("os");
      String arch = p.string("architecture");
      if (os != null && arch != null && !os.isEmpty() && !arch.isEmpty()) {
        platform = new Platform(os, arch, p.string("variant"));
      }
    }
    return new Descriptor(d.string("mediaType"), digest, size == null ? -1 : size, platform,
        d.stringMap("annotations"));
  }
}
