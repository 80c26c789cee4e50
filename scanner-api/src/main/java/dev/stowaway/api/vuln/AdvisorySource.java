package dev.stowaway.api.vuln;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where vulnerability records come from: an embedded database, a remote service, a fixed list in a test.
 * Implementations must be safe for concurrent {@link #find} calls from several threads.
 */
public interface AdvisorySource {

  /**
   * Finds the records that have an {@code affected} entry for a package. The ecosystem matches the
   * entry's ecosystem exactly or as a prefix ending before a {@code :}: {@code Debian} finds entries for
   * {@code Debian:12}, {@code Ubuntu:22.04} finds {@code Ubuntu:22.04:LTS}. PyPI names are compared in
   * their normalised form (PEP 503). Withdrawn records are returned too (flagged); callers skip them.
   *
   * @param ecosystem the OSV ecosystem of the package, such as {@code Debian:12}; not null
   * @param packageName the name as the ecosystem spells it; not null
   * @return matching records, possibly empty; never null. Each holds at least the entries of this package
   * @throws IllegalStateException if the underlying data cannot be read
   */
  List<Advisory> find(String ecosystem, String packageName);

  /**
   * Finds the records of several packages of one ecosystem at once, as {@link #find} would for each. A
   * source backed by a database overrides this to answer in a few queries instead of one per package;
   * the default calls {@link #find} for each name.
   *
   * @param ecosystem the OSV ecosystem of the packages; not null
   * @param packageNames the names; not null
   * @return for each distinct name given (the key as given), the records {@link #find} returns; never null
   * @throws IllegalStateException if the underlying data cannot be read
   */
  default java.util.Map<String, List<Advisory>> findAll(String ecosystem, java.util.Collection<String> packageNames) {
    java.util.Map<String, List<Advisory>> out = new java.util.LinkedHashMap<>();
    for (String name : packageNames) {
      out.computeIfAbsent(name, n -> find(ecosystem, n));
    }
    return out;
  }

  /**
   * Describes the data held, one entry per ecosystem (the part before the first {@code :}, as OSV
   * publishes it: {@code Debian}, {@code Maven}).
   *
   * @return the per-ecosystem status, possibly empty; never null
   */
  List<EcosystemData> status();

  /**
   * Returns an identity of the data held: whenever any record is added, changed or removed, the value
   * changes, so that results computed from this source may be reused for as long as it stays the same (a
   * scanner with a layer cache keeps the vulnerabilities it matched for an image under it). Empty when the
   * source cannot tell, and then nothing computed from it is reused; that is the default.
   *
   * @return the content version, or empty; never null
   */
  default java.util.Optional<String> contentVersion() {
    return java.util.Optional.empty();
  }

  /**
   * Returns how old the oldest data of the named ecosystems is.
   *
   * @param ecosystems ecosystems as in {@link #status()}; not null
   * @param now the current time; not null
   * @return the age of the oldest of them, or null when none of them was ever imported
   */
  default Duration dataAge(List<String> ecosystems, Instant now) {
    Instant oldest = null;
    for (EcosystemData data : status()) {
      if (ecosystems.contains(data.ecosystem()) && (oldest == null || data.importedAt().isBefore(oldest))) {
        oldest = data.importedAt();
      }
    }
    return oldest == null ? null : Duration.between(oldest, now);
  }

  /**
   * What a source holds for one ecosystem.
   *
   * @param ecosystem the ecosystem, such as {@code Debian}; never null
   * @param source where the data came from (a URL or a path); never null
   * @param importedAt when it was last imported or refreshed; never null
   * @param recordCount how many records have an entry in this ecosystem
   */
  record EcosystemData(String ecosystem, String source, Instant importedAt, long recordCount) {
    /** Requires ecosystem, source and time. */
    public EcosystemData {
      Objects.requireNonNull(ecosystem, "ecosystem");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(importedAt, "importedAt");
    }
  }
}
