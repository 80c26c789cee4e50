package dev.stowaway.core.cache;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.walk.LayerResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs one analyzer for the walk of one layer and keeps what it reports apart from the other analyzers'
 * results, so that each analyzer's contribution can be cached on its own. Issues still go to the walker's
 * context (which files them under this analyzer's id, like the walker's own issues about this analyzer).
 *
 * <p>One instance per analyzer per layer walk; the walker calls it from that walk's thread only.
 */
final class RecordingAnalyzer implements Analyzer {
  final Analyzer delegate;
  final LayerPart.Analysis part = new LayerPart.Analysis();
  private AnalysisContext outer;
  private AnalysisContext inner;

  RecordingAnalyzer(Analyzer delegate) {
    this.delegate = delegate;
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public String version() {
    return delegate.version();
  }

  @Override
  public String settingsKey() {
    return delegate.settingsKey();
  }

  @Override
  public EntrySelector selector() {
    return delegate.selector();
  }

  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    delegate.analyze(entry, content, wrap(context));
  }

  @Override
  public void finishLayer(AnalysisContext context) throws IOException {
    delegate.finishLayer(wrap(context));
  }

  private AnalysisContext wrap(AnalysisContext context) {
    if (context != outer) {
      outer = context;
      inner = new Recording(context);
    }
    return inner;
  }

  private final class Recording implements AnalysisContext {
    private final AnalysisContext walker;

    Recording(AnalysisContext walker) {
      this.walker = walker;
    }

    @Override
    public LayerCoordinates layer() {
      return walker.layer();
    }

    @Override
    public ScanLimits limits() {
      return walker.limits();
    }

    @Override
    public Location location(String path) {
      return walker.location(path);
    }

    @Override
    public void addPackage(Package pkg) {
      part.packages.add(Objects.requireNonNull(pkg, "pkg"));
    }

    @Override
    public void addFinding(Finding finding) {
      part.findings.add(Objects.requireNonNull(finding, "finding"));
    }

    @Override
    public void addOsRelease(String path, int precedence, OsRelease release) {
      part.osReleases.add(new LayerResult.OsCandidate(path, precedence, release));
    }

    @Override
    public void addIssue(String path, String message) {
      walker.addIssue(path, message);
    }

    @Override
    public <T> T state(Class<T> type, Supplier<T> factory) {
      return walker.state(type, factory);
    }
  }
}
