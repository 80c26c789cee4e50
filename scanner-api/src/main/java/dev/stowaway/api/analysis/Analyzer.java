package dev.stowaway.api.analysis;

import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;

/**
 * Looks at the files of one layer and reports packages, findings and OS facts.
 *
 * <p>Implementations are stateless singletons with a public no-argument constructor, listed in
 * {@code META-INF/services/dev.stowaway.api.analysis.Analyzer}. The core calls one instance from several
 * threads at once (one per layer), so per-layer state belongs in {@link AnalysisContext#state}, never in
 * fields.
 *
 * <p>Within one layer, calls come from one thread in tar order: {@code analyze} for each selected entry,
 * then {@code finishLayer} once. Layers are independent: an analyzer never sees another layer's files;
 * the core merges the per-layer results afterwards, applying whiteouts.
 */
public interface Analyzer {

  /**
   * Returns the stable, kebab-case id, such as {@code dpkg-status}. Ids are unique in a scanner.
   *
   * @return the id; never null
   */
  String id();

  /**
   * Returns the version of this analyzer's behaviour. Change it whenever results for the same input
   * can change: cached layer results are keyed by it.
   *
   * @return the version; never null
   */
  String version();

  /**
   * Returns what, besides {@link #version()}, changes this analyzer's results for the same layer: for
   * example a digest of a custom rule file it was built with. Cached layer results are keyed by it, so an
   * analyzer configured differently never gets another configuration's results. The default, the empty
   * string, means "no such settings".
   *
   * @return a stable text (any length; the cache hashes it); never null
   */
  default String settingsKey() {
    return "";
  }

  /**
   * Returns which entries this analyzer wants. Called once per scan; the result is indexed.
   *
   * @return the selector; never null
   */
  EntrySelector selector();

  /**
   * Analyzes one selected entry.
   *
   * <p>The stream holds exactly the entry's bytes. It is owned by the caller: read as much as needed,
   * do not close it (closing is harmless but does nothing), and do not keep it after returning. An
   * exception is recorded as an issue for this entry; results already reported stay.
   *
   * @param entry the entry's metadata; not null
   * @param content the entry's bytes; not null; empty for entries other than files
   * @param context where to report results; not null; valid for the current layer only
   * @throws IOException if reading or parsing fails
   */
  void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException;

  /**
   * Called once after the last entry of a layer, for analyzers that join several files (a package
   * database and its file lists). The default does nothing.
   *
   * @param context the layer's context; not null
   * @throws IOException if the work fails; recorded as an issue
   */
  default void finishLayer(AnalysisContext context) throws IOException {}
}
