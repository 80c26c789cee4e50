package dev.stowaway.api.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of an image configuration that scanning uses.
 *
 * <p>Immutable and safe to share between threads: the constructor copies every collection. Fields that
 * the config leaves out are null (scalars) or empty (collections), never absent keys in a map.
 *
 * @param os the {@code os} field, or null
 * @param architecture the {@code architecture} field, or null
 * @param created the {@code created} time, or null
 * @param user the {@code config.User}, or null when unset (which means root)
 * @param env the {@code config.Env} entries as {@code NAME=value}
 * @param exposedPorts the keys of {@code config.ExposedPorts}, such as {@code 22/tcp}, sorted
 * @param labels the {@code config.Labels}
 * @param entrypoint the {@code config.Entrypoint}, empty when unset
 * @param cmd the {@code config.Cmd}, empty when unset
 * @param workingDir the {@code config.WorkingDir}, or null
 * @param healthcheck the {@code config.Healthcheck.Test}, empty when unset
 * @param history the {@code history} entries in order, including empty-layer ones
 * @param diffIds the {@code rootfs.diff_ids}, base layer first
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/config.md">OCI image configuration</a>
 */
public record ImageConfig(
    String os,
    String architecture,
    Instant created,
    String user,
    List<String> env,
    List<String> exposedPorts,
    Map<String, String> labels,
    List<String> entrypoint,
    List<String> cmd,
    String workingDir,
    List<String> healthcheck,
    List<HistoryEntry> history,
    List<Digest> diffIds) {

  /** Copies every collection so the record stays immutable. */
  public ImageConfig {
    env = List.copyOf(env);
    exposedPorts = exposedPorts.stream().sorted().toList();
    labels = Map.copyOf(labels);
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    healthcheck = List.copyOf(healthcheck);
    history = List.copyOf(history);
    diffIds = List.copyOf(diffIds);
  }

  /**
   * Returns the history entries that produced layers, i.e. {@link #history()} without the
   * {@code empty_layer} ones, so that index {@code i} belongs to layer {@code i}. When the config's
   * history does not line up with the layers (fewer non-empty entries than layers) the missing tail
   * is left out; callers must not assume the size equals the layer count.
   *
   * @return the per-layer history entries, base first
   */
  public List<HistoryEntry> layerHistory() {
    List<HistoryEntry> out = new ArrayList<>();
    for (HistoryEntry h : history) {
      if (!h.emptyLayer()) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * Returns the value of an environment variable from {@link #env()}.
   *
   * @param name the variable name; not null
   * @return its value, or null when the config does not set it
   */
  public String envValue(String name) {
    Objects.requireNonNull(name, "name");
    String prefix = name + "=";
    for (String e : env) {
      if (e.startsWith(prefix)) {
        return e.substring(prefix.length());
      }
    }
    return null;
  }
}
