package dev.stowaway.core.walk;

import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntryType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one layer contributed, before merging: the unit that is computed per layer (in parallel)
 * and could be cached by diffID. Paths are normalised.
 *
 * @param index the layer's index
 * @param packages packages reported in this layer
 * @param findings findings reported in this layer
 * @param osReleases OS descriptions reported in this layer
 * @param issues problems recorded in this layer
 * @param whiteouts paths this layer deletes from lower layers ({@code .wh.NAME})
 * @param opaqueDirs directories whose lower-layer content this layer hides ({@code .wh..wh..opq})
 * @param present paths this layer writes that some analyzer selected, plus every link: a lower layer's
 *     results at these paths are replaced
 * @param links symlinks and hard links in this layer by path
 * @param entryCount the number of tar entries read
 */
public record LayerResult(
    int index, List<Package> packages, List<Finding> findings, List<OsCandidate> osReleases,
    List<AnalysisIssue> issues, List<String> whiteouts, List<String> opaqueDirs, Set<String> present,
    Map<String, Link> links, long entryCount) {

  /**
   * An OS description and where it came from.
   *
   * @param path the file
   * @param precedence lower wins
   * @param release the description
   */
  public record OsCandidate(String path, int precedence, OsRelease release) {}

  /**
   * A link entry.
   *
   * @param type {@link EntryType#SYMLINK} or {@link EntryType#HARDLINK}
   * @param target for a symlink the target resolved to a normalised path in the image; for a hard link
   *     the normalised path of the linked entry
   */
  public record Link(EntryType type, String target) {}
}
