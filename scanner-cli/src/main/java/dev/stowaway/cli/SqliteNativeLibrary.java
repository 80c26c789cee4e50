package dev.stowaway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Keeps sqlite-jdbc's native library in the cache folder, so that a run does not copy it out of the jar.
 *
 * <p>Left alone, the driver copies its 1 MiB native library from the jar to a new temporary file on every
 * start, reads both back to compare them, and loads the copy; before that, working out which of its
 * libraries fits this machine runs {@code uname -o} in a child process and resolves every file mapped into the
 * process (its musl and Android checks). Instead, the library is copied once to
 * {@code <cache>/native/sqlite-jdbc-<version>/<os.name>-<os.arch>/libsqlitejdbc.so} (written to a temporary
 * name, compared with the jar's bytes, then renamed, so a reader never sees a half-written file), and the
 * driver is pointed at it with the {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} properties,
 * which it reads before anything else. Which library of the jar to copy is the driver's own answer
 * ({@link LibraryLoaderUtil#getNativeLibResourcePath()}), asked only when copying; later runs find the copy
 * by the JVM's {@code os.name} and {@code os.arch}, which cost nothing. The driver's version is in the path,
 * so another driver never loads this copy. Anything that goes wrong leaves the properties unset, and a copy
 * that does not load (a cache folder shared by a glibc and a musl system) makes the driver fall back to
 * its own extraction: either way the driver works as before.
 */
final class SqliteNativeLibrary {

  static final String PATH_PROPERTY = "org.sqlite.lib.path";
  static final String NAME_PROPERTY = "org.sqlite.lib.name";

  private SqliteNativeLibrary() {}

  /**
   * Points the driver at the cached copy in {@code cacheDir}, writing that copy first if it is missing. Does
   * nothing when the properties are already set (by the user or an earlier call) or the jar holds no library
   * for this platform.
   *
   * @param cacheDir the cache folder; it is created when missing
   * @return the library file now used, or null when the driver is left to its own extraction
   */
  static Path use(Path cacheDir) {
    if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
      return null;
    }
    try {
      String name = LibraryLoaderUtil.getNativeLibName(); // System.mapLibraryName("sqlitejdbc")
      Path dir = cacheDir.resolve("native").resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion())
          .resolve(platform());
      Path lib = dir.resolve(name);
      // e.g. /org/sqlite/native/Linux/x86_64/libsqlitejdbc.so; only on the first run (it starts a process)
      if (!Files.isRegularFile(lib) && !extract(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name, dir, lib)) {
        return null;
      }
      System.setProperty(PATH_PROPERTY, dir.toAbsolutePath().toString());
      System.setProperty(NAME_PROPERTY, name);
      return lib;
    } catch (IOException | RuntimeException e) {
      return null; // read-only or full cache folder, odd platform: the driver's own extraction still works
    }
  }

  /** {@code os.name-os.arch} with anything but letters, digits, '.', '_' and '-' as '_': a folder name. */
  static String platform() {
    String p = System.getProperty("os.name") + "-" + System.getProperty("os.arch");
    StringBuilder b = new StringBuilder(p.length());
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') ? c : '_');
    }
    return b.toString();
  }

  /** Copies the resource to {@code lib} through a temporary file; false when the jar has no such resource. */
  private static boolean extract(String resource, Path dir, Path lib) throws IOException {
    byte[] expected;
    try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(resource)) {
      if (in == null) {
        return false;
      }
      expected = in.readAllBytes();
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".extract-", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        out.write(expected);
      }
      // Read back what landed on disk: a short write (a full disk) must not become the library we load.
      if (!Arrays.equals(Files.readAllBytes(tmp), expected)) {
        return false;
      }
      try {
        Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
