package dev.stowaway.api.analysis;

import java.io.IOException;

/** A {@link ScanLimits} bound was reached; the message names the limit and where. */
public class LimitExceededException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message one line naming the limit, its value and where it was reached
   */
  public LimitExceededException(String message) {
    super(message);
  }
}
