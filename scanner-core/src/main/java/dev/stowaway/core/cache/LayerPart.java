package dev.stowaway.core.cache;

import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Package;
import dev.stowaway.core.walk.LayerResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two kinds of cache entry for one layer. Mutable while a walk fills them; not thread-safe.
 */
final class LayerPart {
  private LayerPart() {}

  /** What one analyzer reported in one layer. */
  static final class Analysis {
    final List<Package> packages = new ArrayList<>();
    final List<Finding> findings = new ArrayList<>();
    final List<LayerResult.OsCandidate> osReleases = new ArrayList<>();
    final List<AnalysisIssue> issues = new ArrayList<>();
  }

  /**
   * What the layer merge needs of the layer itself, whatever the analyzers: deletions, written paths,
   * links, the entry count, and the walker's own issues.
   */
  static final class Facts {
    final List<AnalysisIssue> issues;
    final List<String> whiteouts;
    final List<String> opaqueDirs;
    final Set<String> present;
    final Map<String, LayerResult.Link> links;
    final long entryCount;

    Facts(List<AnalysisIssue> issues, List<String> whiteouts, List<String> opaqueDirs, Set<String> present,
        Map<String, LayerResult.Link> links, long entryCount) {
      this.issues = issues;
      this.whiteouts = whiteouts;
      this.opaqueDirs = opaqueDirs;
      this.present = present;
      this.links = links;
      this.entryCount = entryCount;
    }
  }
}
