package dev.stowaway.core.match;

import dev.stowaway.api.model.Package;
import java.util.Objects;

/**
 * An upstream advisory that would have hit a language package but is not reported, because an OS
 * package provides that package and the distro's own (backport-aware) data decides for it.
 *
 * @param match the match that was held back; never null
 * @param owner the OS package that installed the language package's files; never null
 * @param explanation one sentence for people, such as {@code PyPI advisory GHSA-x suppressed: urllib3 is
 *     provided by Debian package python3-urllib3 1.26.12-1+deb12u1, matched against Debian data}; never null
 */
public record Suppression(VulnerabilityMatch match, Package owner, String explanation) {
  /** Requires all parts. */
  public Suppression {
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(explanation, "explanation");
  }
}
