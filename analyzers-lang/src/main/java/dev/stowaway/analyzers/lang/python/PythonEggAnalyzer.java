package dev.stowaway.analyzers.lang.python;

import dev.stowaway.analyzers.lang.zip.StreamingZipReader;
import dev.stowaway.analyzers.lang.text.LineBudget;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.LimitExceededException;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reports Python distributions installed as zipped eggs ({@code *.egg} files) from the core metadata in
 * their {@code EGG-INFO/PKG-INFO}, read in streaming mode without extracting the archive.
 *
 * <p>Format: <a href="https://setuptools.pypa.io/en/latest/deprecated/python_eggs.html">The Internal
 * Structure of Python Eggs</a> (a zip whose {@code EGG-INFO/PKG-INFO} holds
 * <a href="https://packaging.python.org/en/latest/specifications/core-metadata/">core metadata</a>).
 * Name, version, licences and purl as {@link PythonMetadataAnalyzer} reports them, with
 * {@code identifiedBy=egg}. The zip is read with the scan's nested entry and byte limits, so a zip bomb
 * posing as an egg ends in a recorded issue. Stateless and thread-safe.
 */
public final class PythonEggAnalyzer implements Analyzer {

  private static final String PKG_INFO = "EGG-INFO/PKG-INFO";
  private static final int MAX_PKG_INFO = 4 << 20;
  private static final EntrySelector SELECTOR = EntrySelector.builder().suffixes(".egg").build();

  /** Creates the analyzer (ServiceLoader). */
  public PythonEggAnalyzer() {}

  @Override
  public String id() {
    return "python-egg";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /**
   * Reads the egg's {@code EGG-INFO/PKG-INFO}. A file that is not a zip, an egg without PKG-INFO or
   * without a {@code Name}, a malformed zip and an exhausted limit are recorded as issues.
   */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    StreamingZipReader.Budget budget = new StreamingZipReader.Budget(
        context.limits().maxNestedEntries(), context.limits().maxNestedBytes());
    byte[][] pkgInfo = new byte[1][];
    boolean zip;
    try {
      zip = new StreamingZipReader(content, budget, entry.path()).read(new StreamingZipReader.EntryHandler() {
        @Override
        public boolean wants(String name) {
          return pkgInfo[0] == null && PKG_INFO.equals(name);
        }

        @Override
        public void entry(String name, InputStream in) throws IOException {
          pkgInfo[0] = in.readNBytes(MAX_PKG_INFO + 1);
        }
      });
    } catch (LimitExceededException e) {
      context.addIssue(entry.path(), "python egg not fully read: " + e.getMessage());
      zip = true;
    } catch (IOException e) {
      // a truncated or malformed zip: whatever PKG-INFO was read before the damage still counts
      context.addIssue(entry.path(), "malformed python egg: " + e.getMessage());
      zip = true;
    }
    if (!zip) {
      context.addIssue(entry.path(), "python egg is not a zip archive");
      return;
    }
    if (pkgInfo[0] == null) {
      context.addIssue(entry.path(), "python egg without " + PKG_INFO);
      return;
    }
    if (pkgInfo[0].length > MAX_PKG_INFO) {
      context.addIssue(entry.path(), "python egg " + PKG_INFO + " larger than " + MAX_PKG_INFO + " bytes");
      return;
    }
    Package pkg = PythonMetadataAnalyzer.fromMetadata(pkgInfo[0], context.location(entry.path()), "egg",
        new LineBudget(context, entry.path() + "!/EGG-INFO/PKG-INFO", "later headers"));
    if (pkg == null) {
      context.addIssue(entry.path(), "python egg metadata without a Name header");
      return;
    }
    context.addPackage(pkg);
  }
}
