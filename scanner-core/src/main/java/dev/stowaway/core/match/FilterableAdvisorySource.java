package dev.stowaway.core.match;

import dev.stowaway.api.vuln.Advisory;
import dev.stowaway.api.vuln.Advisory.Affected;
import dev.stowaway.api.vuln.AdvisorySource;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An {@link AdvisorySource} that can show a cheap summary of each candidate {@code affected} entry to a
 * filter before it reads the rest of the record: the {@link VulnerabilityMatcher} passes a filter that
 * keeps only entries that may affect one of the installed versions ({@link OsvRangeEvaluator#mayAffect}),
 * so a database decodes a few full records instead of every record naming the package.
 */
public interface FilterableAdvisorySource extends AdvisorySource {

  /** Decides from an entry's summary whether the full record is wanted. */
  @FunctionalInterface
  interface EntryFilter {
    /**
     * Tells whether an entry is wanted.
     *
     * @param nameKey the name as it was asked for (see {@link AdvisorySource#findAll}; PyPI normalised)
     * @param summary the entry's ecosystem, ranges and versions (name as stored, no purl, no severity)
     * @param withdrawn whether the record is withdrawn
     * @return true to return the entry (with its record)
     */
    boolean keep(String nameKey, Affected summary, boolean withdrawn);
  }

  /**
   * Like {@link #findAll(String, Collection)}, but each record holds only the entries the filter kept,
   * and records without any are left out. Records and entries come in the order {@code findAll} gives.
   *
   * @param ecosystem the OSV ecosystem of the packages; not null
   * @param packageNames the names; not null
   * @param filter the filter; not null
   * @return for each distinct name given, the records kept; never null
   */
  Map<String, List<Advisory>> findAll(String ecosystem, Collection<String> packageNames, EntryFilter filter);
}
