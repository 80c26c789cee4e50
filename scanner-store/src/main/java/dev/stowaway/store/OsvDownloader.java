package dev.stowaway.store;

import dev.stowaway.core.image.registry.TimedBodySubscriber;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Downloads the per-ecosystem {@code all.zip} files OSV publishes ({@code <base>/<Ecosystem>/all.zip}),
 * from OSV's public bucket or a mirror with the same layout. Retries connection failures and HTTP 429/5xx
 * with exponential backoff; an interrupted body is resumed with an HTTP {@code Range} request (guarded
 * by {@code If-Range} with the first response's ETag), also across runs, since the partial file
 * ({@code .part}) stays in the download directory. A body that stops arriving (no byte for the stall
 * timeout, 60 s by default) is abandoned and resumed like a cut one. A finished file is moved into place
 * atomically.
 *
 * <p>Immutable after configuration and safe to share; each {@link #download} writes only its own files.
 *
 * @see <a href="https://google.github.io/osv.dev/data/#data-dumps">OSV data dumps</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#name-range-requests">HTTP range requests</a>
 */
public final class OsvDownloader {
  /** OSV's public bucket. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://osv-vulnerabilities.storage.googleapis.com/");

  /** Told how a download advances; called on the downloading thread. */
  @FunctionalInterface
  public interface Progress {
    /**
     * Reports progress.
     *
     * @param ecosystem the ecosystem being downloaded
     * @param bytes bytes held so far (including resumed ones)
     * @param total the full size, or -1 if unknown
     */
    void update(String ecosystem, long bytes, long total);
  }

  private final HttpClient client;
  private final URI baseUrl;
  private final int maxAttempts;
  private final Duration backoff;
  private final long maxBytes;
  private final Progress progress;
  private final Duration stallTimeout;

  /** The default stall timeout: no byte for this long abandons the attempt. */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Creates a downloader with defaults: OSV's bucket, 5 attempts, 1 s first backoff, 4 GiB limit, 60 s
   * stall timeout.
   */
  public OsvDownloader() {
    this(defaultClient(), DEFAULT_BASE_URL, 5, Duration.ofSeconds(1), 4L << 30, (e, b, t) -> { },
        DEFAULT_STALL_TIMEOUT);
  }

  private OsvDownloader(HttpClient client, URI baseUrl, int maxAttempts, Duration backoff, long maxBytes,
      Progress progress, Duration stallTimeout) {
    this.client = Objects.requireNonNull(client, "client");
    String base = baseUrl.toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.maxBytes = maxBytes;
    this.progress = Objects.requireNonNull(progress, "progress");
    this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
  }

  private static HttpClient defaultClient() {
    return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(30)).build();
  }

  /**
   * Returns a copy using a mirror with OSV's layout.
   *
   * @param url the base URL, such as {@code https://mirror.example/osv/}; not null
   * @return the copy
   */
  public OsvDownloader withBaseUrl(URI url) {
    return new OsvDownloader(client, url, maxAttempts, backoff, maxBytes, progress, stallTimeout);
  }

  /**
   * Returns a copy with another retry policy.
   *
   * @param attempts how many times to try one file, at least 1
   * @param firstBackoff the wait after the first failure; doubled each time, at most 30 s
   * @return the copy
   */
  public OsvDownloader withRetries(int attempts, Duration firstBackoff) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    return new OsvDownloader(client, baseUrl, attempts, firstBackoff, maxBytes, progress, stallTimeout);
  }

  /**
   * Returns a copy that refuses files larger than a bound.
   *
   * @param bytes the bound
   * @return the copy
   */
  public OsvDownloader withMaxBytes(long bytes) {
    return new OsvDownloader(client, baseUrl, maxAttempts, backoff, bytes, progress, stallTimeout);
  }

  /**
   * Returns a copy reporting progress.
   *
   * @param listener the listener; not null
   * @return the copy
   */
  public OsvDownloader withProgress(Progress listener) {
    return new OsvDownloader(client, baseUrl, maxAttempts, backoff, maxBytes, listener, stallTimeout);
  }

  /**
   * Returns a copy using another HTTP client (proxies, TLS settings).
   *
   * @param httpClient the client; not null
   * @return the copy
   */
  public OsvDownloader withHttpClient(HttpClient httpClient) {
    return new OsvDownloader(httpClient, baseUrl, maxAttempts, backoff, maxBytes, progress, stallTimeout);
  }

  /**
   * Returns a copy with another stall timeout: an attempt whose body sends no byte for this long is
   * abandoned and retried (resuming from what arrived).
   *
   * @param timeout the timeout, positive; not null
   * @return the copy
   */
  public OsvDownloader withStallTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the stall timeout must be positive");
    }
    return new OsvDownloader(client, baseUrl, maxAttempts, backoff, maxBytes, progress, timeout);
  }

  /** @return the base URL; never null */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Returns the URL of an ecosystem's {@code all.zip}.
   *
   * @param ecosystem the ecosystem as OSV names it, such as {@code Debian} or {@code Rocky Linux}
   * @return the URL
   */
  public URI urlFor(String ecosystem) {
    String segment = URLEncoder.encode(ecosystem, StandardCharsets.UTF_8).replace("+", "%20");
    return baseUrl.resolve(segment + "/all.zip");
  }

  /**
   * Downloads an ecosystem's {@code all.zip} into a directory as {@code <ecosystem>.zip}, resuming a
   * {@code <ecosystem>.zip.part} left by an earlier interrupted attempt.
   *
   * @param ecosystem the ecosystem; not null
   * @param dir the download directory; created if missing
   * @return the finished file
   * @throws IOException when every attempt failed, or on a non-retriable HTTP status (such as 404)
   */
  public Path download(String ecosystem, Path dir) throws IOException {
    Files.createDirectories(dir);
    String base = ecosystem.replaceAll("[^A-Za-z0-9._-]", "_");
    Path target = dir.resolve(base + ".zip");
    Path part = dir.resolve(base + ".zip.part");
    Path etagFile = dir.resolve(base + ".zip.etag");
    URI url = urlFor(ecosystem);
    IOException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        sleep(attempt);
      }
      try {
        if (attempt(ecosystem, url, part, etagFile)) {
          Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          Files.deleteIfExists(etagFile);
          return target;
        }
      } catch (NonRetriableException e) {
        throw new IOException(e.getMessage(), e);
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IOException("download of " + url + " failed after " + maxAttempts + " attempts: "
        + (last == null ? "unknown error" : last.getMessage()), last);
  }

  /** Returns true when the part file is complete; false to try again; throws on a lasting failure. */
  private boolean attempt(String ecosystem, URI url, Path part, Path etagFile) throws IOException {
    long have = Files.exists(part) ? Files.size(part) : 0;
    HttpRequest.Builder req = HttpRequest.newBuilder(url).GET().timeout(Duration.ofMinutes(2));
    String etag = Files.exists(etagFile) ? Files.readString(etagFile).trim() : null;
    if (have > 0) {
      req.header("Range", "bytes=" + have + "-");
      if (etag != null && !etag.isEmpty()) {
        req.header("If-Range", etag);
      }
    }
    HttpResponse<InputStream> resp;
    try {
      // returns after the headers; reads of the body fail when no byte arrives for the stall timeout
      resp = client.send(req.build(), info -> new TimedBodySubscriber(stallTimeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("download of " + url + " interrupted");
    }
    int status = resp.statusCode();
    try (InputStream body = resp.body()) {
      long total;
      boolean append;
      if (status == 200) {
        append = false;
        have = 0;
        total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
        Optional<String> newTag = resp.headers().firstValue("ETag");
        if (newTag.isPresent()) {
          Files.writeString(etagFile, newTag.get());
        } else {
          Files.deleteIfExists(etagFile);
        }
      } else if (status == 206) {
        String range = resp.headers().firstValue("Content-Range").orElse("");
        if (!range.startsWith("bytes " + have + "-")) {
          Files.deleteIfExists(part); // the server answered another range: start over
          throw new IOException("unexpected Content-Range '" + range + "' for a resume at byte " + have);
        }
        append = true;
        int slash = range.lastIndexOf('/');
        total = slash < 0 || range.endsWith("*") ? -1 : Long.parseLong(range.substring(slash + 1).trim());
      } else if (status == 416 && have > 0) {
        Files.deleteIfExists(part); // our partial file no longer fits what the server has
        throw new IOException("HTTP 416 for a resume at byte " + have + "; restarting");
      } else if (status == 429 || status >= 500) {
        throw new IOException("HTTP " + status + " from " + url);
      } else {
        throw new NonRetriableException("HTTP " + status + " from " + url
            + (status == 404 ? " (no OSV data for ecosystem '" + ecosystem + "' there)" : ""));
      }
      if (total > maxBytes) {
        throw new NonRetriableException(url + " is " + total + " bytes, more than the limit of " + maxBytes);
      }
      try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        byte[] buf = new byte[64 * 1024];
        long done = have;
        int n;
        try {
          while ((n = body.read(buf)) > 0) {
            done += n;
            if (done > maxBytes) {
              throw new NonRetriableException(url + " is more than the limit of " + maxBytes + " bytes");
            }
            out.write(buf, 0, n);
            progress.update(ecosystem, done, total);
          }
        } catch (HttpTimeoutException e) {
          // what arrived stays in the part file: the next attempt resumes after it
          throw new IOException("download of " + url + " stalled: " + e.getMessage(), e);
        }
        if (total >= 0 && done != total) {
          throw new IOException("download of " + url + " ended at byte " + done + " of " + total);
        }
      }
      return true;
    }
  }

  private void sleep(int attempt) throws InterruptedIOException {
    long millis = Math.min(30_000L, backoff.toMillis() << Math.min(attempt - 2, 20));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("download interrupted while waiting to retry");
    }
  }

  /** A failure that another attempt would not cure. */
  private static final class NonRetriableException extends IOException {
    private static final long serialVersionUID = 1L;

    NonRetriableException(String message) {
      super(message);
    }
  }
}
