package dev.stowaway.analyzers.iac.dockerfile;

import java.util.Objects;

/**
 * A problem found while parsing a Dockerfile; parsing goes on after it where it can.
 *
 * @param line the 1-based line concerned
 * @param message one line; never null
 */
public record ParseIssue(int line, String message) {
  /** Requires a message. */
  public ParseIssue {
    Objects.requireNonNull(message, "message");
  }
}
