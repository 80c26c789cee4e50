package dev.stowaway.api.report;

/**
 * An analyzer that took part in a scan.
 *
 * @param id its id
 * @param version its version
 */
public record AnalyzerInfo(String id, String version) {}
