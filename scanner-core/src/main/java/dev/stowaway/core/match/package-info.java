/**
 * Vulnerability matching: {@link dev.stowaway.core.match.VulnerabilityMatcher} looks up each package's
 * advisories in an {@link dev.stowaway.api.vuln.AdvisorySource}, evaluates their OSV ranges with
 * {@link dev.stowaway.core.match.OsvRangeEvaluator} and the ecosystem's
 * {@link dev.stowaway.api.vuln.VersionComparator}, merges aliases and rates severity with
 * {@link dev.stowaway.core.match.CvssCalculator}.
 */
package dev.stowaway.core.match;
