package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowaway db update --mirror} against a local server on 127.0.0.1 serving OSV-format zips. */
class DbUpdateCliTest {
  @TempDir Path tmp;
  private HttpServer server;
  private final AtomicReference<byte[]> npmZip = new AtomicReference<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/osv/npm/all.zip", ex -> {
      try (ex) {
        byte[] body = npmZip.get();
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static byte[] zip(int records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (int i = 0; i < records; i++) {
        z.putNextEntry(new ZipEntry("GHSA-" + i + ".json"));
        z.write(("{\"id\":\"GHSA-" + i + "\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":"
            + "{\"ecosystem\":\"npm\",\"name\":\"left-pad\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":"
            + "[{\"introduced\":\"0\"},{\"fixed\":\"1.3." + i + "\"}]}]}]}").getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @Test
  void updatesFromAMirrorAndRefusesACorruptZipKeepingTheOldDatabase() throws IOException {
    String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/osv/";
    String cache = tmp.resolve("cache").toString();
    npmZip.set(zip(3));
    CliRunner ok = CliRunner.run("db", "update", "--mirror", mirror, "--ecosystems", "npm", "--cache-dir", cache);
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).contains(mirror + "npm/all.zip: 3 records");

    byte[] good = zip(5);
    npmZip.set(Arrays.copyOf(good, good.length - 40));
    CliRunner bad = CliRunner.run("db", "update", "--mirror", mirror, "--ecosystems", "npm", "--cache-dir", cache,
        "--stall-timeout", "5");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).startsWith("stowaway: ").contains("corrupt or truncated zip");
    CliRunner status = CliRunner.run("db", "status", "--cache-dir", cache);
    assertThat(status.out()).contains("npm").contains("3 records");
    assertThat(CliRunner.run("db", "update", "--stall-timeout", "0", "--cache-dir", cache).exitCode()).isEqualTo(2);
  }
}
