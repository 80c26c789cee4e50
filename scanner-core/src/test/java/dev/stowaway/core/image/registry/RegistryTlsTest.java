package dev.stowaway.core.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.LayerStreams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPS registry on 127.0.0.1 whose certificate is self-signed, made by keytool for this test run
 * (no key is checked in): untrusted by default with a clear error naming the registry, trusted with
 * {@link RegistryOptions.Builder#trustedCertificates} or an own {@link SSLContext}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryTlsTest {

  @TempDir static Path keys;
  @TempDir Path tmp;
  private static SelfSignedTls tls;
  private static Path caPem;
  private TestRegistry registry;

  @BeforeAll
  static void makeCertificate() throws Exception {
    tls = SelfSignedTls.create(keys);
    caPem = tls.caPem();
  }

  @BeforeEach
  void start() throws Exception {
    Path layout = tmp.resolve("layout");
    ImageWriters.writeOciLayout(RegistryImageSourceTest.image(dev.stowaway.api.image.Platform.LINUX_AMD64), layout,
        "v1");
    registry = new TestRegistry(layout, tls.server());
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private static RegistryOptions.Builder options() {
    return RegistryOptions.builder().dockerConfig(null).retries(2, Duration.ofMillis(10), Duration.ofSeconds(1))
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  private static void pullAll(RegistryOptions o, String ref) throws IOException {
    try (Image img = new RegistryImageSource(o).open(ref, SourceOptions.defaults())) {
      for (Layer l : img.layers()) {
        try (InputStream in = LayerStreams.openVerifiedTar(l, l.toString())) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
      assertThat(img.layers()).hasSize(2);
    }
  }

  @Test
  void aSelfSignedRegistryIsRefusedWithAClearErrorNamingIt() {
    assertThatThrownBy(() -> pullAll(options().credentials(RegistryCredentials.of("alice", "pa55word")).build(),
        registry.ref("v1")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("pull manifest " + registry.ref("v1") + ": SSLHandshakeException")
        .hasMessageEndingWith("(TLS failed: the certificate of " + registry.host() + " is not trusted; if it is signed"
            + " by your own CA, pass that CA with --ca-cert FILE or STOWAWAY_REGISTRY_CA_CERT)")
        .hasMessageNotContaining("pa55word");
    // A TLS failure is not retried.
    assertThat(registry.requests).isEmpty();
  }

  @Test
  void trustingTheCaFromItsPemFileMakesThePullWork() throws IOException {
    List<X509Certificate> cas = RegistryOptions.readPemCertificates(caPem);
    assertThat(cas).hasSize(1);
    assertThat(cas.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
    pullAll(options().trustedCertificates(cas).build(), registry.ref("v1"));
    assertThat(registry.requests).contains("GET /v2/corpus/app/manifests/v1");
  }

  @Test
  void bearerTokensAreFetchedOverHttpsToo() throws IOException {
    registry.bearer = true;
    registry.basicUser = "alice";
    registry.basicPassword = "pa55word";
    pullAll(options().trustedCertificates(RegistryOptions.readPemCertificates(caPem))
        .credentials(RegistryCredentials.of("alice", "pa55word")).build(), registry.ref("v1"));
    assertThat(registry.tokenRequests).hasSize(1);
  }

  @Test
  void anEmbedderCanGiveItsOwnSslContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", RegistryOptions.readPemCertificates(caPem).get(0));
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    pullAll(options().sslContext(ctx).build(), registry.ref("v1"));
  }

  @Test
  void pemFilesWithoutCertificatesAreClearErrors() throws IOException {
    Path empty = Files.writeString(tmp.resolve("empty.pem"), "no certificate here\n");
    assertThatThrownBy(() -> RegistryOptions.readPemCertificates(empty)).isInstanceOf(IOException.class)
        .hasMessage(empty + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in the file");
    Path bad = Files.writeString(tmp.resolve("bad.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> RegistryOptions.readPemCertificates(bad)).isInstanceOf(IOException.class)
        .hasMessageStartingWith(bad + ": malformed certificate: ");
    // Two certificates in one file (a bundle) are both read.
    String one = Files.readString(caPem);
    Path bundle = Files.writeString(tmp.resolve("bundle.pem"), "comment\n" + one + one);
    assertThat(RegistryOptions.readPemCertificates(bundle)).hasSize(2);
  }
}
