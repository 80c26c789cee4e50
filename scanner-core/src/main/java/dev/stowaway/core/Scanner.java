package dev.stowaway.core;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.ConfigAnalyzer;
import dev.stowaway.api.analysis.ConfigContext;
import dev.stowaway.api.analysis.InventoryFinisher;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.AnalyzerInfo;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.vuln.AdvisorySource;
import dev.stowaway.core.cache.CachingLayerAnalysis;
import dev.stowaway.core.cache.LayerCache;
import dev.stowaway.core.image.LayerStreams;
import dev.stowaway.core.image.RootfsImage;
import dev.stowaway.core.match.MatchReport;
import dev.stowaway.core.match.VulnerabilityMatcher;
import dev.stowaway.core.merge.LayerMerger;
import dev.stowaway.core.merge.MergedLayers;
import dev.stowaway.core.walk.LayerResult;
import dev.stowaway.core.walk.LayerWalker;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The entry point for embedders: scans an {@link Image} with every analyzer found on the class path
 * (or the ones given) and returns a merged {@link ScanResult}.
 *
 * <pre>{@code
 * Scanner scanner = Scanner.builder().build();
 * try (Image image = ImageSources.open("oci:/images/app:latest", SourceOptions.defaults())) {
 *   ScanResult result = scanner.scan(image);
 * }
 * }</pre>
 *
 * <p>Each layer is read once, as a stream, by one task on a bounded pool (layers in parallel); the
 * per-layer results are merged base first afterwards. A layer that cannot be read or does not match its
 * digests fails the scan with an {@link ImageFormatException} naming it. Problems with single files are
 * recorded as issues on the result. With a {@link Builder#layerCache layer cache}, layers whose results are
 * cached are not read at all.
 *
 * <p>Immutable and thread-safe: one scanner can run several scans at once. It holds no global state,
 * never prints, and never exits the JVM.
 */
public final class Scanner {

  private final List<Analyzer> analyzers;
  private final List<ConfigAnalyzer> configAnalyzers;
  private final List<InventoryFinisher> finishers;
  private final ScanLimits limits;
  private final int parallelism;
  private final ScanListener listener;
  private final Clock clock;
  private final LayerWalker walker;
  private final AdvisorySource advisories;
  private final boolean ignoreUnfixed;
  /** Null without a layer cache. */
  private final CachingLayerAnalysis cachedLayers;

  private Scanner(Builder b) {
    Set<String> disabled = Set.copyOf(b.disabled);
    this.analyzers = ProviderRegistry.load(Analyzer.class, b.loader, b.discover, b.analyzers, disabled, Analyzer::id);
    this.configAnalyzers = ProviderRegistry.load(ConfigAnalyzer.class, b.loader, b.discover, b.configAnalyzers,
        disabled, ConfigAnalyzer::id);
    this.finishers = ProviderRegistry.load(InventoryFinisher.class, b.loader, b.discover, b.finishers, disabled,
        InventoryFinisher::id);
    Set<String> ids = new HashSet<>();
    for (AnalyzerInfo a : describe()) {
      if (!ids.add(a.id())) {
        throw new IllegalStateException("two analyzers of different kinds have the id '" + a.id() + "'");
      }
    }
    this.limits = b.limits;
    this.parallelism = b.parallelism;
    this.listener = b.listener;
    this.clock = b.clock;
    this.walker = new LayerWalker(analyzers, limits);
    this.advisories = b.advisories;
    this.ignoreUnfixed = b.ignoreUnfixed;
    this.cachedLayers = b.layerCache == null ? null : new CachingLayerAnalysis(analyzers, limits, b.layerCache);
  }

  /**
   * Starts a scanner configuration: analyzers discovered with the class loader that loaded this class,
   * default limits, one layer task per available processor.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns every analyzer, config analyzer and finisher this scanner runs, sorted by id.
   *
   * @return id and version of each
   */
  public List<AnalyzerInfo> analyzers() {
    return describe();
  }

  private List<AnalyzerInfo> describe() {
    List<AnalyzerInfo> out = new ArrayList<>();
    analyzers.forEach(a -> out.add(new AnalyzerInfo(a.id(), a.version())));
    configAnalyzers.forEach(a -> out.add(new AnalyzerInfo(a.id(), a.version())));
    finishers.forEach(a -> out.add(new AnalyzerInfo(a.id(), a.version())));
    out.sort((x, y) -> x.id().compareTo(y.id()));
    return out;
  }

  /**
   * Scans an image. Does not close it.
   *
   * @param image the image; not null
   * @return the merged result
   * @throws ImageFormatException if a layer is corrupt or does not match its digests (the message names
   *     the layer)
   * @throws IOException if a layer cannot be read
   */
  public ScanResult scan(Image image) throws IOException {
    Objects.requireNonNull(image, "image");
    ImageConfig config = image.config();
    List<Layer> layers = image.layers();
    List<HistoryEntry> history = config.layerHistory();
    List<LayerInfo> infos = new ArrayList<>();
    List<LayerRef> refs = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      String createdBy = i < history.size() ? history.get(i).createdBy() : null;
      infos.add(new LayerInfo(i, l.digest(), l.diffId(), l.size(), createdBy));
      refs.add(new LayerRef(i, l.diffId()));
    }
    // With a layer cache, an image whose every layer is content-addressed has more entries: its finished
    // inventory, so that a warm scan neither decodes nor merges its layers' entries, and what its config
    // analyzers reported.
    String imageKey = null;
    if (cachedLayers != null && !layers.isEmpty() && layers.stream().allMatch(LayerStreams::isContentAddressed)) {
      imageKey = cachedLayers.imageKey(infos, finishers);
    }
    ConfigRun configRun = image instanceof RootfsImage || configAnalyzers.isEmpty() ? null
        : startConfigAnalyzers(image.name(), config, image.configDigest(), refs, imageKey);
    try {
      return scan(image, config, layers, infos, refs, imageKey, configRun);
    } finally {
      if (configRun != null) {
        configRun.cancel(); // done by now unless the layers failed
      }
    }
  }

  private ScanResult scan(Image image, ImageConfig config, List<Layer> layers, List<LayerInfo> infos,
      List<LayerRef> refs, String imageKey, ConfigRun configRun) throws IOException {
    MergedLayers merged = imageKey == null ? null : cachedLayers.lookUpImage(imageKey);
    if (merged == null) {
      AtomicBoolean verified = new AtomicBoolean(true);
      List<LayerResult> results = walkAll(layers, infos, verified);
      MergedLayers raw = new LayerMerger().merge(results, refs);
      List<Package> finished = raw.packages();
      for (InventoryFinisher f : finishers) {
        finished = List.copyOf(f.finish(raw.os(), finished));
      }
      // in report order from here on, so that the cached inventory is too: a warm scan's sort below then only
      // confirms the order (a comparison per package instead of a full sort of thousands)
      finished = finished.stream().sorted(ResultOrder.PACKAGES).toList();
      merged = new MergedLayers(raw.os(), finished, raw.findings(), raw.issues());
      if (imageKey != null && verified.get()) {
        cachedLayers.storeImage(imageKey, merged);
      } else {
        imageKey = null; // nothing below is cached for an inventory that is not
      }
    }

    List<Package> packages = merged.packages();
    List<Finding> findings = new ArrayList<>(merged.findings());
    List<AnalysisIssue> issues = new ArrayList<>(merged.issues());
    if (image instanceof RootfsImage rootfs) {
      // A directory has no real config to check; what it could not read is reported instead.
      issues.addAll(rootfs.readIssues());
    } else if (configRun != null) {
      CachingLayerAnalysis.ConfigResults configResults = configRun.results();
      findings.addAll(configResults.findings());
      issues.addAll(configResults.issues());
    }
    // upstream advisories held back because a distro package provides the package: kept, hidden, explained
    java.util.Map<Finding, dev.stowaway.api.report.Suppression> backports = new java.util.LinkedHashMap<>();
    if (advisories != null) {
      CachingLayerAnalysis.Matches matched = match(imageKey, packages);
      for (VulnerabilityFinding v : matched.findings()) {
        if (!ignoreUnfixed || v.fixedVersion() != null) {
          findings.add(v);
        }
      }
      matched.backports().forEach((v, s) -> {
        if (!ignoreUnfixed || v.fixedVersion() != null) {
          findings.add(v);
          backports.put(v, s);
        }
      });
    }

    return new ScanResult(
        new ArtifactInfo(image.name(), image.manifestDigest(), image.configDigest(), config, infos),
        merged.os(),
        packages, // in ResultOrder.PACKAGES already (sorted before the inventory is cached)
        findings.stream().sorted(ResultOrder.FINDINGS).toList(),
        issues.stream().sorted(ResultOrder.ISSUES).toList(),
        describe(),
        clock.instant(),
        backports);
  }

  /**
   * The config analyzers' results for this scan: from the layer cache when the image was scanned before
   * (then none of them runs), else from a run on a thread of their own, started here, while the layers are
   * walked; that run's results are stored when the scan takes them.
   */
  private ConfigRun startConfigAnalyzers(String name, ImageConfig config, dev.stowaway.api.image.Digest configDigest,
      List<LayerRef> refs, String imageKey) {
    String key = imageKey == null ? null : CachingLayerAnalysis.configKey(imageKey, name, configDigest, configAnalyzers);
    CachingLayerAnalysis.ConfigResults cached = key == null ? null : cachedLayers.lookUpConfig(key);
    if (cached != null) {
      return new ConfigRun(cached, null, null);
    }
    FutureTask<CachingLayerAnalysis.ConfigResults> task = new FutureTask<>(() -> {
      List<Finding> findings = new ArrayList<>();
      List<AnalysisIssue> issues = new ArrayList<>();
      runConfigAnalyzers(name, config, refs, findings, issues);
      return new CachingLayerAnalysis.ConfigResults(findings, issues);
    });
    Thread t = new Thread(task, "stowaway-config");
    t.setDaemon(true);
    t.start();
    return new ConfigRun(null, task, key);
  }

  /** Cached results, or a running task whose results are stored under {@code key} (when not null). */
  private final class ConfigRun {
    private CachingLayerAnalysis.ConfigResults results;
    private final FutureTask<CachingLayerAnalysis.ConfigResults> task;
    private final String key;

    ConfigRun(CachingLayerAnalysis.ConfigResults results, FutureTask<CachingLayerAnalysis.ConfigResults> task,
        String key) {
      this.results = results;
      this.task = task;
      this.key = key;
    }

    CachingLayerAnalysis.ConfigResults results() throws IOException {
      if (results == null) {
        results = await(task, List.of());
        if (key != null) {
          cachedLayers.storeConfig(key, results);
        }
      }
      return results;
    }

    void cancel() {
      if (task != null) {
        task.cancel(true);
      }
    }
  }

  /**
   * Matches the inventory against the advisories. With a cached inventory ({@code imageKey} not null) and a
   * source that tells its content version, the result is cached too, under both: the same image scanned
   * again against unchanged data is not matched again, and any change of the data (an import, an update)
   * is another key, so the scan then matches against the new data.
   */
  private CachingLayerAnalysis.Matches match(String imageKey, List<Package> packages) {
    VulnerabilityMatcher matcher = new VulnerabilityMatcher(advisories);
    String key = null;
    if (imageKey != null) {
      java.util.Optional<String> version = advisories.contentVersion();
      if (version.isPresent()) {
        key = CachingLayerAnalysis.matchesKey(imageKey, matcher.settingsKey(), version.get());
        CachingLayerAnalysis.Matches cached = cachedLayers.lookUpMatches(key);
        if (cached != null) {
          return cached;
        }
      }
    }
    MatchReport report = matcher.matchInventory(packages);
    CachingLayerAnalysis.Matches matches = new CachingLayerAnalysis.Matches(report.findings(), report.backports());
    if (key != null) {
      cachedLayers.storeMatches(key, matches);
    }
    return matches;
  }

  /** Walks (or looks up) every layer; clears {@code verified} when some layer's result is not verified. */
  private List<LayerResult> walkAll(List<Layer> layers, List<LayerInfo> infos, AtomicBoolean verified)
      throws IOException {
    if (layers.isEmpty()) {
      return List.of();
    }
    int threads = Math.max(1, Math.min(parallelism, layers.size()));
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "stowaway-layer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<LayerResult>> futures = new ArrayList<>(java.util.Collections.nCopies(layers.size(), null));
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        order.add(i);
      }
      if (threads > 1) {
        // largest (compressed) layer first: started last, it would leave the other threads idle at the end
        order.sort(java.util.Comparator.comparingLong((Integer i) -> infos.get(i).size()).reversed());
      }
      for (int index : order) {
        futures.set(index, pool.submit(() -> walkOne(layers.get(index), infos.get(index), layers.size(), verified)));
      }
      List<LayerResult> out = new ArrayList<>();
      for (Future<LayerResult> f : futures) {
        out.add(await(f, futures));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private LayerResult walkOne(Layer layer, LayerInfo info, int count, AtomicBoolean verified) throws IOException {
    listener.layerStarted(info, count);
    String what = "layer " + info.index() + " (" + info.diffId().shortHex() + ")";
    LayerCoordinates at = new LayerCoordinates(info.index(), info.diffId(), info.createdBy());
    LayerResult r;
    if (cachedLayers != null && LayerStreams.isContentAddressed(layer)) {
      // The blob is opened only if some result is missing, so a cached layer is never downloaded. A layer
      // whose diffID is made up (a root filesystem directory) would only fill the cache with dead entries.
      CachingLayerAnalysis.LayerAnalysis a =
          cachedLayers.analyzeLayer(at, layer.digest(), () -> LayerStreams.openVerifiedTar(layer, what, limits));
      if (!a.verified()) {
        verified.set(false);
      }
      r = a.result();
    } else {
      verified.set(false);
      try (InputStream tar = LayerStreams.openVerifiedTar(layer, what, limits)) {
        r = walker.walk(tar, at);
      }
    }
    listener.layerFinished(info, count, r.entryCount());
    return r;
  }

  private static <T> T await(Future<T> f, List<? extends Future<?>> all) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      all.forEach(x -> x.cancel(true));
      throw new InterruptedIOException("scan interrupted");
    } catch (ExecutionException e) {
      all.forEach(x -> x.cancel(true));
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  private void runConfigAnalyzers(String imageName, ImageConfig config, List<LayerRef> refs, List<Finding> findings,
      List<AnalysisIssue> issues) {
    for (ConfigAnalyzer a : configAnalyzers) {
      ConfigContext ctx = new ConfigContext() {
        @Override
        public String imageName() {
          return imageName;
        }

        @Override
        public Location configLocation() {
          return new Location(null, "config", null);
        }

        @Override
        public Location historyLocation(int historyIndex) {
          List<HistoryEntry> h = config.history();
          LayerRef layer = null;
          if (historyIndex >= 0 && historyIndex < h.size() && !h.get(historyIndex).emptyLayer()) {
            int layerIndex = 0;
            for (int i = 0; i < historyIndex; i++) {
              if (!h.get(i).emptyLayer()) {
                layerIndex++;
              }
            }
            layer = layerIndex < refs.size() ? refs.get(layerIndex) : null;
          }
          return new Location(layer, "history[" + historyIndex + "]", null);
        }

        @Override
        public void addFinding(Finding finding) {
          findings.add(Objects.requireNonNull(finding, "finding"));
        }

        @Override
        public void addIssue(String message) {
          issues.add(new AnalysisIssue(a.id(), null, message));
        }
      };
      try {
        a.analyze(config, ctx);
      } catch (RuntimeException e) {
        issues.add(new AnalysisIssue(a.id(), null, "analysis failed: " + e));
      }
    }
  }

  /** Configures a {@link Scanner}. Not thread-safe; build once and share the scanner. */
  public static final class Builder {
    private ClassLoader loader = Scanner.class.getClassLoader();
    private boolean discover = true;
    private final List<Analyzer> analyzers = new ArrayList<>();
    private final List<ConfigAnalyzer> configAnalyzers = new ArrayList<>();
    private final List<InventoryFinisher> finishers = new ArrayList<>();
    private final Set<String> disabled = new HashSet<>();
    private ScanLimits limits = ScanLimits.defaults();
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private ScanListener listener = ScanListener.NONE;
    private Clock clock = Clock.systemUTC();
    private AdvisorySource advisories;
    private boolean ignoreUnfixed;
    private LayerCache layerCache;

    private Builder() {}

    /**
     * Caches per-layer results in this cache (default: none, every layer is read on every scan). With a
     * cache, a layer whose results are all cached is not opened at all, and only the analyzers whose
     * results are missing run on the others; the scan result is the same either way. See
     * {@link CachingLayerAnalysis} for the keys and what is stored.
     *
     * @param cache the cache, for example a {@link dev.stowaway.core.cache.FileLayerCache}, or null for none;
     *     the scanner only reads and writes it
     * @return this builder
     */
    public Builder layerCache(LayerCache cache) {
      layerCache = cache;
      return this;
    }

    /**
     * Matches the inventory against these advisories (default: none, so no vulnerability findings).
     * The source is only read; the caller keeps owning and closing it.
     *
     * @param source the advisories, or null for none
     * @return this builder
     */
    public Builder advisories(AdvisorySource source) {
      advisories = source;
      return this;
    }

    /**
     * Leaves out vulnerabilities that have no fixed version yet (default: reported).
     *
     * @param on whether to leave them out
     * @return this builder
     */
    public Builder ignoreUnfixed(boolean on) {
      ignoreUnfixed = on;
      return this;
    }

    /**
     * Sets the class loader used to discover analyzers (default: the one that loaded the core).
     *
     * @param l the loader; not null
     * @return this builder
     */
    public Builder classLoader(ClassLoader l) {
      loader = Objects.requireNonNull(l, "loader");
      return this;
    }

    /**
     * Turns {@link java.util.ServiceLoader} discovery on or off (default on). With it off, only the
     * analyzers added explicitly run: useful in tests and for shaded or native builds.
     *
     * @param on whether to discover
     * @return this builder
     */
    public Builder discover(boolean on) {
      discover = on;
      return this;
    }

    /**
     * Adds an analyzer explicitly.
     *
     * @param a the analyzer; not null
     * @return this builder
     */
    public Builder analyzer(Analyzer a) {
      analyzers.add(Objects.requireNonNull(a, "analyzer"));
      return this;
    }

    /**
     * Adds a config analyzer explicitly.
     *
     * @param a the analyzer; not null
     * @return this builder
     */
    public Builder configAnalyzer(ConfigAnalyzer a) {
      configAnalyzers.add(Objects.requireNonNull(a, "configAnalyzer"));
      return this;
    }

    /**
     * Adds an inventory finisher explicitly.
     *
     * @param f the finisher; not null
     * @return this builder
     */
    public Builder finisher(InventoryFinisher f) {
      finishers.add(Objects.requireNonNull(f, "finisher"));
      return this;
    }

    /**
     * Leaves out analyzers, config analyzers or finishers by id.
     *
     * @param ids the ids
     * @return this builder
     */
    public Builder disable(String... ids) {
      disabled.addAll(List.of(ids));
      return this;
    }

    /**
     * Sets the limits (default {@link ScanLimits#defaults()}).
     *
     * @param l the limits; not null
     * @return this builder
     */
    public Builder limits(ScanLimits l) {
      limits = Objects.requireNonNull(l, "limits");
      return this;
    }

    /**
     * Sets how many layers are read at once (default: available processors).
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder parallelism(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1");
      }
      parallelism = n;
      return this;
    }

    /**
     * Sets the progress listener (default none).
     *
     * @param l the listener; not null
     * @return this builder
     */
    public Builder listener(ScanListener l) {
      listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /**
     * Sets the clock that stamps results (default UTC system clock); tests fix it.
     *
     * @param c the clock; not null
     * @return this builder
     */
    public Builder clock(Clock c) {
      clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Builds the scanner, loading the analyzers.
     *
     * @return the scanner
     * @throws IllegalStateException if two analyzers share an id
     */
    public Scanner build() {
      return new Scanner(this);
    }
  }
}
