package dev.stowaway.api.image;

/**
 * A layer's bytes do not match what the image says about them: the blob digest or the diffID differs,
 * or the compressed stream is truncated or corrupt. Results of such a layer must never be cached.
 */
public class LayerIntegrityException extends ImageFormatException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message one line naming the layer and the problem
   */
  public LayerIntegrityException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message one line naming the layer and the problem
   * @param cause the underlying failure, or null
   */
  public LayerIntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
