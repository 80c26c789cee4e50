package dev.stowaway.core.image.registry;

import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks to one repository of one registry over the distribution API: authentication (anonymous,
 * bearer token, basic), redirects (followed here, so that the Authorization header is dropped when
 * a redirect leaves the registry's host), retries with backoff on 429, 5xx and broken connections
 * (honouring {@code Retry-After}, bounded), and a per-registry bound on concurrent requests.
 *
 * <p>Thread-safe. Messages name the action and the coordinates, never a credential.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI distribution spec</a>
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">Docker registry token authentication</a>
 */
final class RegistryClient {

  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_ERROR_BODY = 16 * 1024;
  private static final long MAX_TOKEN_BYTES = 1 << 20;
  private static final Pattern PARAM = Pattern.compile("([A-Za-z_]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");

  /** Tokens are renewed this long before the end of their lifetime, at most (a tenth of it for short ones). */
  private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);
  /** The lifetime the token spec gives a token whose response has no {@code expires_in}. */
  private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);

  /**
   * A bearer token for one realm, service and scope: when to renew it, and the refresh token the
   * token server gave with it (used instead of the credentials to get the next one), or null.
   */
  private record Token(String key, String realm, String service, String scope, String value, Instant renewAt,
      String refreshToken) {
    @Override
    public String toString() {
      return "Token[" + key + ", renewAt=" + renewAt + "]"; // never the token values
    }
  }

  /** A response whose body the caller reads and closes; {@code body} is null for HEAD. */
  record Response(int status, HttpResponse<InputStream> http) {
    String header(String name) {
      return http.headers().firstValue(name).orElse(null);
    }
  }

  private final HttpClient http;
  private final RegistryOptions options;
  private final DockerConfigCredentials stored;
  private final String registry;
  private final String repository;
  private final URI base;
  private final Semaphore permits;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private volatile String authorization;
  /** The bearer token behind {@link #authorization}, or null (anonymous, basic). */
  private volatile Token bearer;
  private volatile Optional<RegistryCredentials> credentials;

  RegistryClient(HttpClient http, RegistryOptions options, DockerConfigCredentials stored, String registry,
      String repository, Semaphore permits) {
    this.http = http;
    this.options = options;
    this.stored = stored;
    this.registry = registry;
    this.repository = repository;
    String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
    this.base = URI.create((options.insecure() ? "http://" : "https://") + host);
    this.permits = permits;
  }

  String registry() {
    return registry;
  }

  String repository() {
    return repository;
  }

  int maxAttempts() {
    return options.maxAttempts();
  }

  Semaphore permits() {
    return permits;
  }

  URI uri(String kind, String reference) {
    return base.resolve("/v2/" + repository + "/" + kind + "/" + reference);
  }

  /**
   * Sends a GET (or HEAD) with retries, authentication and redirects; returns the final response,
   * whatever its status. The caller holds a permit and closes the body.
   *
   * @param action and {@code coordinates} name the request in messages
   */
  Response send(String action, String coordinates, String method, URI uri, Map<String, String> headers)
      throws IOException {
    boolean authTried = false;
    int attempt = 0;
    while (true) {
      attempt++;
      renewIfExpired(action, coordinates);
      HttpResponse<InputStream> r;
      String sent = authorization;
      try {
        r = follow(method, uri, headers);
      } catch (IOException e) {
        if (attempt >= options.maxAttempts() || e instanceof Refused || e instanceof InterruptedIOException
            || isTls(e)) {
          throw new IOException(action + " " + coordinates + ": " + describe(e) + tlsHint(e) + (attempt > 1
              ? " (after " + attempt + " attempts)" : ""), e);
        }
        sleep(backoff(attempt));
        continue;
      }
      int status = r.statusCode();
      if (status == 401 && !authTried) {
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse(null);
        close(r);
        authTried = true;
        authenticate(action, coordinates, challenge, sent);
        attempt--;
        continue;
      }
      if ((status == 429 || status == 500 || status == 502 || status == 503 || status == 504)
          && attempt < options.maxAttempts()) {
        Duration wait = retryAfter(r.headers().firstValue("Retry-After").orElse(null));
        close(r);
        sleep(wait != null ? wait : backoff(attempt));
        continue;
      }
      return new Response(status, r);
    }
  }

  /** Builds the failure for a response that is not what was asked for, reading a bounded part of its body. */
  IOException failure(String action, String coordinates, Response r) {
    String detail = "";
    try (InputStream in = r.http().body()) {
      if (in != null) {
        byte[] body = in.readNBytes(MAX_ERROR_BODY);
        detail = errorDetail(body);
      }
    } catch (IOException e) {
      // The status alone is the message.
    }
    String msg = action + " " + coordinates + ": " + r.status() + (detail.isEmpty() ? "" : " " + detail);
    if (r.status() == 401 || r.status() == 403) {
      msg += credentials != null && credentials.isPresent() ? " (credentials were refused)"
          : " (authentication required: give credentials or docker login)";
    }
    return r.status() == 404 ? new ImageFormatException(msg) : new IOException(msg);
  }

  /** {@code CODE message; CODE message} from a distribution error body, or a short text body. */
  static String errorDetail(byte[] body) {
    try {
      JsonObject o = Json.parseObject(body, "error");
      StringBuilder sb = new StringBuilder();
      for (JsonObject e : o.objects("errors")) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        String code = e.string("code");
        String message = e.string("message");
        sb.append(code == null ? "" : code).append(message == null ? "" : (code == null ? "" : " ") + message);
      }
      return oneLine(sb.toString());
    } catch (ImageFormatException | RuntimeException e) {
      String text = new String(body, StandardCharsets.UTF_8);
      return text.length() > 200 || text.contains("<") ? "" : oneLine(text);
    }
  }

  private static String oneLine(String s) {
    String t = s.replaceAll("\\s+", " ").trim();
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }

  private HttpResponse<InputStream> follow(String method, URI uri, Map<String, String> headers) throws IOException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(current).timeout(options.requestTimeout())
          .method(method, HttpRequest.BodyPublishers.noBody());
      if ("http".equals(current.getScheme())) {
        b.version(HttpClient.Version.HTTP_1_1);
      }
      headers.forEach(b::header);
      String auth = authorization;
      if (auth != null && sameOrigin(current, base)) {
        b.header("Authorization", auth);
      }
      HttpResponse<InputStream> r;
      try {
        r = http.send(b.build(), info -> new TimedBodySubscriber(options.requestTimeout()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
      int s = r.statusCode();
      if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308) {
        return r;
      }
      String location = r.headers().firstValue("Location").orElse(null);
      close(r);
      if (location == null) {
        throw new Refused("redirect " + s + " without a Location header");
      }
      if (hop >= MAX_REDIRECTS) {
        throw new Refused("more than " + MAX_REDIRECTS + " redirects");
      }
      URI next = current.resolve(location);
      if ("http".equals(next.getScheme()) && !options.insecure()) {
        throw new Refused("refusing a redirect to plain HTTP (" + next.getHost() + ")");
      }
      if (!"http".equals(next.getScheme()) && !"https".equals(next.getScheme())) {
        throw new Refused("refusing a redirect to " + next.getScheme() + ":");
      }
      current = next;
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /** Answers a 401; {@code sent} is the Authorization value the refused request carried, or null. */
  private void authenticate(String action, String coordinates, String challenge, String sent) throws IOException {
    if (challenge == null) {
      throw new IOException(action + " " + coordinates + ": 401 without a WWW-Authenticate challenge");
    }
    String scheme = challenge.trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    Map<String, String> params = challengeParams(challenge);
    if (scheme.equals("basic")) {
      Optional<RegistryCredentials> c = credentials();
      if (c.isEmpty()) {
        throw new IOException(action + " " + coordinates + ": 401 (basic authentication required: give"
            + " credentials or docker login)");
      }
      authorization = c.get().basicAuthorization();
      bearer = null;
      return;
    }
    if (!scheme.equals("bearer") || params.get("realm") == null) {
      throw new IOException(action + " " + coordinates + ": 401 with an unsupported challenge ("
          + oneLine(challenge.split("\\s+", 2)[0]) + ")");
    }
    String scope = params.getOrDefault("scope", "repository:" + repository + ":pull");
    String key = params.get("realm") + " " + params.get("service") + " " + scope;
    Token token = tokens.get(key);
    if (token != null && ("Bearer " + token.value()).equals(sent)) {
      // The cached token was refused (it expired or was revoked during a long pull): get a fresh one,
      // with its refresh token when the server gave one.
      tokens.remove(key, token);
      token = renew(token, coordinates);
    } else if (token == null || expired(token)) {
      token = fetchToken(key, params.get("realm"), params.get("service"), scope, null, coordinates);
    }
    use(token);
  }

  /** Renews the token in use before a request when its lifetime ({@code expires_in}) has passed. */
  private void renewIfExpired(String action, String coordinates) throws IOException {
    Token t = bearer;
    if (t != null && expired(t)) {
      synchronized (this) {
        Token current = tokens.get(t.key());
        if (current != null && current != t && !expired(current)) {
          use(current); // another thread renewed it already
          return;
        }
        use(renew(t, coordinates));
      }
    }
  }

  private static boolean expired(Token t) {
    return !Instant.now().isBefore(t.renewAt());
  }

  private void use(Token t) {
    tokens.put(t.key(), t);
    bearer = t;
    authorization = "Bearer " + t.value();
  }

  /** A new token for the same realm, service and scope: by refresh token when there is one, else as at first. */
  private Token renew(Token old, String coordinates) throws IOException {
    if (old.refreshToken() != null) {
      try {
        return fetchToken(old.key(), old.realm(), old.service(), old.scope(), old.refreshToken(), coordinates);
      } catch (IOException e) {
        if (e instanceof InterruptedIOException) {
          throw e;
        }
        // A refused or unsupported refresh (OAuth POST answered 400, 401 or 404): fall back to the GET flow.
      }
    }
    return fetchToken(old.key(), old.realm(), old.service(), old.scope(), null, coordinates);
  }

  /**
   * Gets a token from the realm: with a refresh token, the OAuth2 form POST
   * ({@code grant_type=refresh_token}); otherwise the GET of the token spec, with basic credentials
   * when there are any. Retries on 429, 5xx and broken connections like other requests.
   */
  private Token fetchToken(String key, String realm, String service, String scope, String refreshToken,
      String coordinates) throws IOException {
    String action = "fetch token for";
    URI realmUri;
    try {
      realmUri = base.resolve(realm);
    } catch (IllegalArgumentException e) {
      throw new IOException(action + " " + coordinates + ": the registry's token realm is not a URL");
    }
    if (!"https".equals(realmUri.getScheme()) && !("http".equals(realmUri.getScheme()) && options.insecure())) {
      throw new IOException(action + " " + coordinates + ": refusing token realm over " + realmUri.getScheme()
          + " (" + realmUri.getHost() + ")");
    }
    StringBuilder q = new StringBuilder();
    if (service != null) {
      q.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
    }
    q.append(q.length() > 0 ? "&" : "").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    URI uri = refreshToken != null ? realmUri
        : URI.create(realmUri + (realmUri.getRawQuery() == null ? "?" : "&") + q);
    for (int attempt = 1; ; attempt++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(options.requestTimeout());
      if (refreshToken != null) {
        // https://distribution.github.io/distribution/spec/auth/oauth/ : the refresh token replaces the password.
        String form = "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)
            + "&client_id=stowaway&" + q;
        b.header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
      } else {
        b.GET();
        Optional<RegistryCredentials> c = credentials();
        c.ifPresent(cr -> b.header("Authorization", cr.basicAuthorization()));
      }
      if ("http".equals(uri.getScheme())) {
        b.version(HttpClient.Version.HTTP_1_1);
      }
      HttpResponse<InputStream> r;
      try {
        r = http.send(b.build(), info -> new TimedBodySubscriber(options.requestTimeout()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(action + " " + coordinates + ": interrupted");
      } catch (IOException e) {
        if (attempt >= options.maxAttempts() || isTls(e)) {
          throw new IOException(action + " " + coordinates + ": " + describe(e) + tlsHint(e), e);
        }
        sleep(backoff(attempt));
        continue;
      }
      Instant received = Instant.now();
      int s = r.statusCode();
      if ((s == 429 || s >= 500) && attempt < options.maxAttempts()) {
        Duration wait = retryAfter(r.headers().firstValue("Retry-After").orElse(null));
        close(r);
        sleep(wait != null ? wait : backoff(attempt));
        continue;
      }
      if (s != 200) {
        throw failure(action, coordinates, new Response(s, r));
      }
      byte[] body;
      try (InputStream in = r.body()) {
        body = in.readNBytes((int) MAX_TOKEN_BYTES + 1);
      }
      if (body.length > MAX_TOKEN_BYTES) {
        throw new IOException(action + " " + coordinates + ": token response larger than " + MAX_TOKEN_BYTES);
      }
      JsonObject o = Json.parseObject(body, "token response from " + realmUri.getHost());
      String token = o.string("token");
      if (token == null || token.isEmpty()) {
        token = o.string("access_token");
      }
      if (token == null || token.isEmpty()) {
        throw new IOException(action + " " + coordinates + ": token response from " + realmUri.getHost()
            + " has no token");
      }
      String refresh = o.string("refresh_token");
      if (refresh == null || refresh.isEmpty()) {
        refresh = refreshToken; // keep using the one we have; servers need not rotate it
      }
      return new Token(key, realm, service, scope, token, received.plus(lifetime(o)), refresh);
    }
  }

  /** How long to use a token: its {@code expires_in} less a margin, so that it is renewed before it lapses. */
  private static Duration lifetime(JsonObject o) {
    Duration life = DEFAULT_TOKEN_LIFETIME;
    try {
      Long seconds = o.longValue("expires_in");
      if (seconds != null && seconds > 0) {
        life = Duration.ofSeconds(seconds);
      }
    } catch (ImageFormatException e) {
      // Not a number: the default lifetime.
    }
    Duration margin = life.dividedBy(10);
    return life.minus(margin.compareTo(EXPIRY_MARGIN) > 0 ? EXPIRY_MARGIN : margin);
  }

  /** Resolves credentials once: explicit ones, else Docker's config. */
  private Optional<RegistryCredentials> credentials() throws IOException {
    Optional<RegistryCredentials> c = credentials;
    if (c == null) {
      c = options.credentials() != null ? Optional.of(options.credentials())
          : stored == null ? Optional.empty() : stored.lookup(registry);
      credentials = c;
    }
    return c;
  }

  static Map<String, String> challengeParams(String challenge) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] parts = challenge.trim().split("\\s+", 2);
    if (parts.length < 2) {
      return out;
    }
    Matcher m = PARAM.matcher(parts[1]);
    while (m.find()) {
      String v = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
      out.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), v);
    }
    return out;
  }

  /** TLS failures (a plain-HTTP registry, an untrusted certificate) do not heal by waiting: no retry. */
  static boolean isTls(IOException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof javax.net.ssl.SSLException) {
        return true;
      }
    }
    return false;
  }

  private String tlsHint(IOException e) {
    if (!isTls(e)) {
      return "";
    }
    if (untrustedCertificate(e)) {
      return " (TLS failed: the certificate of " + registry + " is not trusted; if it is signed by your own CA,"
          + " pass that CA with --ca-cert FILE or STOWAWAY_REGISTRY_CA_CERT)";
    }
    return options.insecure() ? "" : " (TLS failed; if this registry speaks plain HTTP, and only then, pass --insecure)";
  }

  /** A certificate the trust store does not vouch for, or one that does not name the host. */
  private static boolean untrustedCertificate(IOException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.security.cert.CertificateException
          || c instanceof java.security.cert.CertPathBuilderException
          || c instanceof java.security.cert.CertPathValidatorException) {
        return true;
      }
    }
    return false;
  }

  Duration backoff(int attempt) {
    long base = options.retryBaseDelay().toMillis();
    long ms = base << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(ms, options.maxRetryDelay().toMillis()));
  }

  /** Parses {@code Retry-After} (seconds or an HTTP date), capped; null when absent or unreadable. */
  Duration retryAfter(String value) {
    if (value == null) {
      return null;
    }
    Duration d;
    try {
      d = Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      try {
        d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(),
            DateTimeFormatter.RFC_1123_DATE_TIME));
        if (d.isNegative()) {
          d = Duration.ZERO;
        }
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
    return d.compareTo(options.maxRetryDelay()) > 0 ? options.maxRetryDelay() : d;
  }

  static void sleep(Duration d) throws InterruptedIOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }

  static void close(HttpResponse<InputStream> r) {
    try (InputStream in = r.body()) {
      if (in != null) {
        in.readNBytes(MAX_ERROR_BODY);
      }
    } catch (IOException e) {
      // The connection is dropped; nothing to keep.
    }
  }

  /** A response that no retry can fix (a bad redirect). */
  private static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  static String describe(IOException e) {
    String m = e.getMessage();
    if (e instanceof Refused) {
      return m;
    }
    String kind = e instanceof java.net.ConnectException ? "connection refused or unreachable"
        : e instanceof java.net.http.HttpTimeoutException ? "timed out" : e.getClass().getSimpleName();
    return m == null || m.isBlank() ? kind : kind + " (" + oneLine(m) + ")";
  }

  /** The Accept list for manifests: OCI index and manifest, Docker manifest list and schema 2. */
  static final String MANIFEST_ACCEPT = String.join(", ", List.of(
      "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.docker.distribution.manifest.v2+json"));
}
