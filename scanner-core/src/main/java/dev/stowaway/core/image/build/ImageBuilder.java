package dev.stowaway.core.image.build;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.Platform;
import dev.stowaway.core.image.Compression;
import dev.stowaway.core.image.ImageConfigParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds an OCI image in memory from layer tars (usually from {@link LayerBuilder}), for tests,
 * examples and demo images. The result is deterministic: the same calls give the same digests.
 *
 * <p>Not thread-safe. {@link #build()} may be called more than once.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/config.md">OCI image configuration</a>
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">OCI image manifest</a>
 */
public final class ImageBuilder {

  private record Step(byte[] tar, Compression compression, String createdBy) {}

  private final List<Step> steps = new ArrayList<>();
  private Platform platform = Platform.LINUX_AMD64;
  private Compression compression = Compression.GZIP;
  private Instant created = Instant.parse("2024-01-01T00:00:00Z");
  private String user;
  private final List<String> env = new ArrayList<>();
  private final TreeSet<String> exposedPorts = new TreeSet<>();
  private final Map<String, String> labels = new TreeMap<>();
  private List<String> entrypoint = List.of();
  private List<String> cmd = List.of();
  private String workingDir;
  private List<String> healthcheck = List.of();

  private ImageBuilder() {}

  /**
   * Starts an empty linux/amd64 image with gzip layers.
   *
   * @return a new builder
   */
  public static ImageBuilder create() {
    return new ImageBuilder();
  }

  /**
   * Sets the platform written to the config (default linux/amd64).
   *
   * @param p the platform; not null
   * @return this builder
   */
  public ImageBuilder platform(Platform p) {
    this.platform = Objects.requireNonNull(p);
    return this;
  }

  /**
   * Sets the compression of layers added after this call (default gzip).
   *
   * @param c the compression; not null
   * @return this builder
   */
  public ImageBuilder compression(Compression c) {
    this.compression = Objects.requireNonNull(c);
    return this;
  }

  /**
   * Sets the config's and history's {@code created} time.
   *
   * @param t the time; not null
   * @return this builder
   */
  public ImageBuilder created(Instant t) {
    this.created = Objects.requireNonNull(t);
    return this;
  }

  /**
   * Adds a layer with the current compression.
   *
   * @param tar the uncompressed layer tar, e.g. {@link LayerBuilder#toTar()}
   * @param createdBy the history entry's {@code created_by}
   * @return this builder
   */
  public ImageBuilder layer(byte[] tar, String createdBy) {
    return layer(tar, createdBy, compression);
  }

  /**
   * Adds a layer from a layer builder with the current compression.
   *
   * @param layer the layer contents
   * @param createdBy the history entry's created_by, or null
   * @return this builder
   */
  public ImageBuilder layer(LayerBuilder layer, String createdBy) {
    return layer(layer.toTar(), createdBy, compression);
  }

  /**
   * Adds a layer with its own compression.
   *
   * @param tar the uncompressed layer tar
   * @param createdBy the history entry's created_by, or null
   * @param c the compression; not null
   * @return this builder
   */
  public ImageBuilder layer(byte[] tar, String createdBy, Compression c) {
    steps.add(new Step(tar.clone(), Objects.requireNonNull(c), createdBy));
    return this;
  }

  /**
   * Adds a config-only history step ({@code empty_layer: true}).
   *
   * @param createdBy the history entry's created_by, or null
   * @return this builder
   */
  public ImageBuilder emptyLayer(String createdBy) {
    steps.add(new Step(null, null, createdBy));
    return this;
  }

  /**
   * Sets {@code config.User}.
   *
   * @param u the user, such as {@code app} or {@code 1000:1000}, or null for root
   * @return this builder
   */
  public ImageBuilder user(String u) {
    this.user = u;
    return this;
  }

  /**
   * Adds an environment entry {@code NAME=value}.
   *
   * @param nameEqualsValue the entry, such as {@code PATH=/usr/bin}
   * @return this builder
   */
  public ImageBuilder env(String nameEqualsValue) {
    env.add(nameEqualsValue);
    return this;
  }

  /**
   * Adds an exposed port such as {@code 22/tcp}.
   *
   * @param port the port, such as {@code 22/tcp}
   * @return this builder
   */
  public ImageBuilder exposedPort(String port) {
    exposedPorts.add(port);
    return this;
  }

  /**
   * Adds a label.
   *
   * @param key the label key
   * @param value the label value
   * @return this builder
   */
  public ImageBuilder label(String key, String value) {
    labels.put(key, value);
    return this;
  }

  /**
   * Sets {@code config.Entrypoint}.
   *
   * @param args the arguments
   * @return this builder
   */
  public ImageBuilder entrypoint(String... args) {
    entrypoint = List.of(args);
    return this;
  }

  /**
   * Sets {@code config.Cmd}.
   *
   * @param args the arguments
   * @return this builder
   */
  public ImageBuilder cmd(String... args) {
    cmd = List.of(args);
    return this;
  }

  /**
   * Sets {@code config.WorkingDir}.
   *
   * @param dir the directory
   * @return this builder
   */
  public ImageBuilder workingDir(String dir) {
    workingDir = dir;
    return this;
  }

  /**
   * Sets {@code config.Healthcheck.Test}, e.g. {@code "CMD", "curl", "-f", "http://localhost/"}.
   *
   * @param test the test command, such as {@code CMD curl -f http://localhost/}
   * @return this builder
   */
  public ImageBuilder healthcheck(String... test) {
    healthcheck = Arrays.asList(test.clone());
    return this;
  }

  /**
   * Compresses the layers and renders config and manifest.
   *
   * @return the image
   */
  public BuiltImage build() {
    List<BuiltLayer> layers = new ArrayList<>();
    List<Object> history = new ArrayList<>();
    for (Step s : steps) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("created", created.toString());
      if (s.createdBy() != null) {
        h.put("created_by", s.createdBy());
      }
      if (s.tar() == null) {
        h.put("empty_layer", true);
      } else {
        layers.add(new BuiltLayer(s.tar(), s.compression()));
      }
      history.add(h);
    }
    Map<String, Object> conf = new LinkedHashMap<>();
    if (user != null) {
      conf.put("User", user);
    }
    if (!env.isEmpty()) {
      conf.put("Env", List.copyOf(env));
    }
    if (!exposedPorts.isEmpty()) {
      Map<String, Object> ports = new LinkedHashMap<>();
      exposedPorts.forEach(p -> ports.put(p, Map.of()));
      conf.put("ExposedPorts", ports);
    }
    if (!labels.isEmpty()) {
      conf.put("Labels", new LinkedHashMap<>(labels));
    }
    if (!entrypoint.isEmpty()) {
      conf.put("Entrypoint", entrypoint);
    }
    if (!cmd.isEmpty()) {
      conf.put("Cmd", cmd);
    }
    if (workingDir != null) {
      conf.put("WorkingDir", workingDir);
    }
    if (!healthcheck.isEmpty()) {
      conf.put("Healthcheck", Map.of("Test", healthcheck));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("created", created.toString());
    config.put("architecture", platform.architecture());
    if (platform.variant() != null) {
      config.put("variant", platform.variant());
    }
    config.put("os", platform.os());
    config.put("config", conf);
    Map<String, Object> rootfs = new LinkedHashMap<>();
    rootfs.put("type", "layers");
    rootfs.put("diff_ids", layers.stream().map(l -> l.diffId().toString()).toList());
    config.put("rootfs", rootfs);
    config.put("history", history);
    byte[] configBytes = JsonOut.write(config);

    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2L);
    manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", Digest.sha256Of(configBytes),
        configBytes.length));
    manifest.put("layers", layers.stream().map(l -> descriptor(l.mediaType(), l.digest(), l.size())).toList());
    byte[] manifestBytes = JsonOut.write(manifest);
    ImageConfig parsed;
    try {
      parsed = ImageConfigParser.parse(configBytes, "built config");
    } catch (ImageFormatException e) {
      throw new IllegalStateException("the builder wrote a config it cannot read", e);
    }
    return new BuiltImage(configBytes, manifestBytes, parsed, layers, platform);
  }

  static Map<String, Object> descriptor(String mediaType, Digest digest, long size) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("mediaType", mediaType);
    d.put("digest", digest.toString());
    d.put("size", size);
    return d;
  }
}
