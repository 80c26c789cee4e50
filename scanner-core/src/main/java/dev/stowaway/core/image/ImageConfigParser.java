package dev.stowaway.core.image;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses an OCI or Docker image configuration into an {@link ImageConfig}. Lenient about missing
 * fields (they become null or empty), strict about wrong types (an {@link ImageFormatException}
 * naming the field).
 *
 * <p>Stateless and thread-safe.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/config.md">OCI image configuration</a>
 * @see <a href="https://github.com/moby/docker-image-spec/blob/main/spec.md">Docker image specification v1</a>
 */
public final class ImageConfigParser {

  private ImageConfigParser() {}

  /**
   * Parses a config blob.
   *
   * @param json the config bytes; not null
   * @return the config; never null
   * @throws ImageFormatException if the bytes are not JSON or a field has the wrong type
   */
  public static ImageConfig parse(byte[] json) throws ImageFormatException {
    return parse(json, "image config");
  }

  /**
   * Parses a config blob, naming it {@code what} in error messages.
   *
   * @param json the config bytes; not null
   * @param what the file or blob name for messages, such as {@code config sha256:abcd…}; not null
   * @return the config; never null
   * @throws ImageFormatException if the bytes are not JSON or a field has the wrong type
   */
  public static ImageConfig parse(byte[] json, String what) throws ImageFormatException {
    JsonObject root = Json.parseObject(json, what);
    JsonObject c = root.object("config");
    String user = null;
    List<String> env = List.of();
    List<String> ports = List.of();
    Map<String, String> labels = Map.of();
    List<String> entrypoint = List.of();
    List<String> cmd = List.of();
    String workingDir = null;
    List<String> healthcheck = List.of();
    if (c != null) {
      user = emptyToNull(c.string("User"));
      env = c.strings("Env");
      JsonObject p = c.object("ExposedPorts");
      ports = p == null ? List.of() : List.copyOf(p.keys());
      labels = c.stringMap("Labels");
      entrypoint = c.strings("Entrypoint");
      cmd = c.strings("Cmd");
      workingDir = emptyToNull(c.string("WorkingDir"));
      JsonObject h = c.object("Healthcheck");
      healthcheck = h == null ? List.of() : h.strings("Test");
    }
    List<HistoryEntry> history = new ArrayList<>();
    for (JsonObject h : root.objects("history")) {
      Boolean empty = h.bool("empty_layer");
      history.add(new HistoryEntry(instant(h, "created"), h.string("created_by"), h.string("comment"),
          empty != null && empty));
    }
    List<Digest> diffIds = new ArrayList<>();
    JsonObject rootfs = root.object("rootfs");
    if (rootfs != null) {
      List<String> ids = rootfs.strings("diff_ids");
      for (int i = 0; i < ids.size(); i++) {
        try {
          diffIds.add(Digest.parse(ids.get(i)));
        } catch (IllegalArgumentException e) {
          throw rootfs.error("field rootfs.diff_ids[" + i + "] is not a digest: " + e.getMessage());
        }
      }
    }
    return new ImageConfig(root.string("os"), root.string("architecture"), instant(root, "created"), user, env,
        ports, labels, entrypoint, cmd, workingDir, healthcheck, history, diffIds);
  }

  /** Returns the {@code variant} field, which {@link ImageConfig} does not carry, or null. */
  static String variant(byte[] json, String what) throws ImageFormatException {
    return Json.parseObject(json, what).string("variant");
  }

  private static Instant instant(JsonObject o, String key) throws ImageFormatException {
    String s = o.string(key);
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // Go's zero time and odd writers exist in the wild; a bad timestamp is not worth rejecting the image.
      return null;
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
