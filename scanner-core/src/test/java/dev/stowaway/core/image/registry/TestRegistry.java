package dev.stowaway.core.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.SSLContext;
import dev.stowaway.api.image.Digest;
import dev.stowaway.core.image.OciManifests;
import dev.stowaway.core.image.OciManifests.Descriptor;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small distribution-API registry on 127.0.0.1 serving one OCI layout directory as repository
 * {@link #REPO}, with switchable faults. A second server on another port plays blob storage for
 * redirects. Records every request.
 */
public final class TestRegistry implements AutoCloseable {

  static final String REPO = "corpus/app";
  static final String TOKEN = "t0ken-s3cret";
  /** The token the realm hands out and /v2 accepts; tests change it to expire the old one. */
  volatile String token = TOKEN;
  private static final Pattern PATH = Pattern.compile("/v2/(.+)/(manifests|blobs)/([^/]+)");

  private final Path layout;
  private final String scheme;
  /** The {@code expires_in} the token endpoint answers with. */
  volatile long expiresIn = 300;
  /** When set, the token endpoint also returns this refresh token and accepts it in an OAuth2 POST. */
  volatile String refreshToken;
  private final HttpServer server;
  private final HttpServer storage;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);

  /** Require {@code Bearer TOKEN}; the token endpoint is {@code /token} on the same server. */
  volatile boolean bearer;
  /** With {@link #bearer}: the token endpoint requires these basic credentials; otherwise /v2 requires them. */
  public volatile String basicUser;
  public volatile String basicPassword;
  /** How many /v2 requests get 429 with {@code Retry-After: 1} first. */
  final AtomicInteger tooManyRequests = new AtomicInteger();
  /** How many /v2 requests get 503 first. */
  final AtomicInteger unavailable = new AtomicInteger();
  /** How many blob responses are cut half-way. */
  final AtomicInteger cutBlobs = new AtomicInteger();
  /** Whether range requests are ignored (answered with the whole blob). */
  volatile boolean ignoreRange;
  /** Whether blob requests are redirected to the storage server. */
  volatile boolean redirectBlobs;
  /** Whether blob bytes are corrupted (one byte in the middle flipped). */
  volatile boolean corruptBlobs;
  /** Whether manifests are served as bytes that are not JSON. */
  volatile boolean garbageManifests;
  /** Whether the Docker-Content-Digest header lies. */
  volatile boolean lyingDigest;

  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final List<String> storageAuthorizations = Collections.synchronizedList(new ArrayList<>());
  final List<String> tokenRequests = Collections.synchronizedList(new ArrayList<>());

  public TestRegistry(Path layout) throws IOException {
    this(layout, null);
  }

  /**
   * Serves the layout over HTTPS with the given server context (the storage server for redirects stays
   * plain HTTP), or over HTTP when it is null.
   */
  public TestRegistry(Path layout, SSLContext tls) throws IOException {
    this.layout = layout;
    this.scheme = tls == null ? "http" : "https";
    InetAddress lo = InetAddress.getLoopbackAddress();
    if (tls == null) {
      server = HttpServer.create(new InetSocketAddress(lo, 0), 0);
    } else {
      HttpsServer https = HttpsServer.create(new InetSocketAddress(lo, 0), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    storage = HttpServer.create(new InetSocketAddress(lo, 0), 0);
    storage.createContext("/", this::handleStorage);
    storage.setExecutor(executor);
    server.start();
    storage.start();
  }

  /** {@code 127.0.0.1:PORT}. */
  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public String ref(String tagOrDigest) {
    return host() + "/" + REPO + (tagOrDigest.startsWith("sha256:") ? "@" : ":") + tagOrDigest;
  }

  long count(String prefix) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.startsWith(prefix)).count();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    storage.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String range = ex.getRequestHeaders().getFirst("Range");
      requests.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
      if (path.equals("/token")) {
        token(ex);
        return;
      }
      if (!path.startsWith("/v2/")) {
        error(ex, 404, "NOT_FOUND", "no such endpoint");
        return;
      }
      if (tooManyRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        ex.getResponseHeaders().add("Retry-After", "1");
        error(ex, 429, "TOOMANYREQUESTS", "slow down");
        return;
      }
      if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(ex, 503, "UNAVAILABLE", "try later");
        return;
      }
      if (!authorized(ex)) {
        return;
      }
      if (path.equals("/v2/")) {
        send(ex, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      Matcher m = PATH.matcher(path);
      if (!m.matches() || !m.group(1).equals(REPO)) {
        error(ex, 404, "NAME_UNKNOWN", "repository name not known to registry");
        return;
      }
      if (m.group(2).equals("manifests")) {
        manifest(ex, m.group(3));
      } else if (redirectBlobs) {
        Digest d = Digest.parse(m.group(3));
        ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + storage.getAddress().getPort()
            + "/storage/" + d.algorithm() + "/" + d.hex() + "?sig=x");
        ex.sendResponseHeaders(307, -1);
      } else {
        blob(ex, m.group(3));
      }
    } catch (RuntimeException e) {
      // A test server bug must not look like a network fault: answer 500 with the reason.
      error(ex, 500, "TEST_SERVER", String.valueOf(e));
    }
  }

  private void handleStorage(HttpExchange ex) throws IOException {
    try (ex) {
      storageAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      String[] parts = ex.getRequestURI().getPath().split("/");
      blob(ex, parts[2] + ":" + parts[3]);
    }
  }

  private boolean authorized(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (bearer) {
      if (("Bearer " + token).equals(auth)) {
        return true;
      }
      ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + scheme + "://" + host() + "/token\",service=\"test"
          + "-registry\",scope=\"repository:" + REPO + ":pull\"");
      error(ex, 401, "UNAUTHORIZED", "authentication required");
      return false;
    }
    if (basicUser != null) {
      if (basic().equals(auth)) {
        return true;
      }
      ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
      error(ex, 401, "UNAUTHORIZED", "authentication required");
      return false;
    }
    return true;
  }

  private String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((basicUser + ":" + basicPassword)
        .getBytes(StandardCharsets.UTF_8));
  }

  private void token(HttpExchange ex) throws IOException {
    if (ex.getRequestMethod().equals("POST")) {
      String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      tokenRequests.add("POST " + form);
      String expected = "refresh_token=" + java.net.URLEncoder.encode(String.valueOf(refreshToken), StandardCharsets.UTF_8);
      if (refreshToken == null || !form.contains("grant_type=refresh_token") || !form.contains(expected)) {
        error(ex, refreshToken == null ? 404 : 400, "invalid_grant", "refresh token refused");
        return;
      }
      issueToken(ex);
      return;
    }
    tokenRequests.add(ex.getRequestURI().getRawQuery());
    if (basicUser != null && !basic().equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      error(ex, 401, "UNAUTHORIZED", "bad credentials");
      return;
    }
    issueToken(ex);
  }

  private void issueToken(HttpExchange ex) throws IOException {
    send(ex, 200, "application/json", ("{\"token\":\"" + token + "\",\"expires_in\":" + expiresIn
        + (refreshToken == null ? "" : ",\"refresh_token\":\"" + refreshToken + "\"") + "}")
        .getBytes(StandardCharsets.UTF_8));
  }

  private void manifest(HttpExchange ex, String reference) throws IOException {
    JsonObject index = Json.parseObject(Files.readAllBytes(layout.resolve("index.json")), "index.json");
    Descriptor found = null;
    for (Descriptor d : OciManifests.descriptors(index, "manifests")) {
      if (reference.equals(d.refName()) || reference.equals(d.digest().toString())) {
        found = d;
      }
    }
    Path file = null;
    if (found != null) {
      file = blobFile(found.digest());
    } else if (reference.startsWith("sha256:")) {
      file = blobFile(Digest.parse(reference));
    }
    if (file == null || !Files.isRegularFile(file)) {
      error(ex, 404, "MANIFEST_UNKNOWN", "manifest unknown");
      return;
    }
    byte[] bytes = garbageManifests ? "<html>not json</html>".getBytes(StandardCharsets.UTF_8)
        : Files.readAllBytes(file);
    String mediaType = garbageManifests ? "application/vnd.oci.image.manifest.v1+json" : found != null && found.mediaType() != null ? found.mediaType()
        : Json.parseObject(bytes, "manifest").string("mediaType");
    Digest digest = lyingDigest ? Digest.sha256Of("a lie") : Digest.sha256Of(bytes);
    ex.getResponseHeaders().add("Docker-Content-Digest", digest.toString());
    send(ex, 200, mediaType, bytes);
  }

  private void blob(HttpExchange ex, String digestText) throws IOException {
    Path file = blobFile(Digest.parse(digestText));
    if (!Files.isRegularFile(file)) {
      error(ex, 404, "BLOB_UNKNOWN", "blob unknown to registry");
      return;
    }
    byte[] bytes = Files.readAllBytes(file);
    if (corruptBlobs && bytes.length > 1000) {
      bytes[bytes.length / 2] ^= 0x55;
    }
    String range = ex.getRequestHeaders().getFirst("Range");
    ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
    ex.getResponseHeaders().add("Accept-Ranges", "bytes");
    if (range != null && !ignoreRange && range.startsWith("bytes=") && range.endsWith("-")) {
      int from = Integer.parseInt(range.substring(6, range.length() - 1));
      ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(206, -1);
        return;
      }
      ex.sendResponseHeaders(206, bytes.length - from);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes, from, bytes.length - from);
      }
      return;
    }
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().add("Content-Length", String.valueOf(bytes.length));
      ex.sendResponseHeaders(200, -1);
      return;
    }
    if (cutBlobs.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ex.sendResponseHeaders(200, bytes.length);
      OutputStream out = ex.getResponseBody();
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      // Fewer bytes than announced: closing fails with "insufficient bytes written", and the exception
      // reaching the server makes it drop the connection, which is the point.
      out.close();
      throw new IOException("cut half-way");
    }
    send(ex, 200, "application/octet-stream", bytes);
  }

  private Path blobFile(Digest d) {
    return layout.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
    send(ex, status, "application/json", ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\""
        + message.replace("\"", "'") + "\"}]}").getBytes(StandardCharsets.UTF_8));
  }
}
