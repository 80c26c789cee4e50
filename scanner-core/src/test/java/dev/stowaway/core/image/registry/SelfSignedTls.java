package dev.stowaway.core.image.registry;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Test-only: a key pair and self-signed certificate for IP 127.0.0.1, made by the JDK's keytool at
 * test time (no key is checked in), for an HTTPS {@link TestRegistry}.
 *
 * @param caPem the certificate as a PEM file, what a user passes to {@code --ca-cert}
 * @param server a server TLS context presenting the certificate
 */
public record SelfSignedTls(Path caPem, SSLContext server) {

  private static final String STORE_PASSWORD = "test-store-pass";

  /**
   * Generates the key, certificate and PEM file in {@code dir}.
   *
   * @param dir an existing, writable directory
   * @return the PEM file and server context
   * @throws Exception if keytool fails
   */
  public static SelfSignedTls create(Path dir) throws Exception {
    Path keystore = dir.resolve("registry.p12");
    Path pem = dir.resolve("ca.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(keytool, "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD);
    run(keytool, "-exportcert", "-rfc", "-alias", "registry", "-keystore", keystore.toString(),
        "-storepass", STORE_PASSWORD, "-file", pem.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, STORE_PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, STORE_PASSWORD.toCharArray());
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    return new SelfSignedTls(pem, server);
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("keytool failed: " + out);
    }
  }
}
