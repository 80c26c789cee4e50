package dev.stowaway.core;

import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import java.util.Comparator;

/**
 * The canonical orders of packages, findings and issues, so that two scans of the same image produce
 * the same report byte for byte (apart from the time).
 */
public final class ResultOrder {
  private ResultOrder() {}

  private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

  private static final Comparator<Location> LOCATION = Comparator.nullsFirst(
      Comparator.comparing((Location l) -> l.layer() == null ? -1 : l.layer().index())
          .thenComparing(Location::path)
          .thenComparing(Location::nestedPath, NULLS_FIRST));

  /** Packages by ecosystem, name, version, then location. */
  public static final Comparator<Package> PACKAGES = Comparator.comparing(Package::ecosystem)
      .thenComparing(Package::name)
      .thenComparing(Package::version, NULLS_FIRST)
      .thenComparing(Package::purl, NULLS_FIRST)
      .thenComparing(Package::location, LOCATION);

  /** Findings by kind, id, location, line, package, then title. */
  public static final Comparator<Finding> FINDINGS = Comparator.comparing(Finding::kind)
      .thenComparing(Finding::id)
      .thenComparing(Finding::location, LOCATION)
      .thenComparingInt(Finding::line)
      .thenComparing(Finding::purl, NULLS_FIRST)
      .thenComparing(Finding::title);

  /** Issues by analyzer, location, then message. */
  public static final Comparator<AnalysisIssue> ISSUES = Comparator.comparing(AnalysisIssue::analyzer)
      .thenComparing(AnalysisIssue::location, LOCATION)
      .thenComparing(AnalysisIssue::message);
}
