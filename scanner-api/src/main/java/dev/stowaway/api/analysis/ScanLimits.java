package dev.stowaway.api.analysis;

/**
 * Bounds that keep a scan of hostile input finite in time and memory. A value that is reached either
 * raises {@link LimitExceededException} (for the layer as a whole) or is recorded as an issue (for one
 * entry), as each limit says.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param maxBufferedEntryBytes the largest entry the walker reads into memory to hand to several
 *     analyzers at once; larger entries go to one analyzer only and the others record an issue
 * @param maxEntriesPerLayer the most tar entries in one layer; more ends the layer with an error
 * @param maxPathLength the longest entry path; longer entries are skipped with an issue
 * @param maxLayerBytes the most uncompressed bytes in one layer; more ends the layer with an error
 * @param maxNestingDepth how deep archives in archives are opened
 * @param maxNestedEntries the most entries read from one top-level archive and everything in it
 * @param maxNestedBytes the most uncompressed bytes read from one top-level archive and everything in it
 */
public record ScanLimits(
    long maxBufferedEntryBytes, long maxEntriesPerLayer, int maxPathLength, long maxLayerBytes,
    int maxNestingDepth, long maxNestedEntries, long maxNestedBytes) {

  /** Default {@link #maxBufferedEntryBytes()}: {@value} (32 MiB). */
  public static final long DEFAULT_MAX_BUFFERED_ENTRY_BYTES = 32L << 20;
  /** Default {@link #maxEntriesPerLayer()}: {@value}. */
  public static final long DEFAULT_MAX_ENTRIES_PER_LAYER = 2_000_000;
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

  /** Requires every bound to be positive. */
  public ScanLimits {
    if (maxBufferedEntryBytes <= 0 || maxEntriesPerLayer <= 0 || maxPathLength <= 0 || maxLayerBytes <= 0
        || maxNestingDepth <= 0 || maxNestedEntries <= 0 || maxNestedBytes <= 0) {
      throw new IllegalArgumentException("every scan limit must be positive");
    }
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
    return new ScanLimits(bytes, maxEntriesPerLayer, maxPathLength, maxLayerBytes, maxNestingDepth,
        maxNestedEntries, maxNestedBytes);
  }

  /**
   * Returns a copy with another entries-per-layer bound.
   *
   * @param n the bound
   * @return the copy
   */
  public ScanLimits withMaxEntriesPerLayer(long n) {
    return new ScanLimits(maxBufferedEntryBytes, n, maxPathLength, maxLayerBytes, maxNestingDepth,
        maxNestedEntries, maxNestedBytes);
  }

  /**
   * Returns a copy with another uncompressed-layer-size bound.
   *
   * @param bytes the bound
   * @return the copy
   */
  public ScanLimits withMaxLayerBytes(long bytes) {
    return new ScanLimits(maxBufferedEntryBytes, maxEntriesPerLayer, maxPathLength, bytes, maxNestingDepth,
        maxNestedEntries, maxNestedBytes);
  }
}
