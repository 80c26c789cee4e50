package dev.stowaway.core.report;

import dev.stowaway.api.report.ScanResult;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a scan result in one format. Implementations are stateless and thread-safe.
 */
public interface Reporter {

  /**
   * Returns the format name used on the command line, such as {@code json}.
   *
   * @return the format; never null
   */
  String format();

  /**
   * Writes the result. Flushes but does not close the stream, which the caller owns.
   *
   * @param result the result; not null
   * @param out where to write; not null
   * @throws IOException if writing fails
   */
  void write(ScanResult result, OutputStream out) throws IOException;
}
