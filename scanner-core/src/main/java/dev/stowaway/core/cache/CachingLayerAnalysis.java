package dev.stowaway.core.cache;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.ConfigAnalyzer;
import dev.stowaway.api.analysis.InventoryFinisher;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.core.merge.MergedLayers;
import dev.stowaway.core.walk.LayerResult;
import dev.stowaway.core.walk.LayerWalker;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Analyses layers through a {@link LayerCache}: what is cached for a layer is decoded, only the analyzers
 * whose results are missing run, and the layer is not opened at all when nothing is missing (so a registry
 * source never downloads it).
 *
 * <p>Entries, each under the SHA-256 of a key text that names everything it depends on:
 * <ul>
 *   <li>one per (layer, analyzer): the analyzer's packages, findings, OS descriptions and issues; keyed by the
 *       cache schema, the layer's diffID and blob digest, the analyzer's id, version, class and {@link Analyzer#settingsKey()},
 *       and every {@link ScanLimits} value. Bumping one analyzer's version invalidates exactly its entries;
 *       a scan then re-reads the layers but runs only that analyzer;</li>
 *   <li>one per layer: the facts the layer merge needs whatever the analyzers (whiteouts, opaque
 *       directories, written paths, links, entry count, the walker's own issues); keyed by the cache schema,
 *       the walker-facts version, the diffID, the blob digest, the limits and the keys of the whole analyzer
 *       set (the walker remembers only written paths that some analyzer selects);</li>
 *   <li>one per image: its finished inventory (the merged layers after every {@link InventoryFinisher}: OS,
 *       packages, findings, issues), keyed by the facts' key parts, the merge's version, every finisher's
 *       id, version and class, and every layer's index, diffID and blob digest in order. A warm scan of an
 *       image scanned before then neither decodes its layers' entries nor merges them. Stored only when every
 *       layer's result was itself verified (a complete walk, or entries).</li>
 *   <li>one per image inventory, matcher setting and advisory data version: the vulnerabilities matched for
 *       the inventory ({@link #matchesKey});</li>
 *   <li>one per image, name and config analyzer set: what the {@link ConfigAnalyzer}s reported for its config
 *       ({@link #configKey}), so that a warm scan runs none of them.</li>
 * </ul>
 * Only a complete walk is stored: the layer stream was read to its end, so its blob digest (and, for an
 * uncompressed blob, the diffID) was verified (a mismatch, truncation or limit ends the walk with an exception and nothing is stored). A
 * lookup that fails, or an entry that does not decode, is a miss, and the fresh result replaces the entry.
 * Storage failures are ignored: the cache never changes a scan's result or makes it fail.
 *
 * <p>Results are assembled the same way whether they come from the cache or a walk (analyzers in id order),
 * so a warm scan gives exactly the result of a cold one.
 *
 * <p>Immutable and thread-safe: one instance serves every layer of every scan of a scanner.
 */
public final class CachingLayerAnalysis {

  /** Bump when the meaning of an entry changes in a way {@link EntryCodec#FORMAT} does not capture. */
  static final int SCHEMA = 2;
  /**
   * Bump when {@link LayerWalker} records whiteouts, written paths, links or its own issues differently.
   * These facts are cached once per layer, whatever the analyzers, which is right only while the walker
   * records them whatever the analyzers (WalkerFactsTest pins that).
   */
  static final int WALKER_FACTS = 2;
  /** Bump when {@link dev.stowaway.core.merge.LayerMerger} merges the same layer results differently. */
  static final int IMAGE_INVENTORY = 1;
  /** Bump when the matches entry's content changes meaning. */
  static final int MATCHES = 1;
  /** Bump when the config results entry's content changes meaning. */
  static final int CONFIG_RESULTS = 1;
  /**
   * Layers whose facts would take more than this (the paths of millions of files) are not cached: the
   * entry would cost more memory than reading the layer again saves.
   */
  static final long MAX_FACTS_CHARS = 32L << 20;

  private final List<Analyzer> analyzers;
  private final ScanLimits limits;
  private final LayerCache cache;
  private final Map<Analyzer, String> keyPrefixes = new HashMap<>();
  private final String factsPrefix;

  /** Opens a layer's verified, uncompressed tar stream; see {@link #analyze}. */
  @FunctionalInterface
  public interface TarOpener {
    /**
     * @return the stream; the caller closes it
     * @throws IOException if the layer cannot be opened
     */
    InputStream open() throws IOException;
  }

  /**
   * Creates the layer analysis of one scanner.
   *
   * @param analyzers the scanner's analyzers; not null
   * @param limits the scanner's limits (every value is part of every key); not null
   * @param cache where entries live; not null; its thread safety is the implementation's
   */
  public CachingLayerAnalysis(List<Analyzer> analyzers, ScanLimits limits, LayerCache cache) {
    List<Analyzer> sorted = new ArrayList<>(analyzers);
    sorted.sort(Comparator.comparing(Analyzer::id));
    this.analyzers = List.copyOf(sorted);
    this.limits = Objects.requireNonNull(limits, "limits");
    this.cache = Objects.requireNonNull(cache, "cache");
    String common = "stowaway-layer-cache " + SCHEMA + "/" + EntryCodec.FORMAT + "\nlimits " + limits + "\n";
    for (Analyzer a : this.analyzers) {
      keyPrefixes.put(a, common + "analyzer " + a.id() + "\nversion " + a.version() + "\nclass "
          + a.getClass().getName() + "\nsettings " + Digest.sha256Of(a.settingsKey()).hex() + "\n");
    }
    // The walker remembers only the written paths some analyzer selects, so the facts belong to the whole
    // analyzer set: its every member's key is part of theirs.
    StringBuilder set = new StringBuilder();
    for (Analyzer a : this.analyzers) {
      set.append(Digest.sha256Of(keyPrefixes.get(a)).hex()).append('\n');
    }
    this.factsPrefix = common + "walker-facts " + WALKER_FACTS + "\nanalyzers " + Digest.sha256Of(set.toString()).hex()
        + "\n";
  }

  /**
   * Returns one layer's result, from the cache where possible.
   *
   * @param layer the layer's coordinates; not null
   * @param blobDigest the digest of the layer's blob as the manifest names it; part of every key, because it
   *     is the digest a read verifies (the diffID of a compressed blob is the config's claim, not checked)
   * @param opener opens the layer's verified tar; called at most once, and only if something is missing
   * @return the layer's result, equal to what a walk with every analyzer gives
   * @throws IOException if the layer must be read and cannot be (as from {@link LayerWalker#walk})
   */
  public LayerResult analyze(LayerCoordinates layer, Digest blobDigest, TarOpener opener) throws IOException {
    return analyzeLayer(layer, blobDigest, opener).result();
  }

  /**
   * One layer's result and whether it may go into an image's entry.
   *
   * @param result the layer's result; never null
   * @param verified true when the result came from entries or from a walk that read the whole (so verified)
   *     layer stream; false when a walk ended early
   */
  public record LayerAnalysis(LayerResult result, boolean verified) {}

  /**
   * As {@link #analyze}, also telling whether the result is verified (see {@link LayerAnalysis}).
   *
   * @param layer the layer's coordinates; not null
   * @param blobDigest the digest of the layer's blob as the manifest names it
   * @param opener opens the layer's verified tar; called at most once, and only if something is missing
   * @return the layer's result and whether it is verified
   * @throws IOException if the layer must be read and cannot be
   */
  public LayerAnalysis analyzeLayer(LayerCoordinates layer, Digest blobDigest, TarOpener opener) throws IOException {
    LayerRef self = layer.ref();
    String layerKey = "layer " + layer.diffId() + " blob " + blobDigest + "\n";
    String factsKey = factsPrefix + layerKey;
    LayerPart.Facts facts = lookUp(factsKey, self, EntryCodec::decodeFacts);
    Map<Analyzer, LayerPart.Analysis> parts = new LinkedHashMap<>();
    List<Analyzer> missing = new ArrayList<>();
    for (Analyzer a : analyzers) {
      LayerPart.Analysis part = lookUp(keyText(a, layerKey), self, EntryCodec::decodeAnalysis);
      parts.put(a, part);
      if (part == null) {
        missing.add(a);
      }
    }
    if (facts != null && missing.isEmpty()) {
      return new LayerAnalysis(assemble(layer, facts, parts), true);
    }

    List<RecordingAnalyzer> running = missing.stream().map(RecordingAnalyzer::new).toList();
    LayerResult walked;
    boolean complete;
    try (InputStream tar = opener.open()) {
      EndWatch watched = new EndWatch(tar);
      walked = new LayerWalker(List.copyOf(running), analyzers, limits).walk(watched, layer);
      complete = watched.reachedEnd;
    }
    Map<String, LayerPart.Analysis> fresh = new HashMap<>();
    for (RecordingAnalyzer r : running) {
      fresh.put(r.id(), r.part);
      parts.put(r.delegate, r.part);
    }
    List<AnalysisIssue> walkerIssues = new ArrayList<>();
    for (AnalysisIssue i : walked.issues()) {
      LayerPart.Analysis owner = fresh.get(i.analyzer());
      if (owner != null) {
        owner.issues.add(i);
      } else {
        walkerIssues.add(i);
      }
    }
    LayerPart.Facts walkedFacts = new LayerPart.Facts(List.copyOf(walkerIssues), walked.whiteouts(),
        walked.opaqueDirs(), walked.present(), walked.links(), walked.entryCount());
    if (complete) {
      if (facts == null && size(walkedFacts) <= MAX_FACTS_CHARS) {
        store(factsKey, () -> EntryCodec.encodeFacts(factsKey, self, walkedFacts));
      }
      for (RecordingAnalyzer r : running) {
        String key = keyText(r.delegate, layerKey);
        store(key, () -> EntryCodec.encodeAnalysis(key, self, r.part));
      }
    }
    return new LayerAnalysis(assemble(layer, facts != null ? facts : walkedFacts, parts), complete);
  }

  /**
   * The key text of an image's finished inventory (see the class comment).
   *
   * @param layers the image's layers in order (index, diffID and blob digest as the manifest names it); not null
   * @param finishers the scanner's finishers in the order they run; not null
   * @return the key text for {@link #lookUpImage} and {@link #storeImage}
   */
  public String imageKey(List<LayerInfo> layers, List<InventoryFinisher> finishers) {
    StringBuilder key = new StringBuilder(factsPrefix).append("image-inventory ").append(IMAGE_INVENTORY).append('\n');
    for (InventoryFinisher f : finishers) {
      key.append("finisher ").append(f.id()).append(' ').append(f.version()).append(' ')
          .append(f.getClass().getName()).append('\n');
    }
    for (LayerInfo l : layers) {
      key.append("layer ").append(l.index()).append(' ').append(l.diffId()).append(" blob ").append(l.digest())
          .append('\n');
    }
    return key.toString();
  }

  /**
   * Looks up an image's finished inventory.
   *
   * @param keyText from {@link #imageKey}
   * @return the inventory, or null on a miss (no entry, unreadable, or not decodable)
   */
  public MergedLayers lookUpImage(String keyText) {
    return lookUp(keyText, null, (entry, key, self) -> EntryCodec.decodeInventory(entry, key));
  }

  /**
   * The vulnerabilities matched for an image's finished inventory.
   *
   * @param findings the findings, in the matcher's order; copied
   * @param backports the backport suppressions by finding, in the matcher's order; copied
   */
  public record Matches(List<VulnerabilityFinding> findings, Map<VulnerabilityFinding, Suppression> backports) {
    /** Copies both, keeping the order of the map. */
    public Matches {
      findings = List.copyOf(findings);
      backports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(backports));
    }
  }

  /**
   * The key text of the vulnerabilities matched for an image's inventory: the inventory's key, the matcher's
   * {@link dev.stowaway.core.match.VulnerabilityMatcher#settingsKey()}, and the advisory source's
   * {@link dev.stowaway.api.vuln.AdvisorySource#contentVersion()} (any change of the data is another key).
   *
   * @param imageKey from {@link #imageKey}
   * @param matcherKey the matcher's settings key
   * @param advisoriesVersion the source's content version
   * @return the key text for {@link #lookUpMatches} and {@link #storeMatches}
   */
  public static String matchesKey(String imageKey, String matcherKey, String advisoriesVersion) {
    return imageKey + "matches " + MATCHES + "\n" + matcherKey + "advisories " + advisoriesVersion + "\n";
  }

  /**
   * Looks up the vulnerabilities matched for an image.
   *
   * @param keyText from {@link #matchesKey}
   * @return them, or null on a miss
   */
  public Matches lookUpMatches(String keyText) {
    return lookUp(keyText, null, (entry, key, self) -> EntryCodec.decodeMatches(entry, key));
  }

  /**
   * Stores the vulnerabilities matched for an image; failures are ignored (the next scan matches again).
   *
   * @param keyText from {@link #matchesKey}
   * @param matches what the matcher found
   */
  public void storeMatches(String keyText, Matches matches) {
    store(keyText, () -> EntryCodec.encodeMatches(keyText, matches));
  }

  /**
   * What the config analyzers reported for an image, in the order they reported it.
   *
   * @param findings the findings; copied
   * @param issues the issues; copied
   */
  public record ConfigResults(List<Finding> findings, List<AnalysisIssue> issues) {
    /** Copies both. */
    public ConfigResults {
      findings = List.copyOf(findings);
      issues = List.copyOf(issues);
    }
  }

  /**
   * The key text of what the config analyzers report for an image: the image's inventory key (its layers,
   * which the findings' locations name), the image's name (an analyzer may judge it, as the {@code latest}
   * tag check does), the config's digest (the config is read verified against it) and every config
   * analyzer's id, version, class and {@link ConfigAnalyzer#settingsKey()}, in the order they run.
   *
   * @param imageKey from {@link #imageKey}
   * @param imageName the image's name as the analyzers see it
   * @param configDigest the digest of the image's config
   * @param configAnalyzers the config analyzers, in the order they run
   * @return the key text for {@link #lookUpConfig} and {@link #storeConfig}
   */
  public static String configKey(String imageKey, String imageName, Digest configDigest,
      List<ConfigAnalyzer> configAnalyzers) {
    StringBuilder key = new StringBuilder(imageKey).append("config-results ").append(CONFIG_RESULTS).append('\n')
        .append("image-name ").append(imageName.length()).append(' ').append(imageName).append('\n')
        .append("config ").append(configDigest).append('\n');
    for (ConfigAnalyzer a : configAnalyzers) {
      key.append("config-analyzer ").append(a.id()).append(' ').append(a.version()).append(' ')
          .append(a.getClass().getName()).append(" settings ").append(Digest.sha256Of(a.settingsKey()).hex())
          .append('\n');
    }
    return key.toString();
  }

  /**
   * Looks up what the config analyzers reported for an image.
   *
   * @param keyText from {@link #configKey}
   * @return the results, or null on a miss
   */
  public ConfigResults lookUpConfig(String keyText) {
    return lookUp(keyText, null, (entry, key, self) -> EntryCodec.decodeConfigResults(entry, key));
  }

  /**
   * Stores what the config analyzers reported for an image; failures are ignored (the next scan runs them).
   *
   * @param keyText from {@link #configKey}
   * @param results what they reported
   */
  public void storeConfig(String keyText, ConfigResults results) {
    store(keyText, () -> EntryCodec.encodeConfigResults(keyText, results));
  }

  /**
   * Stores an image's finished inventory; failures are ignored (the next scan merges the layers again).
   *
   * @param keyText from {@link #imageKey}
   * @param inventory the merged layers after every finisher; not null
   */
  public void storeImage(String keyText, MergedLayers inventory) {
    store(keyText, () -> EntryCodec.encodeInventory(keyText, inventory));
  }

  private static long size(LayerPart.Facts f) {
    long n = 0;
    for (String p : f.present) {
      n += p.length() + 4;
    }
    for (Map.Entry<String, LayerResult.Link> e : f.links.entrySet()) {
      n += e.getKey().length() + e.getValue().target().length() + 9;
    }
    return n;
  }

  private String keyText(Analyzer a, String layerKey) {
    return keyPrefixes.get(a) + layerKey;
  }

  /** The storage key of a key text. */
  static String hash(String keyText) {
    return Digest.sha256Of(keyText).hex();
  }

  /** Decodes an entry for one key text and layer. */
  private interface Decoder<T> {
    T decode(byte[] entry, String keyText, LayerRef self) throws EntryCodec.CorruptEntryException;
  }

  /** @return the decoded entry, or null on a miss (no entry, unreadable, or not decodable) */
  private <T> T lookUp(String keyText, LayerRef self, Decoder<T> decoder) {
    byte[] bytes = get(keyText);
    if (bytes == null) {
      return null;
    }
    try {
      return decoder.decode(bytes, keyText, self);
    } catch (EntryCodec.CorruptEntryException e) {
      return null;
    }
  }

  private byte[] get(String keyText) {
    try {
      return cache.get(hash(keyText));
    } catch (IOException | RuntimeException e) {
      // An unreadable cache is a miss; the layer is read instead.
      return null;
    }
  }

  private interface Encoder {
    byte[] encode();
  }

  private void store(String keyText, Encoder encoder) {
    byte[] bytes;
    try {
      bytes = encoder.encode();
    } catch (IllegalArgumentException e) {
      // A result the codec cannot represent is simply not cached.
      return;
    }
    try {
      cache.put(hash(keyText), bytes);
    } catch (IOException | RuntimeException e) {
      // A full disk or read-only cache folder costs the next scan a walk, nothing more.
    }
  }

  private static LayerResult assemble(LayerCoordinates layer, LayerPart.Facts facts,
      Map<Analyzer, LayerPart.Analysis> parts) {
    List<Package> packages = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    List<LayerResult.OsCandidate> os = new ArrayList<>();
    List<AnalysisIssue> issues = new ArrayList<>(facts.issues);
    for (LayerPart.Analysis p : parts.values()) {
      packages.addAll(p.packages);
      findings.addAll(p.findings);
      os.addAll(p.osReleases);
      issues.addAll(p.issues);
    }
    return new LayerResult(layer.index(), List.copyOf(packages), List.copyOf(findings), List.copyOf(os),
        List.copyOf(issues), List.copyOf(facts.whiteouts), List.copyOf(facts.opaqueDirs), Set.copyOf(facts.present),
        Map.copyOf(facts.links), facts.entryCount);
  }

  /** Notes whether the stream was read to its end (where the digests are checked). */
  private static final class EndWatch extends FilterInputStream {
    boolean reachedEnd;

    EndWatch(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        reachedEnd = true;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n < 0) {
        reachedEnd = true;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipped bytes would bypass nothing below (the digests sit below this stream), but read to be plain.
      byte[] sink = new byte[(int) Math.min(n, 8192)];
      int r = read(sink, 0, sink.length);
      return Math.max(r, 0);
    }
  }
}
