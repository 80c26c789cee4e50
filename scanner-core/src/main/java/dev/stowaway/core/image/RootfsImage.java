package dev.stowaway.core.image;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A root filesystem directory seen as a one-layer image (opened by {@link RootfsImageSource}).
 *
 * <p>The layer's tar stream is generated from the directory each time it is opened (see
 * {@link #openTar}); it is not content-addressed: its digest and diffID are made up, unique per opened
 * image, so that nothing keyed by diffID (a layer cache) can ever return results of another directory
 * or of an earlier state of this one. {@link LayerStreams#isContentAddressed} says so to callers. The
 * config is synthetic too (no user, no history worth checking): config analyzers do not run on it.
 *
 * <p>Files that could not be read are left out of the stream and listed by {@link #readIssues()}.
 *
 * <p>Thread-safe; each opened stream is for one thread.
 */
public final class RootfsImage implements Image {

  private final Path dir;
  private final Path real;
  private final Set<String> excluded;
  private final Digest id;
  private final ImageConfig config;
  private final Layer layer;
  private volatile List<AnalysisIssue> lastIssues = List.of();

  RootfsImage(Path dir, Path real, Set<String> excluded) {
    this.dir = dir;
    this.real = real;
    this.excluded = Set.copyOf(excluded);
    this.id = Digest.sha256Of("stowaway rootfs " + real + " " + UUID.randomUUID());
    this.config = new ImageConfig(null, null, null, null, List.of(), List.of(), Map.of(), List.of(), List.of(),
        null, List.of(), List.of(new HistoryEntry(null, "root filesystem " + dir, null, false)), List.of(id));
    this.layer = new RootfsLayer();
  }

  /**
   * Returns the directory as given.
   *
   * @return the directory; never null
   */
  public Path directory() {
    return dir;
  }

  /**
   * Returns the excluded paths, normalised and relative to the root.
   *
   * @return the paths; never null
   */
  public Set<String> excluded() {
    return excluded;
  }

  /**
   * Opens a fresh walk of the directory as tar bytes, and records the files it could not read so that
   * {@link #readIssues()} returns them once the stream reached its end.
   *
   * @return the tar stream; the caller closes it
   * @throws IOException if the root directory cannot be opened
   */
  public InputStream openTar() throws IOException {
    List<AnalysisIssue> issues = new ArrayList<>();
    LayerRef ref = new LayerRef(0, id);
    RootfsTarStream tar = new RootfsTarStream(real, excluded,
        p -> issues.add(new AnalysisIssue("source", new Location(ref, p.path(), null), p.message())));
    return new FilterInputStream(tar) {
      private boolean published;

      @Override
      public int read() throws IOException {
        return ended(in.read());
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return ended(in.read(b, off, len));
      }

      private int ended(int n) {
        if (n < 0 && !published) {
          published = true;
          lastIssues = List.copyOf(issues);
        }
        return n;
      }
    };
  }

  /**
   * Returns the files and directories the last complete walk could not read (permission denied,
   * changed while read), as issues of analyzer {@code source}.
   *
   * @return the issues; never null, empty before any walk ended
   */
  public List<AnalysisIssue> readIssues() {
    return lastIssues;
  }

  @Override
  public String name() {
    return RootfsImageSource.SCHEME + ":" + dir;
  }

  /** Always null: a directory has no manifest. */
  @Override
  public Digest manifestDigest() {
    return null;
  }

  /** A made-up digest, unique to this opened image (see the class comment). */
  @Override
  public Digest configDigest() {
    return id;
  }

  @Override
  public ImageConfig config() {
    return config;
  }

  @Override
  public List<Layer> layers() {
    return List.of(layer);
  }

  @Override
  public String toString() {
    return name();
  }

  /** The synthetic layer: blob and tar are the same generated stream. */
  final class RootfsLayer implements Layer {
    @Override
    public Digest digest() {
      return id;
    }

    @Override
    public Digest diffId() {
      return id;
    }

    @Override
    public long size() {
      return -1;
    }

    @Override
    public String mediaType() {
      return "application/vnd.oci.image.layer.v1.tar";
    }

    @Override
    public InputStream openBlob() throws IOException {
      return openTar();
    }

    @Override
    public String toString() {
      return "root filesystem " + dir;
    }
  }
}
