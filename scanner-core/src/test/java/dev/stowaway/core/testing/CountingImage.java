package dev.stowaway.core.testing;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.Layer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps an image so that its layers count how often they are opened and how many blob bytes are read from
 * them: the proof that a cached layer is not read. Thread-safe; closing closes the wrapped image.
 */
public final class CountingImage implements Image {
  /** How many times a layer blob was opened. */
  public final AtomicLong opens = new AtomicLong();
  /** How many blob bytes were read (or skipped). */
  public final AtomicLong bytes = new AtomicLong();
  private final Image image;
  private final String name;
  private final List<Layer> layers;

  /** @param image the image to wrap; not null */
  public CountingImage(Image image) {
    this(image, image.name());
  }

  /**
   * @param image the image to wrap; not null
   * @param name the name this wrapper gives it (the same image under another reference); not null
   */
  public CountingImage(Image image, String name) {
    this.image = image;
    this.name = name;
    this.layers = image.layers().stream().map(l -> (Layer) new Counting(l)).toList();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Digest manifestDigest() {
    return image.manifestDigest();
  }

  @Override
  public Digest configDigest() {
    return image.configDigest();
  }

  @Override
  public ImageConfig config() {
    return image.config();
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public void close() throws IOException {
    image.close();
  }

  private final class Counting implements Layer {
    private final Layer layer;

    Counting(Layer layer) {
      this.layer = layer;
    }

    @Override
    public Digest digest() {
      return layer.digest();
    }

    @Override
    public Digest diffId() {
      return layer.diffId();
    }

    @Override
    public long size() {
      return layer.size();
    }

    @Override
    public String mediaType() {
      return layer.mediaType();
    }

    @Override
    public InputStream openBlob() throws IOException {
      opens.incrementAndGet();
      return new FilterInputStream(layer.openBlob()) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            bytes.incrementAndGet();
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            bytes.addAndGet(n);
          }
          return n;
        }

        @Override
        public long skip(long n) throws IOException {
          long s = super.skip(n);
          bytes.addAndGet(Math.max(0, s));
          return s;
        }
      };
    }
  }
}
