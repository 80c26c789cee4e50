package dev.stowaway.cli;

import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.core.ScanListener;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Layer progress on standard error, only when standard error is a terminal (so logs and CI output stay
 * clean). One line, rewritten in place.
 */
final class Progress implements ScanListener {
  private final PrintStream err;
  private final boolean enabled;
  private final AtomicInteger done = new AtomicInteger();

  private Progress(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  static Progress forStderr(PrintStream err) {
    return new Progress(err, err == System.err && stderrIsTerminal());
  }

  /** Java 17 has no Console#isTerminal for stderr alone; on Linux the fd link says it. */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return System.console() != null;
    }
  }

  @Override
  public void layerStarted(LayerInfo layer, int layerCount) {
    show(layerCount);
  }

  @Override
  public void layerFinished(LayerInfo layer, int layerCount, long entries) {
    done.incrementAndGet();
    show(layerCount);
  }

  private void show(int total) {
    if (enabled) {
      synchronized (err) {
        err.print("\rreading layers: " + done.get() + "/" + total);
        err.flush();
      }
    }
  }

  void done() {
    if (enabled && done.get() > 0) {
      synchronized (err) {
        err.print("\r\033[K");
        err.flush();
      }
    }
  }
}
