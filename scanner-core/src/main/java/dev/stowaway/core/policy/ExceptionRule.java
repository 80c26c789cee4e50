package dev.stowaway.core.policy;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.VulnerabilityFinding;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One {@code [[exception]]} of the policy file. Every criterion that is set must match (they combine
 * with AND); at least one is required. Immutable.
 *
 * @param id a finding id; also matches any alias of a vulnerability; null for any
 * @param kind a finding kind ({@code vulnerability}, {@code secret}, ...); null for any
 * @param purl a purl glob ({@code *}, {@code ?}; without {@code @} it matches any version); null for any
 * @param path a path glob against the finding's path or nested path; null for any
 * @param layer a layer index; null for any
 * @param fingerprint a secret fingerprint; null for any
 * @param reason why the finding is accepted; never null or blank
 * @param expires the last day the exception applies, or null for no expiry
 * @param line the line of the {@code [[exception]]} header in the policy file, 0 when built in code
 */
public record ExceptionRule(String id, String kind, String purl, String path, Integer layer, String fingerprint,
    String reason, LocalDate expires, int line) {

  /** Requires a reason and at least one criterion. */
  public ExceptionRule {
    Objects.requireNonNull(reason, "reason");
    if (id == null && kind == null && purl == null && path == null && layer == null && fingerprint == null) {
      throw new IllegalArgumentException("an exception needs at least one of id, kind, purl, path, layer, fingerprint");
    }
  }

  /**
   * Tells whether this exception covers a finding (ignoring expiry).
   *
   * @param f the finding; not null
   * @return true when every set criterion matches
   */
  public boolean matches(Finding f) {
    if (id != null && !id.equals(f.id())
        && !(f instanceof VulnerabilityFinding v && v.aliases().contains(id))) {
      return false;
    }
    if (kind != null && !kind.equals(f.kind())) {
      return false;
    }
    if (purl != null && !Glob.of(purl).matchesPurl(f.purl())) {
      return false;
    }
    Location l = f.location();
    if (path != null && (l == null
        || !(Glob.of(path).matchesPath(l.path()) || Glob.of(path).matchesPath(l.nestedPath())))) {
      return false;
    }
    if (layer != null && (l == null || l.layer() == null || l.layer().index() != layer)) {
      return false;
    }
    return fingerprint == null || f instanceof SecretFinding s && fingerprint.equals(s.fingerprint());
  }

  /**
   * Tells whether the exception has expired on a day.
   *
   * @param today the current date
   * @return true when {@code expires} is set and before {@code today}
   */
  public boolean expiredOn(LocalDate today) {
    return expires != null && today.isAfter(expires);
  }

  /**
   * Returns where the exception was written: {@code stowaway.toml:LINE}, or {@code policy} when built in
   * code. Used as the suppression's {@code source} and as the exception's {@link PolicyRule#subject()}.
   *
   * @return the source; never null
   */
  public String source() {
    return line > 0 ? "stowaway.toml:" + line : "policy";
  }
}
