package dev.stowaway.core.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes tars for tests. */
final class TarTestFiles {
  private TarTestFiles() {}

  static void tarDirectory(Path dir, Path tarFile) throws IOException {
    tarDirectory(dir, tarFile, "");
  }

  /** Tars a directory's files, each name prefixed (e.g. {@code ./} as {@code tar -C dir -cf x.tar .} writes). */
  static void tarDirectory(Path dir, Path tarFile, String prefix) throws IOException {
    List<Path> files;
    try (var s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream out = Files.newOutputStream(tarFile); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Path f : files) {
        TarArchiveEntry e = new TarArchiveEntry(f.toFile(), prefix + dir.relativize(f).toString().replace('\\', '/'));
        tar.putArchiveEntry(e);
        Files.copy(f, tar);
        tar.closeArchiveEntry();
      }
    }
  }

  static void tar(Path tarFile, Map<String, byte[]> files) throws IOException {
    try (OutputStream out = Files.newOutputStream(tarFile); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(f.getKey(), true);
        e.setSize(f.getValue().length);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    }
  }
}
