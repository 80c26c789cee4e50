package dev.stowaway.api.image;

import java.io.IOException;

/**
 * The input is not a valid image: malformed or missing manifest, config or blob, a digest that does
 * not match, a corrupt layer stream. The message is one line that names the file or layer and the
 * problem, fit to show a user as is.
 */
public class ImageFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message one line naming the file or layer and the problem
   */
  public ImageFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message one line naming the file or layer and the problem
   * @param cause the underlying failure, or null
   */
  public ImageFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
