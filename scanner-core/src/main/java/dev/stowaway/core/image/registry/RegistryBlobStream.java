package dev.stowaway.core.image.registry;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A layer blob streamed from the registry, unverified (the layer reader checks its digest). When the
 * connection breaks before the blob's end, the download continues with a {@code Range} request from
 * the bytes already received; a server that answers a range request with the whole blob is read
 * again from the start, skipping what was already delivered. Holds one of the registry's
 * concurrency permits from the first read until it is closed.
 *
 * <p>For one thread.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#name-range-requests">RFC 9110, range requests</a>
 */
final class RegistryBlobStream extends InputStream {

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

  private final RegistryClient client;
  private final Digest digest;
  private final long size;
  private final String coordinates;
  private InputStream current;
  private long received;
  private int resumes;
  private boolean permit;
  private boolean closed;
  private boolean ended;

  RegistryBlobStream(RegistryClient client, Digest digest, long size) {
    this.client = client;
    this.digest = digest;
    this.size = size;
    this.coordinates = client.registry() + "/" + client.repository() + "@" + digest;
  }

  /** Connects now, so that a missing blob or a refused request fails at open time. */
  RegistryBlobStream connect() throws IOException {
    try {
      client.permits().acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("pull blob " + coordinates + ": interrupted");
    }
    permit = true;
    try {
      current = request();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  private InputStream request() throws IOException {
    Map<String, String> headers = received > 0 ? Map.of("Range", "bytes=" + received + "-") : Map.of();
    RegistryClient.Response r = client.send("pull blob", coordinates, "GET", client.uri("blobs", digest.toString()),
        headers);
    InputStream body = r.http().body();
    if (r.status() == 206 && received > 0) {
      Matcher m = CONTENT_RANGE.matcher(r.header("Content-Range") == null ? "" : r.header("Content-Range"));
      if (!m.matches() || Long.parseLong(m.group(1)) != received) {
        body.close();
        throw new IOException("pull blob " + coordinates + ": resume at byte " + received
            + " answered with range " + r.header("Content-Range"));
      }
      return body;
    }
    if (r.status() == 200) {
      // A fresh start (or a server that ignores Range): skip what the reader already has.
      long skip = received;
      byte[] buf = new byte[8192];
      while (skip > 0) {
        int n = body.read(buf, 0, (int) Math.min(buf.length, skip));
        if (n < 0) {
          body.close();
          throw new EOFException("pull blob " + coordinates + ": blob ended at byte " + (received - skip)
              + " while restarting from byte " + received);
        }
        skip -= n;
      }
      return body;
    }
    throw client.failure("pull blob", coordinates, r);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("pull blob " + coordinates + ": stream closed");
    }
    if (len == 0) {
      return 0;
    }
    if (ended) {
      return -1;
    }
    while (true) {
      IOException broken;
      try {
        int n = current.read(b, off, len);
        if (n > 0) {
          received += n;
          return n;
        }
        if (n < 0 && (size < 0 || received >= size)) {
          ended = true;
          return -1;
        }
        broken = new EOFException("connection closed at byte " + received + " of " + size);
      } catch (ImageFormatException | InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        broken = e;
      }
      resume(broken);
    }
  }

  private void resume(IOException broken) throws IOException {
    try {
      current.close();
    } catch (IOException e) {
      // The broken connection is being replaced.
    }
    resumes++;
    if (resumes >= client.maxAttempts()) {
      throw new IOException("pull blob " + coordinates + ": transfer broken at byte " + received
          + " after " + resumes + " attempts: " + RegistryClient.describe(broken), broken);
    }
    RegistryClient.sleep(client.backoff(resumes));
    current = request();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (current != null) {
        current.close();
      }
    } finally {
      if (permit) {
        permit = false;
        client.permits().release();
      }
    }
  }
}
