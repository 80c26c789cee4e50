package dev.stowaway.core.image.registry;

import dev.stowaway.core.image.BlobLayer;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.ImageReference;
import dev.stowaway.api.image.ImageSource;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.image.ImageConfigParser;
import dev.stowaway.core.image.OciManifests;
import dev.stowaway.core.image.OciManifests.Descriptor;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Opens images straight from an OCI distribution registry (Docker Hub, GHCR, a local
 * {@code registry:2}, ...). Scheme {@code registry}; the locator is an image reference
 * ({@code alpine:3.20}, {@code ghcr.io/o/r@sha256:…}, {@code localhost:5000/x/y:t}), normalised as
 * Docker does ({@code docker.io} is served from {@code registry-1.docker.io}). A bare spec that is not
 * an existing path but parses as a reference is recognised too.
 *
 * <p>Opening fetches the manifest (choosing the platform from an index with
 * {@link SourceOptions#platform()}) and the config, each verified against its digest; layer blobs
 * are streamed from the registry only when {@link Layer#openBlob()} is called, with no temporary
 * files, and verified by the layer reader. Authentication, retries, redirects and limits follow
 * {@link RegistryOptions}; plain HTTP only with {@link RegistryOptions#insecure()}.
 *
 * <p>Thread-safe. The no-argument constructor (used by {@link java.util.ServiceLoader}) uses
 * {@link RegistryOptions#defaults()}; embedders and the CLI construct it with their own options.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI distribution spec</a>
 */
public final class RegistryImageSource implements ImageSource {

  /** The scheme, {@value}. */
  public static final String SCHEME = "registry";
  private static final int MAX_INDEX_DEPTH = 4;

  private final RegistryOptions options;
  private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
  private volatile HttpClient http;

  /** Creates the source with {@link RegistryOptions#defaults()} (used by {@link java.util.ServiceLoader}). */
  public RegistryImageSource() {
    this(RegistryOptions.defaults());
  }

  /**
   * Creates the source with the given options.
   *
   * @param options credentials, transport and limits; not null
   */
  public RegistryImageSource(RegistryOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  public String scheme() {
    return SCHEME;
  }

  /**
   * Recognises a bare spec that is not an existing path and parses as an image reference. Names
   * that look like archive files ({@code app.tar}, {@code app.tar.gz}) are left to the path sources,
   * so that a mistyped file name is reported as missing rather than pulled.
   */
  @Override
  public boolean recognizes(String locator) {
    try {
      if (locator.isEmpty() || Files.exists(Path.of(locator))) {
        return false;
      }
    } catch (InvalidPathException e) {
      // Not a path: it may still be a reference.
    }
    String lower = locator.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".tar") || lower.endsWith(".tar.gz") || lower.endsWith(".tgz") || lower.endsWith(".json")) {
      return false;
    }
    try {
      ImageReference.parse(locator);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public Image open(String locator, SourceOptions sourceOptions) throws IOException {
    ImageReference ref;
    try {
      ref = ImageReference.parse(locator);
    } catch (IllegalArgumentException e) {
      throw new ImageFormatException(locator + ": not an image reference: " + e.getMessage());
    }
    RegistryClient client = new RegistryClient(http(), options, new DockerConfigCredentials(options.dockerConfig(),
        options.credentialHelperLookup(), options.credentialHelperTimeout()), ref.registry(), ref.repository(),
        permits.computeIfAbsent(ref.registry(), r -> new Semaphore(options.maxConcurrentRequests(), true)));
    return new Puller(client, ref, sourceOptions).pull();
  }

  @Override
  public String toString() {
    return "RegistryImageSource[" + options + "]";
  }

  private HttpClient http() {
    HttpClient h = http;
    if (h == null) {
      synchronized (this) {
        h = http;
        if (h == null) {
          // Redirects are followed by RegistryClient, which drops credentials when a redirect leaves the registry.
          HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(options.connectTimeout())
              .followRedirects(HttpClient.Redirect.NEVER);
          if (options.sslContext() != null) {
            b.sslContext(options.sslContext());
          }
          h = b.build();
          http = h;
        }
      }
    }
    return h;
  }

  /** One pull: manifest (through indexes), config, layer descriptors. */
  private static final class Puller {
    private final RegistryClient client;
    private final ImageReference ref;
    private final SourceOptions options;
    private final String name;

    Puller(RegistryClient client, ImageReference ref, SourceOptions options) {
      this.client = client;
      this.ref = ref;
      this.options = options;
      this.name = ref.toString();
    }

    Image pull() throws IOException {
      String reference = ref.digest() != null ? ref.digest().toString() : ref.tag();
      Digest expected = ref.digest();
      String coordinates = name;
      for (int depth = 0; ; depth++) {
        Fetched m = fetchManifest(reference, expected, coordinates);
        JsonObject doc = Json.parseObject(m.bytes, "pull manifest " + coordinates);
        if (!OciManifests.isIndex(mediaType(m.contentType), doc)) {
          return image(m.digest, doc, coordinates);
        }
        if (depth >= MAX_INDEX_DEPTH) {
          throw new ImageFormatException("manifest " + coordinates + ": indexes nested more than "
              + MAX_INDEX_DEPTH + " deep");
        }
        Descriptor next = OciManifests.choose(OciManifests.descriptors(doc, "manifests"), options.platform(),
            "index " + coordinates, false);
        reference = next.digest().toString();
        expected = next.digest();
        coordinates = ref.registry() + "/" + ref.repository() + "@" + next.digest();
        if (next.size() > options.maxMetadataBytes()) {
          throw new ImageFormatException("pull manifest " + coordinates + ": " + next.size()
              + " bytes is more than the metadata limit of " + options.maxMetadataBytes() + " bytes");
        }
      }
    }

    private Image image(Digest manifestDigest, JsonObject doc, String coordinates) throws IOException {
      OciManifests.Manifest m = OciManifests.manifest(doc);
      Descriptor configD = m.config();
      String configCoordinates = ref.registry() + "/" + ref.repository() + "@" + configD.digest();
      byte[] configBytes = fetchBlob(configD, "pull config", configCoordinates);
      ImageConfig config = ImageConfigParser.parse(configBytes, "pull config " + configCoordinates);
      if (m.layers().size() != config.diffIds().size()) {
        throw new ImageFormatException("manifest " + coordinates + ": lists " + m.layers().size()
            + " layers but the config's rootfs.diff_ids has " + config.diffIds().size());
      }
      List<Layer> layers = new ArrayList<>();
      for (int i = 0; i < m.layers().size(); i++) {
        Descriptor d = m.layers().get(i);
        // Each open connects anew and waits for a free connection permit.
        layers.add(new BlobLayer(d.digest(), config.diffIds().get(i), d.size(), d.mediaType(),
            () -> new RegistryBlobStream(client, d.digest(), d.size()).connect(),
            client.registry() + "/" + client.repository()));
      }
      return new RegistryImage(name, manifestDigest, configD.digest(), config, layers);
    }

    private record Fetched(byte[] bytes, String contentType, Digest digest) {}

    private Fetched fetchManifest(String reference, Digest expected, String coordinates) throws IOException {
      byte[] body;
      RegistryClient.Response r;
      acquire("pull manifest", coordinates);
      try {
        r = client.send("pull manifest", coordinates, "GET", client.uri("manifests", reference),
            Map.of("Accept", RegistryClient.MANIFEST_ACCEPT));
        if (r.status() != 200) {
          throw client.failure("pull manifest", coordinates, r);
        }
        body = readBounded(r.http().body(), "pull manifest", coordinates);
      } finally {
        client.permits().release();
      }
      String header = r.header("Docker-Content-Digest");
      Digest claimed = expected;
      if (claimed == null && header != null) {
        try {
          claimed = Digest.parse(header.trim());
        } catch (IllegalArgumentException e) {
          throw new ImageFormatException("pull manifest " + coordinates + ": Docker-Content-Digest header is not a"
              + " digest: " + e.getMessage());
        }
      }
      Digest actual = OciManifests.digestOf(claimed != null ? claimed : Digest.sha256Of(new byte[0]), body);
      if (claimed != null && !actual.equals(claimed)) {
        throw new ImageFormatException("pull manifest " + coordinates + ": digest mismatch: "
            + (expected != null ? "asked for " : "registry says ") + claimed + ", content is " + actual);
      }
      if (expected != null && header != null && !header.trim().equals(expected.toString())) {
        throw new ImageFormatException("pull manifest " + coordinates + ": registry says its digest is "
            + header.trim() + ", not " + expected);
      }
      return new Fetched(body, r.header("Content-Type"), actual);
    }

    private byte[] fetchBlob(Descriptor d, String action, String coordinates) throws IOException {
      if (d.size() > options.maxMetadataBytes()) {
        throw new ImageFormatException(action + " " + coordinates + ": " + d.size()
            + " bytes is more than the metadata limit of " + options.maxMetadataBytes() + " bytes");
      }
      byte[] body;
      try (InputStream in = new RegistryBlobStream(client, d.digest(), d.size()).connect()) {
        body = readBounded(in, action, coordinates);
      }
      if (d.size() >= 0 && body.length != d.size()) {
        throw new ImageFormatException(action + " " + coordinates + ": " + body.length
            + " bytes but the manifest says " + d.size());
      }
      Digest actual = OciManifests.digestOf(d.digest(), body);
      if (!actual.equals(d.digest())) {
        throw new ImageFormatException(action + " " + coordinates + ": digest mismatch: content is " + actual);
      }
      return body;
    }

    private byte[] readBounded(InputStream in, String action, String coordinates) throws IOException {
      long max = options.maxMetadataBytes();
      byte[] body;
      try (in) {
        body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
      }
      if (body.length > max) {
        throw new ImageFormatException(action + " " + coordinates + ": more than the metadata limit of " + max
            + " bytes");
      }
      return body;
    }

    private void acquire(String action, String coordinates) throws IOException {
      try {
        client.permits().acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException(action + " " + coordinates + ": interrupted");
      }
    }

    private static String mediaType(String contentType) {
      if (contentType == null) {
        return null;
      }
      String mt = contentType.split(";", 2)[0].trim();
      return mt.isEmpty() || mt.equals("application/json") || mt.equals("application/octet-stream") ? null : mt;
    }
  }
}
