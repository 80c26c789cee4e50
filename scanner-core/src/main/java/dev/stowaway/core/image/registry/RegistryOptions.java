package dev.stowaway.core.image.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How {@link RegistryImageSource} talks to registries: explicit credentials, whether plain HTTP is
 * allowed, where Docker's {@code config.json} is, how credential helpers are found, timeouts,
 * retries, the number of concurrent requests per registry, and which CAs HTTPS registries are trusted by
 * (the JDK's default, plus private CAs with {@link Builder#trustedCertificates}, or an own
 * {@link SSLContext}).
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}. {@link #toString()} never shows a password.
 */
public final class RegistryOptions {

  private final RegistryCredentials credentials;
  private final boolean insecure;
  private final Path dockerConfig;
  private final Function<String, Optional<Path>> credentialHelperLookup;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration credentialHelperTimeout;
  private final int maxAttempts;
  private final Duration retryBaseDelay;
  private final Duration maxRetryDelay;
  private final int maxConcurrentRequests;
  private final SSLContext sslContext;

  private RegistryOptions(Builder b) {
    this.credentials = b.credentials;
    this.insecure = b.insecure;
    this.dockerConfig = b.dockerConfig;
    this.credentialHelperLookup = b.credentialHelperLookup;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.credentialHelperTimeout = b.credentialHelperTimeout;
    this.maxAttempts = b.maxAttempts;
    this.retryBaseDelay = b.retryBaseDelay;
    this.maxRetryDelay = b.maxRetryDelay;
    this.maxConcurrentRequests = b.maxConcurrentRequests;
    this.sslContext = b.sslContext;
  }

  /**
   * Returns the defaults: no explicit credentials, HTTPS only, Docker's config from
   * {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}, helpers found on {@code PATH}.
   *
   * @return default options
   */
  public static RegistryOptions defaults() {
    return builder().build();
  }

  /**
   * Returns a builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return explicit credentials used for every registry, or null (then Docker's config is consulted) */
  public RegistryCredentials credentials() {
    return credentials;
  }

  /** @return whether registries are spoken to over plain HTTP instead of HTTPS */
  public boolean insecure() {
    return insecure;
  }

  /** @return Docker's {@code config.json}, or null to read none */
  public Path dockerConfig() {
    return dockerConfig;
  }

  /** @return maps a helper name such as {@code docker-credential-pass} to its executable */
  public Function<String, Optional<Path>> credentialHelperLookup() {
    return credentialHelperLookup;
  }

  /** @return the TCP connect timeout */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** @return the timeout until a response's headers arrive, and between reads of a body */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** @return the longest a credential helper may run */
  public Duration credentialHelperTimeout() {
    return credentialHelperTimeout;
  }

  /** @return how often a request is tried at most (429, 5xx, broken connections) */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** @return the first backoff delay; it doubles with every retry */
  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  /** @return the longest single wait, also for a server's {@code Retry-After} */
  public Duration maxRetryDelay() {
    return maxRetryDelay;
  }

  /** @return how many requests (and open blob streams) may run at once against one registry */
  public int maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  /** @return the TLS context for HTTPS registries (and token servers), or null for the JDK's default trust */
  public SSLContext sslContext() {
    return sslContext;
  }

  /**
   * Reads every certificate of a PEM file ({@code -----BEGIN CERTIFICATE-----} blocks; other blocks and
   * text around them are ignored), as given to {@code --ca-cert}.
   *
   * @param file the PEM file; not null
   * @return the certificates, in file order; never empty
   * @throws IOException if the file cannot be read, holds no certificate, or a certificate is malformed
   *     (the message names the file)
   */
  public static List<X509Certificate> readPemCertificates(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    List<X509Certificate> out = new ArrayList<>();
    Matcher m = PEM_CERTIFICATE.matcher(text);
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509");
      while (m.find()) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new IOException(file + ": malformed certificate: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IOException(file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in the file");
    }
    return out;
  }

  private static final Pattern PEM_CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");

  @Override
  public String toString() {
    return "RegistryOptions[credentials=" + credentials + ", insecure=" + insecure + ", dockerConfig=" + dockerConfig
        + ", maxAttempts=" + maxAttempts + ", maxConcurrentRequests=" + maxConcurrentRequests + "]";
  }

  /** Builds {@link RegistryOptions}; not thread-safe. */
  public static final class Builder {
    private RegistryCredentials credentials;
    private boolean insecure;
    private Path dockerConfig = defaultDockerConfig();
    private Function<String, Optional<Path>> credentialHelperLookup = Builder::findOnPath;
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration credentialHelperTimeout = Duration.ofSeconds(15);
    private int maxAttempts = 5;
    private Duration retryBaseDelay = Duration.ofMillis(500);
    private Duration maxRetryDelay = Duration.ofSeconds(30);
    private int maxConcurrentRequests = 4;
    private SSLContext sslContext;

    private Builder() {}

    /**
     * Sets the TLS context used for HTTPS registries and token servers, as is (it replaces
     * {@link #trustedCertificates}).
     *
     * @param context the context, or null for the JDK's default
     * @return this builder
     */
    public Builder sslContext(SSLContext context) {
      this.sslContext = context;
      return this;
    }

    /**
     * Trusts these CA certificates in addition to the JDK's default trust store: for registries whose
     * certificates a private CA signed. Builds a TLS context now.
     *
     * @param certificates the CA certificates (see {@link #readPemCertificates}); not null, not empty
     * @return this builder
     * @throws IllegalArgumentException if the list is empty
     * @throws IllegalStateException if the JDK cannot build a trust store (it always can)
     */
    public Builder trustedCertificates(List<X509Certificate> certificates) {
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no CA certificates given");
      }
      try {
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (javax.net.ssl.TrustManager tm : defaults.getTrustManagers()) {
          if (tm instanceof X509TrustManager x) {
            for (X509Certificate c : x.getAcceptedIssuers()) {
              store.setCertificateEntry("default-" + n++, c);
            }
          }
        }
        for (X509Certificate c : certificates) {
          store.setCertificateEntry("custom-" + n++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        this.sslContext = ctx;
      } catch (java.security.GeneralSecurityException | IOException e) {
        throw new IllegalStateException("cannot build a trust store: " + e.getMessage(), e);
      }
      return this;
    }

    /**
     * Sets explicit credentials, used for every registry instead of Docker's config.
     *
     * @param c the credentials, or null for none
     * @return this builder
     */
    public Builder credentials(RegistryCredentials c) {
      this.credentials = c;
      return this;
    }

    /**
     * Allows plain HTTP: registries are then spoken to over {@code http://} (also loopback ones).
     *
     * @param insecure true to use plain HTTP
     * @return this builder
     */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /**
     * Sets Docker's {@code config.json} (a missing file means no stored credentials).
     *
     * @param file the file, or null to read none
     * @return this builder
     */
    public Builder dockerConfig(Path file) {
      this.dockerConfig = file;
      return this;
    }

    /**
     * Sets how a credential helper's executable is found from its name ({@code docker-credential-NAME}).
     *
     * @param lookup the lookup; not null
     * @return this builder
     */
    public Builder credentialHelperLookup(Function<String, Optional<Path>> lookup) {
      this.credentialHelperLookup = Objects.requireNonNull(lookup, "lookup");
      return this;
    }

    /**
     * Sets the connect and request timeouts.
     *
     * @param connect the connect timeout; positive
     * @param request the response and read timeout; positive
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration request) {
      this.connectTimeout = positive(connect, "connect timeout");
      this.requestTimeout = positive(request, "request timeout");
      return this;
    }

    /**
     * Sets the longest a credential helper may run.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder credentialHelperTimeout(Duration timeout) {
      this.credentialHelperTimeout = positive(timeout, "credential helper timeout");
      return this;
    }

    /**
     * Sets the retry policy.
     *
     * @param maxAttempts how often a request is tried at most; at least 1
     * @param baseDelay the first backoff delay; not negative
     * @param maxDelay the longest single wait (caps {@code Retry-After}); not negative
     * @return this builder
     */
    public Builder retries(int maxAttempts, Duration baseDelay, Duration maxDelay) {
      if (maxAttempts < 1 || baseDelay.isNegative() || maxDelay.isNegative()) {
        throw new IllegalArgumentException("invalid retry policy");
      }
      this.maxAttempts = maxAttempts;
      this.retryBaseDelay = baseDelay;
      this.maxRetryDelay = maxDelay;
      return this;
    }

    /**
     * Sets how many requests may run at once against one registry.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder maxConcurrentRequests(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests must be at least 1");
      }
      this.maxConcurrentRequests = n;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public RegistryOptions build() {
      return new RegistryOptions(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }

    private static Path defaultDockerConfig() {
      String dir = System.getenv("DOCKER_CONFIG");
      if (dir != null && !dir.isEmpty()) {
        return Path.of(dir, "config.json");
      }
      String home = System.getProperty("user.home");
      return home == null ? null : Path.of(home, ".docker", "config.json");
    }

    private static Optional<Path> findOnPath(String name) {
      String path = System.getenv("PATH");
      if (path == null || name.contains("/") || name.contains("\\")) {
        return Optional.empty();
      }
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        try {
          Path p = Path.of(dir, name);
          if (Files.isRegularFile(p) && Files.isExecutable(p)) {
            return Optional.of(p);
          }
        } catch (RuntimeException e) {
          // An unusable PATH entry is skipped.
        }
      }
      return Optional.empty();
    }
  }
}
