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

  // Written out rather than chained from Comparator.comparing: every scan sorts (or checks the order of)
  // thousands of packages, mostly before the JIT has compiled anything, where a chain of five lambdas per
  // comparison cost about three times as much.

  /** Packages by ecosystem, name, version, purl, then location. */
  public static final Comparator<Package> PACKAGES = ResultOrder::comparePackages;

  /** Findings by kind, id, location, line, package, then title. */
  public static final Comparator<Finding> FINDINGS = ResultOrder::compareFindings;

  /** Issues by analyzer, location, then message. */
  public static final Comparator<AnalysisIssue> ISSUES = ResultOrder::compareIssues;

  private static int comparePackages(Package a, Package b) {
    int c = a.ecosystem().compareTo(b.ecosystem());
    if (c == 0) {
      c = a.name().compareTo(b.name());
    }
    if (c == 0) {
      c = nullsFirst(a.version(), b.version());
    }
    if (c == 0) {
      c = nullsFirst(a.purl(), b.purl());
    }
    return c != 0 ? c : compareLocations(a.location(), b.location());
  }

  private static int compareFindings(Finding a, Finding b) {
    int c = a.kind().compareTo(b.kind());
    if (c == 0) {
      c = a.id().compareTo(b.id());
    }
    if (c == 0) {
      c = compareLocations(a.location(), b.location());
    }
    if (c == 0) {
      c = Integer.compare(a.line(), b.line());
    }
    if (c == 0) {
      c = nullsFirst(a.purl(), b.purl());
    }
    return c != 0 ? c : a.title().compareTo(b.title());
  }

  private static int compareIssues(AnalysisIssue a, AnalysisIssue b) {
    int c = a.analyzer().compareTo(b.analyzer());
    if (c == 0) {
      c = compareLocations(a.location(), b.location());
    }
    return c != 0 ? c : a.message().compareTo(b.message());
  }

  /** Null first; then by layer index (no layer first), path, nested path (null first). */
  private static int compareLocations(Location a, Location b) {
    if (a == b) {
      return 0;
    }
    if (a == null || b == null) {
      return a == null ? -1 : 1;
    }
    int c = Integer.compare(a.layer() == null ? -1 : a.layer().index(), b.layer() == null ? -1 : b.layer().index());
    if (c == 0) {
      c = a.path().compareTo(b.path());
    }
    return c != 0 ? c : nullsFirst(a.nestedPath(), b.nestedPath());
  }

  private static int nullsFirst(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b);
  }
}
