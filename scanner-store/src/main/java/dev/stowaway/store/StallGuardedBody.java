package dev.stowaway.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP response body read as an {@link InputStream} that gives up when the server sends nothing for
 * too long. The JDK's own {@code ofInputStream()} body blocks a reader forever on a connection that stays
 * open but silent (the request timeout covers only the response headers); this one receives the body's
 * buffers as a {@link Flow.Subscriber}, one batch at a time, and waits for each with a timeout, so a
 * stalled download ends with an {@link IOException} the downloader can retry and resume.
 *
 * <p>Read by one thread; the HTTP client's threads only hand buffers over through a queue.
 */
final class StallGuardedBody extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
  private static final Object END = new Object();

  private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
  private final Deque<ByteBuffer> pending = new ArrayDeque<>();
  private final long stallMillis;
  private final URI url;
  private volatile Flow.Subscription subscription;
  private boolean ended;

  StallGuardedBody(URI url, long stallMillis) {
    this.url = url;
    this.stallMillis = stallMillis;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    arrived.add(item);
  }

  @Override
  public void onError(Throwable t) {
    arrived.add(t);
  }

  @Override
  public void onComplete() {
    arrived.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pending.isEmpty() || !pending.peekFirst().hasRemaining()) {
      if (!pending.isEmpty()) {
        pending.removeFirst();
        continue;
      }
      if (ended) {
        return -1;
      }
      Object next;
      try {
        next = arrived.poll(stallMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new java.io.InterruptedIOException("download of " + url + " interrupted");
      }
      if (next == null) {
        cancel();
        throw new IOException("download of " + url + " stalled: no data for " + stallMillis / 1000.0 + " s");
      }
      if (next == END) {
        ended = true;
        return -1;
      }
      if (next instanceof Throwable t) {
        ended = true;
        throw t instanceof IOException io ? io : new IOException("download of " + url + " failed: " + t, t);
      }
      @SuppressWarnings("unchecked")
      List<ByteBuffer> buffers = (List<ByteBuffer>) next;
      pending.addAll(buffers);
      subscription.request(1); // the next batch may arrive while this one is read
    }
    ByteBuffer head = pending.peekFirst();
    int n = Math.min(len, head.remaining());
    head.get(b, off, n);
    return n;
  }

  @Override
  public void close() {
    cancel();
  }

  private void cancel() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
