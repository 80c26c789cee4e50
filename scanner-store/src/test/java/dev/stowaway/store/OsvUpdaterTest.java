package dev.stowaway.store;

import static dev.stowaway.store.OsvTestRecords.record;
import static dev.stowaway.store.OsvTestRecords.utf8;
import static dev.stowaway.store.OsvTestRecords.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.api.vuln.AdvisorySource.EcosystemData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db update} against a local HTTP server on 127.0.0.1 serving zips built here. */
class OsvUpdaterTest {
  @TempDir Path tmp;

  private HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  /** Per path: how many leading requests answer 500. */
  private final Map<String, AtomicInteger> failFirst = new ConcurrentHashMap<>();
  /** Per path: how many leading full responses are cut after half the body. */
  private final Map<String, AtomicInteger> cutFirst = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  /** Per path: how many leading full responses send half the body and then nothing, connection open. */
  private final Map<String, AtomicInteger> stallFirst = new ConcurrentHashMap<>();
  private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    // a stalled exchange holds its thread: serve the retry on another one
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "osv-test-server");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  @AfterEach
  void stop() {
    released.countDown();
    server.stop(0);
  }

  private void serve(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    String range = ex.getRequestHeaders().getFirst("Range");
    requests.add(path + (range == null ? "" : " " + range));
    byte[] body = files.get(path);
    try (ex) {
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      AtomicInteger fails = failFirst.get(path);
      if (fails != null && fails.getAndDecrement() > 0) {
        ex.sendResponseHeaders(500, -1);
        return;
      }
      ex.getResponseHeaders().add("ETag", "\"v1\"");
      boolean stall = stallFirst.containsKey(path) && stallFirst.get(path).getAndDecrement() > 0;
      if (range != null && range.startsWith("bytes=")) {
        int from = Integer.parseInt(range.substring(6, range.length() - 1));
        ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        ex.sendResponseHeaders(206, body.length - from);
        if (stall) {
          stall(ex.getResponseBody(), body, from, (body.length - from) / 2);
          return;
        }
        ex.getResponseBody().write(body, from, body.length - from);
        return;
      }
      if (stall) {
        ex.sendResponseHeaders(200, body.length);
        stall(ex.getResponseBody(), body, 0, body.length / 2);
        return;
      }
      AtomicInteger cuts = cutFirst.get(path);
      ex.sendResponseHeaders(200, body.length);
      OutputStream out = ex.getResponseBody();
      if (cuts != null && cuts.getAndDecrement() > 0) {
        out.write(body, 0, body.length / 2);
        out.flush();
        // closing with bytes missing makes the server drop the connection mid-body
        return;
      }
      out.write(body);
    }
  }

  /** Sends part of the body, then nothing with the connection open until the test ends. */
  private void stall(OutputStream out, byte[] body, int from, int length) throws IOException {
    out.write(body, from, length);
    out.flush();
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/osv/");
  }

  private OsvDownloader downloader() {
    return new OsvDownloader().withBaseUrl(base()).withRetries(4, Duration.ofMillis(10));
  }

  private static byte[] ecosystemZip(String eco, String name, int count, String modified) throws IOException {
    Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      // padded details make the zip big enough that half of it is a real cut
      String rec = record(eco + "-" + i, modified, eco, name, "1." + i)
          .replace("\"summary\"", "\"details\":\"" + "x".repeat(2000 + i) + "\",\"summary\"");
      entries.put(eco + "-" + i + ".json", utf8(rec));
    }
    return zip(entries);
  }

  @Test
  void downloadsImportsAndRecordsTheSource() throws IOException {
    files.put("/osv/npm/all.zip", ecosystemZip("npm", "left-pad", 20, "2024-01-01T00:00:00Z"));
    files.put("/osv/Rocky%20Linux/all.zip", ecosystemZip("Rocky Linux:9", "kernel", 3, "2024-01-01T00:00:00Z"));
    Path cache = tmp.resolve("cache");
    List<long[]> progress = new CopyOnWriteArrayList<>();
    UpdateReport report = new OsvUpdater(cache, downloader().withProgress((e, b, t) -> progress.add(new long[] {b, t})))
        .update(List.of("npm", "Rocky Linux"));
    assertThat(report.imports()).extracting(ImportReport::imported).containsExactly(20L, 3L);
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(progress.get(progress.size() - 1)[1]);
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(cache)) {
      assertThat(store.find("npm", "left-pad")).hasSize(20);
      assertThat(store.find("Rocky Linux:9", "kernel")).hasSize(3);
      assertThat(store.status()).extracting(EcosystemData::ecosystem, EcosystemData::source).containsExactly(
          org.assertj.core.groups.Tuple.tuple("Rocky Linux", base() + "Rocky%20Linux/all.zip"),
          org.assertj.core.groups.Tuple.tuple("npm", base() + "npm/all.zip"));
    }
    try (var s = Files.list(cache)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("advisories.db", "downloads");
    }
    try (var s = Files.list(cache.resolve("downloads"))) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void retriesAfterServerErrors() throws IOException {
    files.put("/osv/npm/all.zip", ecosystemZip("npm", "left-pad", 5, "2024-01-01T00:00:00Z"));
    failFirst.put("/osv/npm/all.zip", new AtomicInteger(2));
    new OsvUpdater(tmp, downloader()).update(List.of("npm"));
    assertThat(requests).containsExactly("/osv/npm/all.zip", "/osv/npm/all.zip", "/osv/npm/all.zip");
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(tmp)) {
      assertThat(store.find("npm", "left-pad")).hasSize(5);
    }
  }

  @Test
  void resumesACutDownloadWithARangeRequest() throws IOException {
    byte[] zip = ecosystemZip("npm", "left-pad", 40, "2024-01-01T00:00:00Z");
    files.put("/osv/npm/all.zip", zip);
    cutFirst.put("/osv/npm/all.zip", new AtomicInteger(1));
    new OsvUpdater(tmp, downloader()).update(List.of("npm"));
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0)).isEqualTo("/osv/npm/all.zip");
    assertThat(requests.get(1)).startsWith("/osv/npm/all.zip bytes=").isNotEqualTo("/osv/npm/all.zip bytes=0-");
    long resumedAt = Long.parseLong(requests.get(1).replaceAll(".*bytes=(\\d+)-", "$1"));
    assertThat(resumedAt).isPositive().isLessThan(zip.length);
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(tmp)) {
      assertThat(store.find("npm", "left-pad")).hasSize(40);
    }
  }

  @Test
  void abandonsAStalledDownloadAndResumesIt() throws IOException {
    byte[] zip = ecosystemZip("npm", "left-pad", 40, "2024-01-01T00:00:00Z");
    files.put("/osv/npm/all.zip", zip);
    stallFirst.put("/osv/npm/all.zip", new AtomicInteger(1));
    long start = System.nanoTime();
    new OsvUpdater(tmp, downloader().withStallTimeout(Duration.ofMillis(500))).update(List.of("npm"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1)).startsWith("/osv/npm/all.zip bytes=");
    long resumedAt = Long.parseLong(requests.get(1).replaceAll(".*bytes=(\\d+)-", "$1"));
    assertThat(resumedAt).isPositive().isLessThan(zip.length);
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(tmp)) {
      assertThat(store.find("npm", "left-pad")).hasSize(40);
    }
  }

  @Test
  void aServerThatStaysSilentFailsWithAClearMessage() {
    files.put("/osv/npm/all.zip", new byte[100_000]);
    stallFirst.put("/osv/npm/all.zip", new AtomicInteger(100));
    assertThatThrownBy(() -> new OsvUpdater(tmp, downloader().withRetries(2, Duration.ofMillis(10))
        .withStallTimeout(Duration.ofMillis(300))).update(List.of("npm")))
        .isInstanceOf(IOException.class).hasMessageContaining("failed after 2 attempts")
        .hasMessageContaining("stalled: no data for 0.3 s");
    assertThat(tmp.resolve("advisories.db")).doesNotExist();
  }

  @Test
  void resumesAPartialFileLeftByAKilledRun() throws IOException {
    byte[] zip = ecosystemZip("npm", "left-pad", 10, "2024-01-01T00:00:00Z");
    files.put("/osv/npm/all.zip", zip);
    Path downloads = Files.createDirectories(tmp.resolve("downloads"));
    Files.write(downloads.resolve("npm.zip.part"), Arrays.copyOf(zip, 1000));
    Files.writeString(downloads.resolve("npm.zip.etag"), "\"v1\"");
    Files.writeString(tmp.resolve("advisories.db.new"), "half-written database of a killed run");
    new OsvUpdater(tmp, downloader()).update(List.of("npm"));
    assertThat(requests).containsExactly("/osv/npm/all.zip bytes=1000-");
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(tmp)) {
      assertThat(store.find("npm", "left-pad")).hasSize(10);
    }
    assertThat(tmp.resolve("advisories.db.new")).doesNotExist();
  }

  @Test
  void failedUpdatesLeaveThePreviousDatabaseIntact() throws IOException {
    files.put("/osv/npm/all.zip", ecosystemZip("npm", "left-pad", 3, "2024-01-01T00:00:00Z"));
    files.put("/osv/Maven/all.zip", ecosystemZip("Maven", "g:a", 2, "2024-01-01T00:00:00Z"));
    new OsvUpdater(tmp, downloader()).update(List.of("npm", "Maven"));
    byte[] before = Files.readAllBytes(tmp.resolve("advisories.db"));

    // 1. the server keeps failing
    failFirst.put("/osv/npm/all.zip", new AtomicInteger(100));
    assertThatThrownBy(() -> new OsvUpdater(tmp, downloader()).update(List.of("npm")))
        .isInstanceOf(IOException.class).hasMessageContaining("failed after 4 attempts").hasMessageContaining("HTTP 500");
    // 2. a corrupt zip (served whole, but truncated at the source): refused with a clear message
    failFirst.clear();
    byte[] good = ecosystemZip("npm", "left-pad", 7, "2025-01-01T00:00:00Z");
    files.put("/osv/npm/all.zip", Arrays.copyOf(good, good.length - 30));
    assertThatThrownBy(() -> new OsvUpdater(tmp, downloader()).update(List.of("Maven", "npm")))
        .isInstanceOf(IOException.class).hasMessageContaining("corrupt or truncated zip");
    // 3. an unknown ecosystem is not retried
    requests.clear();
    assertThatThrownBy(() -> new OsvUpdater(tmp, downloader()).update(List.of("Nope")))
        .isInstanceOf(IOException.class).hasMessageContaining("HTTP 404").hasMessageContaining("'Nope'");
    assertThat(requests).hasSize(1);

    assertThat(Files.readAllBytes(tmp.resolve("advisories.db"))).isEqualTo(before);
    assertThat(tmp.resolve("advisories.db.new")).doesNotExist();
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(tmp)) {
      assertThat(store.find("npm", "left-pad")).extracting(Advisory::id).containsExactly("npm-0", "npm-1", "npm-2");
      assertThat(store.find("Maven", "g:a")).hasSize(2);
    }

    // and a later good update replaces only that ecosystem
    files.put("/osv/npm/all.zip", good);
    new OsvUpdater(tmp, downloader()).update(List.of("npm"));
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(tmp)) {
      assertThat(store.find("npm", "left-pad")).hasSize(7);
      assertThat(store.find("Maven", "g:a")).hasSize(2);
    }
  }

  @Test
  void updateRebuildsADatabaseOfAnotherSchema() throws Exception {
    SqliteAdvisoryStore.open(tmp).close();
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("advisories.db"));
         var st = c.createStatement()) {
      st.executeUpdate("UPDATE meta SET value = '0' WHERE key = 'schema_version'");
    }
    files.put("/osv/npm/all.zip", ecosystemZip("npm", "left-pad", 2, "2024-01-01T00:00:00Z"));
    new OsvUpdater(tmp, downloader()).update(List.of("npm"));
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(tmp)) {
      assertThat(store.recordCount()).isEqualTo(2);
    }
  }

  @Test
  void urlsAreEncodedUnderTheBase() {
    OsvDownloader d = new OsvDownloader();
    assertThat(d.urlFor("Debian")).hasToString("https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip");
    assertThat(d.withBaseUrl(URI.create("http://m.example/x")).urlFor("Red Hat"))
        .hasToString("http://m.example/x/Red%20Hat/all.zip");
  }
}
