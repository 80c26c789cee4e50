package dev.stowaway.core.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} whose reads give up after an idle timeout: the JDK's
 * own input-stream body waits forever on a stalled connection, and a registry scan must never hang.
 * Asks for one chunk of buffers at a time, so at most one chunk is held in memory.
 *
 * <p>The stream is for one thread; the subscriber callbacks come from the HTTP client's threads. Also
 * used outside registry pulls (the advisory database download): {@code client.send(request, info -> new
 * TimedBodySubscriber(timeout))} returns once the headers are in; the body's reads throw an
 * {@link HttpTimeoutException} when nothing arrives for the timeout.
 */
public final class TimedBodySubscriber implements HttpResponse.BodySubscriber<InputStream> {

  private static final Object END = new Object();

  private final Duration timeout;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<InputStream> body = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;

  /**
   * Creates a subscriber for one response.
   *
   * @param timeout how long a read waits for the next data before it fails; not null
   */
  public TimedBodySubscriber(Duration timeout) {
    this.timeout = timeout;
    body.complete(new Body());
  }

  /** {@inheritDoc} Completed at once: the stream is readable as soon as the headers are in. */
  @Override
  public CompletionStage<InputStream> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.add(item);
  }

  @Override
  public void onError(Throwable t) {
    queue.add(t);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  private final class Body extends InputStream {
    private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean ended;
    private boolean closed;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("stream closed");
      }
      if (len == 0) {
        return 0;
      }
      while (!current.hasRemaining()) {
        if (buffers.hasNext()) {
          current = buffers.next();
          continue;
        }
        if (ended) {
          return -1;
        }
        next();
      }
      int n = Math.min(len, current.remaining());
      current.get(b, off, n);
      return n;
    }

    @SuppressWarnings("unchecked")
    private void next() throws IOException {
      Object o;
      try {
        o = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new InterruptedIOException("interrupted while reading");
      }
      if (o == null) {
        cancel();
        throw new HttpTimeoutException("no data for " + timeout.toMillis() / 1000.0 + " s");
      }
      if (o == END) {
        ended = true;
        return;
      }
      if (o instanceof Throwable t) {
        ended = true;
        throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
      }
      buffers = ((List<ByteBuffer>) o).iterator();
      Flow.Subscription s = subscription;
      if (s != null) {
        s.request(1);
      }
    }

    @Override
    public int available() {
      return current.remaining();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        if (!ended) {
          cancel();
        }
        queue.clear();
      }
    }
  }

  private void cancel() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
