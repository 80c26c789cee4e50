package dev.stowaway.core.testing;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An {@link AnalysisContext} that records everything, for analyzer unit tests: feed entries with
 * {@link #feed}, then {@link #finish} and assert on the lists.
 */
public final class RecordingAnalysisContext implements AnalysisContext {

  /** An OS release as reported. */
  public record OsCandidate(String path, int precedence, OsRelease release) {}

  /** An issue as reported. */
  public record Issue(String path, String message) {}

  /** Layer 0 with a fixed fake diffID. */
  public static final LayerCoordinates LAYER0 =
      new LayerCoordinates(0, Digest.sha256Of("test-layer"), "test");

  private final LayerCoordinates layer;
  private final ScanLimits limits;
  public final List<Package> packages = new ArrayList<>();
  public final List<Finding> findings = new ArrayList<>();
  public final List<OsCandidate> osReleases = new ArrayList<>();
  public final List<Issue> issues = new ArrayList<>();
  private final Map<Class<?>, Object> state = new HashMap<>();

  /** A context for layer 0 with default limits. */
  public RecordingAnalysisContext() {
    this(LAYER0, ScanLimits.defaults());
  }

  /** @param layer the layer @param limits the limits */
  public RecordingAnalysisContext(LayerCoordinates layer, ScanLimits limits) {
    this.layer = layer;
    this.limits = limits;
  }

  /**
   * Offers one entry to the analyzer the way the walker does: only if its selector matches; through a
   * {@link ThrottledInputStream} when {@code throttled}; failing if the analyzer closes the stream.
   * Exceptions are recorded as issues, as the walker does.
   *
   * @return true if the selector matched
   */
  public boolean feed(Analyzer analyzer, LayerEntry entry, byte[] content, boolean throttled) {
    if (!analyzer.selector().matches(entry)) {
      return false;
    }
    InputStream raw = new ByteArrayInputStream(content);
    ThrottledInputStream in = new ThrottledInputStream(raw, throttled ? 1 : Integer.MAX_VALUE);
    try {
      analyzer.analyze(entry, in, this);
    } catch (IOException | RuntimeException e) {
      issues.add(new Issue(entry.path(), e.toString()));
    }
    if (in.wasClosed()) {
      throw new AssertionError(analyzer.id() + " closed the stream it does not own");
    }
    return true;
  }

  /** Feeds a text file. */
  public boolean feed(Analyzer analyzer, String path, String content) {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    return feed(analyzer, LayerEntry.file(path, b.length), b, false);
  }

  /** Feeds a file read from disk, at the given image path. */
  public boolean feed(Analyzer analyzer, String imagePath, Path file, boolean throttled) throws IOException {
    byte[] b = Files.readAllBytes(file);
    return feed(analyzer, LayerEntry.file(imagePath, b.length), b, throttled);
  }

  /** Calls finishLayer, recording exceptions as issues. */
  public void finish(Analyzer analyzer) {
    try {
      analyzer.finishLayer(this);
    } catch (IOException | RuntimeException e) {
      issues.add(new Issue(null, e.toString()));
    }
  }

  @Override
  public LayerCoordinates layer() {
    return layer;
  }

  @Override
  public ScanLimits limits() {
    return limits;
  }

  @Override
  public Location location(String path) {
    return new Location(layer.ref(), path, null);
  }

  @Override
  public void addPackage(Package pkg) {
    packages.add(pkg);
  }

  @Override
  public void addFinding(Finding finding) {
    findings.add(finding);
  }

  @Override
  public void addOsRelease(String path, int precedence, OsRelease release) {
    osReleases.add(new OsCandidate(path, precedence, release));
  }

  @Override
  public void addIssue(String path, String message) {
    issues.add(new Issue(path, message));
  }

  @Override
  public <T> T state(Class<T> type, Supplier<T> factory) {
    return type.cast(state.computeIfAbsent(type, k -> factory.get()));
  }
}
