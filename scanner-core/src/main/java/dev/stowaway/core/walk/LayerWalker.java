package dev.stowaway.core.walk;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.api.analysis.LimitExceededException;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.api.walk.LayerEntry;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Walks one layer's tar stream once and runs the analyzers over the entries they select.
 *
 * <p>Dispatch rules (the per-entry loop is the hot path):
 * <ol>
 *   <li>No analyzer matches: nothing is read; the tar reader skips the body.</li>
 *   <li>One analyzer matches: it reads the tar stream itself, bounded to the entry, zero copies.</li>
 *   <li>Several match: the entry is read once into memory if it is at most
 *       {@link ScanLimits#maxBufferedEntryBytes()}, and each analyzer gets its own view; a larger entry
 *       goes to the first analyzer by id and the others record an issue. Nothing is spilled to disk.</li>
 * </ol>
 * An exception from an analyzer becomes an {@link AnalysisIssue} for that entry; a failure of the layer
 * stream itself (corrupt compression, digest mismatch, limit) ends the layer with that exception.
 *
 * <p>Whiteouts ({@code .wh.NAME}) and opaque markers ({@code .wh..wh..opq}) are recorded, never
 * analysed; the merge applies them. See
 * <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">OCI layer changesets</a>.
 *
 * <p>Thread-safe: one walker serves every layer of a scan, each {@link #walk} call on its own thread.
 */
public final class LayerWalker {

  private static final String WHITEOUT_PREFIX = ".wh.";
  private static final String OPAQUE_MARKER = ".wh..wh..opq";

  private final List<Analyzer> analyzers;
  private final DispatchIndex index;
  /** Decides which regular files are remembered as written ({@link LayerResult#present()}). */
  private final DispatchIndex presence;
  /** The smallest size bound of a presence selector: a smaller file's first match already ignored sizes. */
  private final long smallestMaxSize;
  private final ScanLimits limits;

  /**
   * Creates a walker.
   *
   * @param analyzers the analyzers, in any order (dispatch is by id order); not null
   * @param limits the limits; not null
   */
  public LayerWalker(List<Analyzer> analyzers, ScanLimits limits) {
    this(analyzers, analyzers, limits);
  }

  /**
   * Creates a walker that runs some analyzers but remembers the written paths that any of a larger set
   * would select: a layer cache re-runs only the analyzers whose results it lacks, yet the layer facts it
   * stores must be those of the whole set.
   *
   * @param analyzers the analyzers to run; not null
   * @param presenceAnalyzers the analyzers whose selected paths count as written; not null
   * @param limits the limits; not null
   */
  public LayerWalker(List<Analyzer> analyzers, List<Analyzer> presenceAnalyzers, ScanLimits limits) {
    this.analyzers = List.copyOf(analyzers);
    this.index = new DispatchIndex(this.analyzers);
    this.presence = presenceAnalyzers.equals(analyzers) ? index : new DispatchIndex(List.copyOf(presenceAnalyzers));
    this.smallestMaxSize = presenceAnalyzers.stream().mapToLong(a -> a.selector().maxSize()).min()
        .orElse(Long.MAX_VALUE);
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Walks a layer. Reads the stream to its very end (tar padding and trailer included) so that a
   * verifying stream underneath sees every byte; does not close it.
   *
   * @param tar the uncompressed layer tar; not null; owned by the caller
   * @param layer the layer's coordinates; not null
   * @return what the layer contributed
   * @throws IOException if the layer stream fails (the stream's own exception, such as a
   *     {@link dev.stowaway.api.image.LayerIntegrityException}), the tar is corrupt
   *     ({@link ImageFormatException}) or a layer limit is reached ({@link LimitExceededException})
   */
  public LayerResult walk(InputStream tar, LayerCoordinates layer) throws IOException {
    Collector out = new Collector(layer);
    Map<Analyzer, Context> contexts = new IdentityHashMap<>();
    for (Analyzer a : analyzers) {
      contexts.put(a, new Context(a, out));
    }
    GuardedStream guarded = new GuardedStream(tar, limits.maxLayerBytes(), layer);
    long entries = 0;
    // One buffer per layer for the bytes nobody reads: the tar reader's own skip allocates 8 KiB per
    // read and inflates in 8 KiB steps, which showed in allocation profiles (~420 MB for a 240 MB image).
    byte[] rest = new byte[64 * 1024];
    boolean stopped = false;
    try {
      TarArchiveInputStream tin = new BufferReusingTarInputStream(guarded);
      TarArchiveEntry t;
      try {
        while ((t = nextEntry(tin, layer)) != null) {
          if (++entries > limits.maxEntriesPerLayer()) {
            entries--;
            throw new LayerStreamException(new LimitExceededException("layer " + layer.index() + ": more than "
                + limits.maxEntriesPerLayer() + " entries (limit maxEntriesPerLayer)"));
          }
          if (t.getSize() > limits.maxLayerBytes() - guarded.count) {
            // A header that declares more than the layer may still hold (a "20 GB sparse file"): stop now
            // rather than read or skip gigabytes first.
            throw new LayerStreamException(new LimitExceededException("layer " + layer.index() + ": entry "
                + printable(t.getName()) + " declares " + t.getSize() + " bytes, more than the layer may hold"
                + " (limit maxLayerBytes " + limits.maxLayerBytes() + ")"));
          }
          visit(t, tin, out, contexts);
          skipRest(tin, rest, layer);
        }
      } catch (LayerStreamException e) {
        if (!(e.getCause() instanceof LimitExceededException limit)) {
          throw e;
        }
        // A layer-wide limit (size, entry count, decompression ratio): keep what was read, say where and
        // why the walk stopped, and let the rest of the image be scanned.
        stopped = true;
        out.issue("walker", null, limit.getMessage() + "; the rest of this layer was not analysed and its"
            + " digests were not verified");
      }
      for (Analyzer a : analyzers) {
        Context c = contexts.get(a);
        try {
          a.finishLayer(c);
        } catch (IOException | RuntimeException e) {
          rethrowIfLayerFailure(e);
          out.issue(a.id(), null, "finishing layer failed: " + describe(e));
        }
      }
      // Drain what the tar reader left (the trailer's padding) so digests cover every byte.
      byte[] sink = new byte[8192];
      while (!stopped && guarded.read(sink) >= 0) {
        // discard
      }
    } catch (LayerStreamException e) {
      throw e.getCause();
    }
    return out.toResult(entries);
  }

  private static TarArchiveEntry nextEntry(TarArchiveInputStream tin, LayerCoordinates layer) throws IOException {
    try {
      return tin.getNextEntry();
    } catch (LayerStreamException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // commons-compress reports malformed headers as IOException or IllegalArgumentException.
      throw new ImageFormatException("layer " + layer.index() + " (" + layer.diffId().shortHex()
          + "): corrupt tar stream: " + e.getMessage(), e);
    }
  }

  /** Reads what is left of the current entry (unread by analyzers, or not selected at all). */
  private static void skipRest(TarArchiveInputStream tin, byte[] buffer, LayerCoordinates layer) throws IOException {
    try {
      while (tin.read(buffer, 0, buffer.length) > 0) {
        // discard; a 0 (never expected) leaves the rest to the tar reader's own skip
      }
    } catch (LayerStreamException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageFormatException("layer " + layer.index() + " (" + layer.diffId().shortHex()
          + "): corrupt tar stream: " + e.getMessage(), e);
    }
  }

  private void visit(TarArchiveEntry t, TarArchiveInputStream tin, Collector out, Map<Analyzer, Context> contexts)
      throws IOException {
    String name = t.getName();
    String path = EntryPaths.normalize(name);
    if (path == EntryPaths.ESCAPES_ROOT) {
      out.issue("walker", null, "entry name escapes the image root, skipped: " + printable(name));
      return;
    }
    if (path.isEmpty()) {
      return;
    }
    if (path.length() > limits.maxPathLength()) {
      out.issue("walker", null, "entry path longer than " + limits.maxPathLength() + " characters, skipped: "
          + printable(path.substring(0, 200)) + "...");
      return;
    }
    String base = basename(path);
    if (base.startsWith(WHITEOUT_PREFIX)) {
      String dir = path.length() == base.length() ? "" : path.substring(0, path.length() - base.length() - 1);
      if (base.equals(OPAQUE_MARKER)) {
        out.opaqueDirs.add(dir);
      } else {
        String hidden = base.substring(WHITEOUT_PREFIX.length());
        if (!hidden.isEmpty()) {
          out.whiteouts.add(dir.isEmpty() ? hidden : dir + "/" + hidden);
        }
      }
      return;
    }
    EntryType type = typeOf(t);
    if (type == EntryType.DIRECTORY && !index.wantsNonFiles()) {
      return;
    }
    String linkTarget = null;
    if (type == EntryType.SYMLINK) {
      linkTarget = EntryPaths.resolveSymlink(path, t.getLinkName());
      out.present.add(path);
      out.links.put(path, new LayerResult.Link(type, linkTarget));
    } else if (type == EntryType.HARDLINK) {
      out.present.add(path);
      linkTarget = EntryPaths.normalize(t.getLinkName());
      if (linkTarget == EntryPaths.ESCAPES_ROOT) {
        out.issue("walker", out.location(path), "hard link target escapes the image root: "
            + printable(t.getLinkName()));
        return;
      }
      out.links.put(path, new LayerResult.Link(type, linkTarget));
    }
    if (type != EntryType.FILE && !index.wantsNonFiles()) {
      return;
    }
    long size = type == EntryType.FILE ? Math.max(0, t.getSize()) : 0;
    LayerEntry entry = new LayerEntry(path, type, size, t.getMode() & 07777, t.getLongUserId(),
        t.getLongGroupId(), linkTarget, modified(t));
    List<Analyzer> hits = index.match(entry);
    if (type == EntryType.FILE && isRemembered(entry, hits)) {
      // Only paths some analyzer selects can carry results in a lower layer, so only they need to be
      // remembered: memory stays bounded by what analyzers select, not by the layer's file count.
      out.present.add(path);
    }
    if (hits.isEmpty()) {
      return;
    }
    dispatch(entry, tin, hits, out, contexts);
  }

  /**
   * Whether a written file must be remembered. Sizes are ignored: a file that an analyzer read in a lower
   * layer and that is overwritten by one too big to read is still gone.
   */
  private boolean isRemembered(LayerEntry entry, List<Analyzer> hits) {
    if (presence == index && (!hits.isEmpty() || entry.size() <= smallestMaxSize)) {
      // the dispatch match already answered, sizes included or irrelevant: no second match per entry
      return !hits.isEmpty();
    }
    LayerEntry sizeless = new LayerEntry(entry.path(), entry.type(), 0, entry.mode(), entry.uid(), entry.gid(),
        entry.linkTarget(), entry.modified());
    return !presence.match(sizeless).isEmpty();
  }

  private void dispatch(LayerEntry entry, InputStream tin, List<Analyzer> hits, Collector out,
      Map<Analyzer, Context> contexts) throws IOException {
    List<Analyzer> eligible = hits;
    for (Analyzer a : hits) {
      if (entry.size() > a.selector().maxSize()) {
        if (eligible == hits) {
          eligible = new ArrayList<>(hits);
        }
        eligible.remove(a);
        out.issue(a.id(), out.location(entry.path()), "skipped: " + entry.size()
            + " bytes is over this analyzer's limit of " + a.selector().maxSize());
      }
    }
    if (eligible.isEmpty()) {
      return;
    }
    if (eligible.size() == 1) {
      run(eligible.get(0), entry, new EntryStream(tin), out, contexts);
      return;
    }
    if (entry.size() <= limits.maxBufferedEntryBytes()) {
      byte[] bytes = tin.readAllBytes();
      for (Analyzer a : eligible) {
        run(a, entry, new ByteArrayInputStream(bytes), out, contexts);
      }
      return;
    }
    Analyzer first = eligible.get(0);
    for (Analyzer a : eligible.subList(1, eligible.size())) {
      out.issue(a.id(), out.location(entry.path()), "skipped: " + entry.size()
          + " bytes is too large to buffer for several analyzers (limit maxBufferedEntryBytes "
          + limits.maxBufferedEntryBytes() + "); only " + first.id() + " read it");
    }
    run(first, entry, new EntryStream(tin), out, contexts);
  }

  private static void run(Analyzer a, LayerEntry entry, InputStream in, Collector out,
      Map<Analyzer, Context> contexts) throws IOException {
    try {
      a.analyze(entry, in, contexts.get(a));
    } catch (IOException | RuntimeException e) {
      rethrowIfLayerFailure(e);
      out.issue(a.id(), out.location(entry.path()), "analysis failed: " + describe(e));
    } catch (StackOverflowError e) {
      // A parser recursing on hostile input must not take the scan down with it.
      out.issue(a.id(), out.location(entry.path()), "analysis failed: input nested too deeply");
    }
  }

  /** Errors of the layer stream (and interruption) end the layer, even when an analyzer wrapped them. */
  private static void rethrowIfLayerFailure(Throwable e) throws IOException {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof LayerStreamException lse) {
        throw lse;
      }
      if (c instanceof InterruptedIOException iio) {
        throw iio;
      }
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    s = s.replace('\n', ' ').replace('\r', ' ');
    return s.length() > 500 ? s.substring(0, 500) + "..." : s;
  }

  private static EntryType typeOf(TarArchiveEntry t) {
    if (t.isSymbolicLink()) {
      return EntryType.SYMLINK;
    }
    if (t.isLink()) {
      return EntryType.HARDLINK;
    }
    if (t.isDirectory()) {
      return EntryType.DIRECTORY;
    }
    if (t.isCharacterDevice() || t.isBlockDevice() || t.isFIFO()) {
      return EntryType.OTHER;
    }
    if (t.isFile()) {
      return EntryType.FILE;
    }
    return EntryType.OTHER;
  }

  private static Instant modified(TarArchiveEntry t) {
    try {
      return t.getModTime().toInstant();
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }

  private static String basename(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** Escapes control characters so a hostile name cannot forge lines in a terminal or log. */
  static String printable(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        if (sb == null) {
          sb = new StringBuilder(s.substring(0, i));
        }
        sb.append(String.format("\\x%02x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** Marks failures of the layer stream so they can be told apart from analyzer failures. */
  private static final class LayerStreamException extends IOException {
    private static final long serialVersionUID = 1L;

    LayerStreamException(IOException cause) {
      super(cause.getMessage(), cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  /** Wraps the layer stream: tags its failures and enforces the uncompressed-size limit. */
  private static final class GuardedStream extends FilterInputStream {
    private final long max;
    private final LayerCoordinates layer;
    private final byte[] sink = new byte[65536];
    private long count;

    GuardedStream(InputStream in, long max, LayerCoordinates layer) {
      super(in);
      this.max = max;
      this.layer = layer;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = in.read(b, off, len);
      } catch (IOException e) {
        throw new LayerStreamException(e);
      }
      if (n > 0) {
        count += n;
        if (count > max) {
          throw new LayerStreamException(new LimitExceededException("layer " + layer.index()
              + ": more than " + max + " uncompressed bytes (limit maxLayerBytes)"));
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipping must still pass every byte through the digests below, so read instead.
      int r = read(sink, 0, (int) Math.min(n, sink.length));
      return Math.max(r, 0);
    }

    @Override
    public void close() {
      // The caller owns the layer stream.
    }
  }

  /** The current entry's bytes; close does nothing, since the tar stream continues. */
  private static final class EntryStream extends FilterInputStream {
    EntryStream(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // not ours to close
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /** Collects one layer's results from every analyzer's context. */
  private static final class Collector {
    final LayerCoordinates layer;
    final List<Package> packages = new ArrayList<>();
    final List<Finding> findings = new ArrayList<>();
    final List<LayerResult.OsCandidate> os = new ArrayList<>();
    final List<AnalysisIssue> issues = new ArrayList<>();
    final List<String> whiteouts = new ArrayList<>();
    final List<String> opaqueDirs = new ArrayList<>();
    final Set<String> present = new HashSet<>();
    final Map<String, LayerResult.Link> links = new HashMap<>();

    Collector(LayerCoordinates layer) {
      this.layer = layer;
    }

    Location location(String path) {
      return new Location(layer.ref(), path, null);
    }

    void issue(String analyzer, Location where, String message) {
      issues.add(new AnalysisIssue(analyzer, where, message));
    }

    LayerResult toResult(long entries) {
      return new LayerResult(layer.index(), List.copyOf(packages), List.copyOf(findings), List.copyOf(os),
          List.copyOf(issues), List.copyOf(whiteouts), List.copyOf(opaqueDirs), Set.copyOf(present),
          Map.copyOf(links), entries);
    }
  }

  /** One analyzer's view of one layer. */
  private final class Context implements AnalysisContext {
    private final Analyzer analyzer;
    private final Collector out;
    private Map<Class<?>, Object> state;

    Context(Analyzer analyzer, Collector out) {
      this.analyzer = analyzer;
      this.out = out;
    }

    @Override
    public LayerCoordinates layer() {
      return out.layer;
    }

    @Override
    public ScanLimits limits() {
      return limits;
    }

    @Override
    public Location location(String path) {
      return out.location(path);
    }

    @Override
    public void addPackage(Package pkg) {
      out.packages.add(Objects.requireNonNull(pkg, "pkg"));
    }

    @Override
    public void addFinding(Finding finding) {
      out.findings.add(Objects.requireNonNull(finding, "finding"));
    }

    @Override
    public void addOsRelease(String path, int precedence, OsRelease release) {
      out.os.add(new LayerResult.OsCandidate(path, precedence, release));
    }

    @Override
    public void addIssue(String path, String message) {
      out.issue(analyzer.id(), path == null ? null : out.location(path), message);
    }

    @Override
    public <T> T state(Class<T> type, Supplier<T> factory) {
      if (state == null) {
        state = new HashMap<>();
      }
      return type.cast(state.computeIfAbsent(type, k -> factory.get()));
    }
  }
}
