package dev.stowaway.analyzers.iac.image;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.api.walk.LayerEntry;
import java.io.InputStream;

/**
 * Lists files with the setuid or setgid bit (CIS Docker Benchmark 4.8) and regular files writable by
 * everyone outside the temporary directories. Looks only at the tar header's mode, never at the
 * content, so it costs nothing per file.
 *
 * <p>Findings: {@code FS001} setuid file (MEDIUM, LOW when it is not owned by root), {@code FS002}
 * setgid file (LOW), {@code FS003} world-writable file (MEDIUM). Each is attached to the file's path in
 * its layer, so a file removed or fixed in a later layer drops out of the merged result. Stateless and
 * thread-safe.
 */
public final class SetuidFileAnalyzer implements Analyzer {
  private static final EntrySelector SELECTOR = EntrySelector.builder()
      .anyModeBits(LayerEntry.SETUID | LayerEntry.SETGID | LayerEntry.OTHERS_WRITE)
      .types(EntryType.FILE)
      .build();

  /** The public no-argument constructor ServiceLoader needs. */
  public SetuidFileAnalyzer() {}

  @Override
  public String id() {
    return "setuid-files";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  private static boolean temporary(String path) {
    return path.startsWith("tmp/") || path.startsWith("var/tmp/") || path.startsWith("dev/shm/")
        || path.startsWith("run/lock/");
  }

  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) {
    int mode = entry.mode();
    String octal = String.format("%04o", mode & 07777);
    if ((mode & LayerEntry.SETUID) != 0) {
      context.addFinding(new MisconfigurationFinding("FS001", entry.uid() == 0 ? Severity.MEDIUM : Severity.LOW,
          "setuid file (mode " + octal + ", owner uid " + entry.uid() + ")",
          "Remove the setuid bit (chmod u-s) unless the image needs this program to gain privileges.",
          "CIS-DI-0008", context.location(entry.path()), 0));
    }
    if ((mode & LayerEntry.SETGID) != 0) {
      context.addFinding(new MisconfigurationFinding("FS002", Severity.LOW,
          "setgid file (mode " + octal + ", group gid " + entry.gid() + ")",
          "Remove the setgid bit (chmod g-s) unless the image needs this program to gain group privileges.",
          "CIS-DI-0008", context.location(entry.path()), 0));
    }
    if ((mode & LayerEntry.OTHERS_WRITE) != 0 && !temporary(entry.path())) {
      context.addFinding(new MisconfigurationFinding("FS003", Severity.MEDIUM,
          "World-writable file (mode " + octal + ")",
          "Remove write permission for others (chmod o-w).", null, context.location(entry.path()), 0));
    }
  }
}
