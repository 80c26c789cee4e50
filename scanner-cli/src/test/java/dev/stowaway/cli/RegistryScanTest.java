package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.registry.SelfSignedTls;
import dev.stowaway.core.image.registry.TestRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowaway scan} of a reference pulled from a registry on 127.0.0.1 that the test starts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryScanTest {

  @TempDir
  Path tmp;

  @Test
  void scansABareReferenceWithBasicAuthFromStdinOverPlainHttp() throws IOException {
    Path layout = tmp.resolve("layout");
    ImageWriters.writeOciLayout(ScanCommandTest.demo(dev.stowaway.core.image.Compression.GZIP), layout, "latest");
    try (TestRegistry registry = new TestRegistry(layout)) {
      registry.basicUser = "ci";
      registry.basicPassword = "pa55-" + "word";
      String ref = registry.ref("latest");

      // (That plain HTTP is never used without --insecure is tested on RegistryImageSource itself: the JDK's
      // test server never answers a TLS hello, so here it would only wait for the request timeout.)
      CliRunner ok = withStdin("pa55-word\n", () -> CliRunner.run("scan", "--skip-db", "-f", "json", "--insecure",
          "--username", "ci", "--password-stdin", ref));
      assertThat(ok.exitCode()).as(ok.err()).isZero();
      assertThat(ok.out()).contains("\"id\" : \"debian\"").contains("\"createdBy\" : \"COPY app /app\"");

      CliRunner wrong = withStdin("nope\n", () -> CliRunner.run("scan", "--skip-db", "--insecure", "--username", "ci",
          "--password-stdin", ref));
      assertThat(wrong.exitCode()).isEqualTo(2);
      assertThat(wrong.err()).startsWith("stowaway: ").doesNotContain("nope");
    }
  }

  @Test
  void anHttpsRegistryWithAPrivateCaNeedsCaCert() throws Exception {
    Path layout = tmp.resolve("layout");
    ImageWriters.writeOciLayout(ScanCommandTest.demo(dev.stowaway.core.image.Compression.GZIP), layout, "latest");
    Path keys = java.nio.file.Files.createDirectory(tmp.resolve("keys"));
    SelfSignedTls tls = SelfSignedTls.create(keys);
    try (TestRegistry registry = new TestRegistry(layout, tls.server())) {
      String ref = registry.ref("latest");
      CliRunner untrusted = CliRunner.run("scan", "--skip-db", ref);
      assertThat(untrusted.exitCode()).isEqualTo(2);
      assertThat(untrusted.err()).startsWith("stowaway: pull manifest " + ref + ": SSLHandshakeException")
          .contains("is not trusted").contains("--ca-cert FILE");

      CliRunner ok = CliRunner.run("scan", "--skip-db", "-f", "json", "--ca-cert", tls.caPem().toString(), ref);
      assertThat(ok.exitCode()).as(ok.err()).isZero();
      assertThat(ok.out()).contains("\"id\" : \"debian\"");

      CliRunner missing = CliRunner.run("scan", "--skip-db", "--ca-cert", keys.resolve("nope.pem").toString(), ref);
      assertThat(missing.exitCode()).isEqualTo(2);
      assertThat(missing.err()).isEqualTo("stowaway: " + keys.resolve("nope.pem") + ": no such file or directory\n");
    }
  }

  static CliRunner withStdin(String input, java.util.function.Supplier<CliRunner> run) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      return run.get();
    } finally {
      System.setIn(saved);
    }
  }
}
