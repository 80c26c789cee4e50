package dev.stowaway.api.analysis;

/**
 * Bounds that keep a scan of hostile input finite in time and memory. A bound that is reached is recorded
 * as an issue naming the file (or layer) and the limit, and the scan goes on with the rest; the layer-wide
 * bounds ({@link #maxLayerBytes()}, {@link #maxEntriesPerLayer()}, {@link #maxDecompressionRatio()}) stop
 * that layer's walk, keeping what was read. Analyzers that need a bound for one file raise
 * {@link LimitExceededException} or record the issue themselves.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param maxBufferedEntryBytes the largest entry the walker reads into memory to hand to several
 *     analyzers at once; larger entries go to one analyzer only and the others record an issue
 * @param maxEntriesPerLayer the most tar entries in one layer; more stops that layer's walk with an issue
 * @param maxPathLength the longest entry path; longer entries are skipped with an issue
 * @param maxLayerBytes the most uncompressed bytes in one layer; more stops that layer's walk with an issue
 * @param maxNestingDepth how deep archives in archives are opened
 * @param maxNestedEntries the most entries read from one top-level archive and everything in it
 * @param maxNestedBytes the most uncompressed bytes read from one top-level archive and everything in it
 * @param maxSymlinkHops the most symbolic links followed to resolve one path; a longer chain (or a loop) is left unresolved with an issue
 * @param maxLinesPerFile the most lines a line-oriented parser (package databases, lock files, metadata) reads from one file; the rest is skipped with an issue
 * @param maxRegexReadsPerChar the regex work allowed for one rule on one file: character reads per character of text (plus a fixed 1,000,000); a rule that spends it is abandoned for that text with an issue
 * @param maxYamlAliases the most YAML aliases to collections in one document (billion-laughs guard); more fails the file with an issue
 * @param maxYamlDepth the deepest YAML nesting of mappings and sequences; deeper fails the file with an issue
 * @param maxJsonDepth the deepest JSON nesting of objects and arrays; deeper fails the file with an issue
 * @param maxJsonStringLength the longest JSON string (characters); longer fails the file with an issue
 * @param maxDecompressionRatio the most uncompressed bytes per compressed byte of a layer, checked once 64 MiB came out; more ends that layer's walk with an issue
 */
public record ScanLimits(
    long maxBufferedEntryBytes, long maxEntriesPerLayer, int maxPathLength, long maxLayerBytes,
    int maxNestingDepth, long maxNestedEntries, long maxNestedBytes, int maxSymlinkHops, long maxLinesPerFile,
    long maxRegexReadsPerChar, int maxYamlAliases, int maxYamlDepth, int maxJsonDepth, int maxJsonStringLength,
    int maxDecompressionRatio) {

  /** Default {@link #maxBufferedEntryBytes()}: {@value} (32 MiB). */
  public static final long DEFAULT_MAX_BUFFERED_ENTRY_BYTES = 32L << 20;
  /** Default {@link #maxEntriesPerLayer()}: {@value}. */
  public static final long DEFAULT_MAX_ENTRIES_PER_LAYER = 10_000_000;
  /** Default {@link #maxPathLength()}: {@value}. */
  public static final int DEFAULT_MAX_PATH_LENGTH = 4096;
  /** Default {@link #maxLayerBytes()}: {@value} (64 GiB). */
  public static final long DEFAULT_MAX_LAYER_BYTES = 64L << 30;
  /** Default {@link #maxNestingDepth()}: {@value}. */
  public static final int DEFAULT_MAX_NESTING_DEPTH = 5;
  /** Default {@link #maxNestedEntries()}: {@value}. */
  public static final long DEFAULT_MAX_NESTED_ENTRIES = 200_000;
  /** Default {@link #maxNestedBytes()}: {@value} (2 GiB). */
  public static final long DEFAULT_MAX_NESTED_BYTES = 2L << 30;

  /** Default {@link #maxSymlinkHops()}: {@value}. */
  public static final int DEFAULT_MAX_SYMLINK_HOPS = 16;
  /** Default {@link #maxLinesPerFile()}: {@value}. */
  public static final long DEFAULT_MAX_LINES_PER_FILE = 10_000_000;
  /** Default {@link #maxRegexReadsPerChar()}: {@value}. */
  public static final long DEFAULT_MAX_REGEX_READS_PER_CHAR = 256;
  /** Default {@link #maxYamlAliases()}: {@value}. */
  public static final int DEFAULT_MAX_YAML_ALIASES = 50;
  /** Default {@link #maxYamlDepth()}: {@value}. */
  public static final int DEFAULT_MAX_YAML_DEPTH = 64;
  /** Default {@link #maxJsonDepth()}: {@value}. */
  public static final int DEFAULT_MAX_JSON_DEPTH = 64;
  /** Default {@link #maxJsonStringLength()}: {@value}. */
  public static final int DEFAULT_MAX_JSON_STRING_LENGTH = 8 << 20;
  /** Default {@link #maxDecompressionRatio()}: {@value}. */
  public static final int DEFAULT_MAX_DECOMPRESSION_RATIO = 500;

  /** Requires every bound to be positive. */
  public ScanLimits {
    if (maxBufferedEntryBytes <= 0 || maxEntriesPerLayer <= 0 || maxPathLength <= 0 || maxLayerBytes <= 0
        || maxNestingDepth <= 0 || maxNestedEntries <= 0 || maxNestedBytes <= 0 || maxSymlinkHops <= 0
        || maxLinesPerFile <= 0 || maxRegexReadsPerChar <= 0 || maxYamlAliases <= 0 || maxYamlDepth <= 0
        || maxJsonDepth <= 0 || maxJsonStringLength <= 0 || maxDecompressionRatio <= 0) {
      throw new IllegalArgumentException("every scan limit must be positive");
    }
  }

  /**
   * Creates limits with the first seven bounds given and the defaults for the rest (the constructor of
   * the first version of this record, kept for compatibility).
   *
   * @param maxBufferedEntryBytes see the record's parameters
   * @param maxEntriesPerLayer see the record's parameters
   * @param maxPathLength see the record's parameters
   * @param maxLayerBytes see the record's parameters
   * @param maxNestingDepth see the record's parameters
   * @param maxNestedEntries see the record's parameters
   * @param maxNestedBytes see the record's parameters
   */
  public ScanLimits(long maxBufferedEntryBytes, long maxEntriesPerLayer, int maxPathLength, long maxLayerBytes,
      int maxNestingDepth, long maxNestedEntries, long maxNestedBytes) {
    this(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth, maxNestedEntries,
        maxNestedBytes, DEFAULT_MAX_SYMLINK_HOPS, DEFAULT_MAX_LINES_PER_FILE, DEFAULT_MAX_REGEX_READS_PER_CHAR,
        DEFAULT_MAX_YAML_ALIASES, DEFAULT_MAX_YAML_DEPTH, DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_JSON_STRING_LENGTH,
        DEFAULT_MAX_DECOMPRESSION_RATIO);
  }

  /**
   * Returns the defaults listed on the constants of this class.
   *
   * @return default limits
   */
  public static ScanLimits defaults() {
    return new ScanLimits(DEFAULT_MAX_BUFFERED_ENTRY_BYTES, DEFAULT_MAX_ENTRIES_PER_LAYER,
        DEFAULT_MAX_PATH_LENGTH, DEFAULT_MAX_LAYER_BYTES, DEFAULT_MAX_NESTING_DEPTH,
        DEFAULT_MAX_NESTED_ENTRIES, DEFAULT_MAX_NESTED_BYTES);
  }

  /**
   * Returns a copy with another buffered-entry bound.
   *
   * @param bytes the bound
   * @return the copy
   */
  public ScanLimits withMaxBufferedEntryBytes(long bytes) {
    return new ScanLimits(bytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth, maxNestedEntries, maxNestedBytes, maxSymlinkHops, maxLinesPerFile, maxRegexReadsPerChar, maxYamlAliases, maxYamlDepth, maxJsonDepth, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another entries-per-layer bound.
   *
   * @param n the bound
   * @return the copy
   */
  public ScanLimits withMaxEntriesPerLayer(long n) {
    return new ScanLimits(maxBufferedEntryBytes, n, maxPathLength, maxLayerBytes, maxNestingDepth, maxNestedEntries, maxNestedBytes, maxSymlinkHops, maxLinesPerFile, maxRegexReadsPerChar, maxYamlAliases, maxYamlDepth, maxJsonDepth, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another path-length bound.
   *
   * @param value the bound
   * @return the copy
   */
  public ScanLimits withMaxPathLength(int value) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, value, maxLayerBytes, maxNestingDepth, maxNestedEntries, maxNestedBytes, maxSymlinkHops, maxLinesPerFile, maxRegexReadsPerChar, maxYamlAliases, maxYamlDepth, maxJsonDepth, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another uncompressed-layer-size bound.
   *
   * @param bytes the bound
   * @return the copy
   */
  public ScanLimits withMaxLayerBytes(long bytes) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, bytes, maxNestingDepth, maxNestedEntries, maxNestedBytes, maxSymlinkHops, maxLinesPerFile, maxRegexReadsPerChar, maxYamlAliases, maxYamlDepth, maxJsonDepth, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another nested-archive depth.
   *
   * @param value the bound
   * @return the copy
   */
  public ScanLimits withMaxNestingDepth(int value) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, value, maxNestedEntries, maxNestedBytes, maxSymlinkHops, maxLinesPerFile, maxRegexReadsPerChar, maxYamlAliases, maxYamlDepth, maxJsonDepth, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another nested-archive entry budget.
   *
   * @param value the bound
   * @return the copy
   */
  public ScanLimits withMaxNestedEntries(long value) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth, value, maxNestedBytes, maxSymlinkHops, maxLinesPerFile, maxRegexReadsPerChar, maxYamlAliases, maxYamlDepth, maxJsonDepth, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another nested-archive byte budget.
   *
   * @param value the bound
   * @return the copy
   */
  public ScanLimits withMaxNestedBytes(long value) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth, maxNestedEntries, value, maxSymlinkHops, maxLinesPerFile, maxRegexReadsPerChar, maxYamlAliases, maxYamlDepth, maxJsonDepth, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another maxSymlinkHops bound.
   *
   * @param value the bound
   * @return the copy
   */
  public ScanLimits withMaxSymlinkHops(int value) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth, maxNestedEntries, maxNestedBytes, value, maxLinesPerFile, maxRegexReadsPerChar, maxYamlAliases, maxYamlDepth, maxJsonDepth, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another maxLinesPerFile bound.
   *
   * @param value the bound
   * @return the copy
   */
  public ScanLimits withMaxLinesPerFile(long value) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth, maxNestedEntries, maxNestedBytes, maxSymlinkHops, value, maxRegexReadsPerChar, maxYamlAliases, maxYamlDepth, maxJsonDepth, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another maxRegexReadsPerChar bound.
   *
   * @param value the bound
   * @return the copy
   */
  public ScanLimits withMaxRegexReadsPerChar(long value) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth, maxNestedEntries, maxNestedBytes, maxSymlinkHops, maxLinesPerFile, value, maxYamlAliases, maxYamlDepth, maxJsonDepth, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another maxYamlAliases bound.
   *
   * @param value the bound
   * @return the copy
   */
  public ScanLimits withMaxYamlAliases(int value) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth, maxNestedEntries, maxNestedBytes, maxSymlinkHops, maxLinesPerFile, maxRegexReadsPerChar, value, maxYamlDepth, maxJsonDepth, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another maxYamlDepth bound.
   *
   * @param value the bound
   * @return the copy
   */
  public ScanLimits withMaxYamlDepth(int value) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth, maxNestedEntries, maxNestedBytes, maxSymlinkHops, maxLinesPerFile, maxRegexReadsPerChar, maxYamlAliases, value, maxJsonDepth, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another maxJsonDepth bound.
   *
   * @param value the bound
   * @return the copy
   */
  public ScanLimits withMaxJsonDepth(int value) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth, maxNestedEntries, maxNestedBytes, maxSymlinkHops, maxLinesPerFile, maxRegexReadsPerChar, maxYamlAliases, maxYamlDepth, value, maxJsonStringLength, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another maxJsonStringLength bound.
   *
   * @param value the bound
   * @return the copy
   */
  public ScanLimits withMaxJsonStringLength(int value) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth, maxNestedEntries, maxNestedBytes, maxSymlinkHops, maxLinesPerFile, maxRegexReadsPerChar, maxYamlAliases, maxYamlDepth, maxJsonDepth, value, maxDecompressionRatio);
  }

  /**
   * Returns a copy with another maxDecompressionRatio bound.
   *
   * @param value the bound
   * @return the copy
   */
  public ScanLimits withMaxDecompressionRatio(int value) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth, maxNestedEntries, maxNestedBytes, maxSymlinkHops, maxLinesPerFile, maxRegexReadsPerChar, maxYamlAliases, maxYamlDepth, maxJsonDepth, maxJsonStringLength, value);
  }

  /**
   * The record's usual form, {@code ScanLimits[maxBufferedEntryBytes=..., ...]}, with every component; part of
   * the layer cache's key. Written out: the generated toString bootstraps through method handles on first use
   * (~50 classes spun at run time, ~20 ms of a scan's start-up). RecordMethodsTest checks it names every
   * component.
   */
  @Override
  public String toString() {
    return "ScanLimits[maxBufferedEntryBytes=" + maxBufferedEntryBytes
        + ", maxEntriesPerLayer=" + maxEntriesPerLayer
        + ", maxPathLength=" + maxPathLength
        + ", maxLayerBytes=" + maxLayerBytes
        + ", maxNestingDepth=" + maxNestingDepth
        + ", maxNestedEntries=" + maxNestedEntries
        + ", maxNestedBytes=" + maxNestedBytes
        + ", maxSymlinkHops=" + maxSymlinkHops
        + ", maxLinesPerFile=" + maxLinesPerFile
        + ", maxRegexReadsPerChar=" + maxRegexReadsPerChar
        + ", maxYamlAliases=" + maxYamlAliases
        + ", maxYamlDepth=" + maxYamlDepth
        + ", maxJsonDepth=" + maxJsonDepth
        + ", maxJsonStringLength=" + maxJsonStringLength
        + ", maxDecompressionRatio=" + maxDecompressionRatio
        + "]";
  }
}
