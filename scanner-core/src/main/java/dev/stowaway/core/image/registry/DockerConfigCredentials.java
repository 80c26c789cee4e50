package dev.stowaway.core.image.registry;

import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Finds a registry's credentials in Docker's {@code config.json}: a per-registry
 * {@code credHelpers} entry, then {@code auths} (base64 {@code user:password} in {@code auth}, or
 * {@code username}/{@code password}), then the default {@code credsStore}. Helpers run as
 * {@code docker-credential-NAME get} with the server URL on stdin, bounded in time and output.
 * Nothing found is not an error: the registry is then spoken to anonymously.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/login/#credential-stores">Docker credential stores</a>
 * @see <a href="https://github.com/docker/docker-credential-helpers">credential helper protocol</a>
 */
final class DockerConfigCredentials {

  private static final long MAX_CONFIG_BYTES = 1 << 20;
  private static final int MAX_HELPER_OUTPUT = 64 * 1024;
  /** The key Docker stores Docker Hub credentials under. */
  static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  private final Path config;
  private final Function<String, Optional<Path>> helperLookup;
  private final Duration helperTimeout;

  DockerConfigCredentials(Path config, Function<String, Optional<Path>> helperLookup, Duration helperTimeout) {
    this.config = config;
    this.helperLookup = helperLookup;
    this.helperTimeout = helperTimeout;
  }

  /**
   * Returns the stored credentials for a registry (as in an image reference, {@code docker.io}
   * for Docker Hub), or empty.
   *
   * @throws IOException if the config is unreadable or malformed, or a helper fails
   */
  Optional<RegistryCredentials> lookup(String registry) throws IOException {
    if (config == null || !Files.isRegularFile(config)) {
      return Optional.empty();
    }
    if (Files.size(config) > MAX_CONFIG_BYTES) {
      throw new ImageFormatException(config + ": larger than " + MAX_CONFIG_BYTES + " bytes");
    }
    JsonObject root = Json.parseObject(Files.readAllBytes(config), config.toString());
    boolean hub = registry.equals("docker.io");
    String serverUrl = hub ? DOCKER_HUB_KEY : registry;
    Map<String, String> helpers = root.stringMap("credHelpers");
    for (Map.Entry<String, String> e : helpers.entrySet()) {
      if (matches(e.getKey(), registry, hub)) {
        return runHelper(e.getValue(), serverUrl);
      }
    }
    JsonObject auths = root.object("auths");
    if (auths != null) {
      for (String key : auths.keys()) {
        if (!matches(key, registry, hub)) {
          continue;
        }
        JsonObject entry = auths.object(key);
        if (entry == null) {
          continue;
        }
        String auth = entry.string("auth");
        if (auth != null && !auth.isEmpty()) {
          return Optional.of(decodeAuth(auth, key));
        }
        String user = entry.string("username");
        String password = entry.string("password");
        if (user != null && password != null) {
          return Optional.of(RegistryCredentials.of(user, password));
        }
      }
    }
    String store = root.string("credsStore");
    if (store != null && !store.isEmpty()) {
      return runHelper(store, serverUrl);
    }
    return Optional.empty();
  }

  private RegistryCredentials decodeAuth(String auth, String key) throws ImageFormatException {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // The value itself is secret: the message names only the entry.
      throw new ImageFormatException(config + ": auths." + key + ".auth is not base64");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new ImageFormatException(config + ": auths." + key + ".auth is not base64 of user:password");
    }
    return RegistryCredentials.of(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  /** Compares a config key (a host, or a URL like {@code https://host/v1/}) with a registry host. */
  static boolean matches(String key, String registry, boolean hub) {
    String host = key;
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    if (hub) {
      return host.equals("docker.io") || host.equals("index.docker.io") || host.equals("registry-1.docker.io");
    }
    return host.equalsIgnoreCase(registry);
  }

  private Optional<RegistryCredentials> runHelper(String name, String serverUrl) throws IOException {
    String exe = "docker-credential-" + name;
    Optional<Path> path = helperLookup.apply(exe);
    if (path.isEmpty()) {
      // Docker configs are often copied between machines; a helper that is not installed here
      // means no stored credentials, and public images still pull anonymously.
      return Optional.empty();
    }
    Process p = new ProcessBuilder(path.get().toString(), "get").redirectErrorStream(false).start();
    try {
      try (OutputStream in = p.getOutputStream()) {
        in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
      }
      p.getErrorStream().close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> copyBounded(p.getInputStream(), out), exe + "-output");
      reader.setDaemon(true);
      reader.start();
      if (!p.waitFor(helperTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException(exe + " get: no answer within " + helperTimeout.toSeconds() + " s");
      }
      reader.join(helperTimeout.toMillis());
      byte[] bytes;
      synchronized (out) {
        bytes = out.toByteArray();
      }
      String text = new String(bytes, StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        if (text.contains("credentials not found")) {
          return Optional.empty();
        }
        // The helper's output is not echoed: it could hold a secret.
        throw new IOException(exe + " get " + serverUrl + ": exit code " + p.exitValue());
      }
      JsonObject answer = Json.parseObject(bytes, exe + " output");
      String user = answer.string("Username");
      String secret = answer.string("Secret");
      if (user == null || secret == null || user.equals("<token>")) {
        // An identity token needs an OAuth refresh-token exchange, which is not supported: go anonymous.
        return Optional.empty();
      }
      return Optional.of(RegistryCredentials.of(user, secret));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(exe + " get: interrupted", e);
    } finally {
      p.destroyForcibly();
    }
  }

  private static void copyBounded(InputStream in, ByteArrayOutputStream out) {
    byte[] buf = new byte[4096];
    try (in) {
      int n;
      int total = 0;
      while ((n = in.read(buf)) > 0) {
        if (total + n > MAX_HELPER_OUTPUT) {
          return;
        }
        synchronized (out) {
          out.write(buf, 0, n);
        }
        total += n;
      }
    } catch (IOException e) {
      // The process ended or was killed; what was read is parsed.
    }
  }
}
