package dev.stowaway.api.model;

import java.util.Objects;

/**
 * A problem met while scanning that did not stop the scan: a malformed package database, an entry
 * over a size limit, a path that escapes the root. Reported on the result, never thrown.
 *
 * @param analyzer the id of the analyzer, or {@code walker}/{@code source} for the core; never null
 * @param location where, or null when it concerns no single file
 * @param message one line saying what went wrong; never null
 */
public record AnalysisIssue(String analyzer, Location location, String message) {
  /** Requires analyzer and message. */
  public AnalysisIssue {
    Objects.requireNonNull(analyzer, "analyzer");
    Objects.requireNonNull(message, "message");
  }
}
