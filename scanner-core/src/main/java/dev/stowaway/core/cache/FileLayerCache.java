package dev.stowaway.core.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@link LayerCache} in a folder: one file per entry, {@code <folder>/<2 hex>/<64 hex>}, bounded in size
 * with least-recently-used eviction.
 *
 * <ul>
 *   <li><b>Atomic writes.</b> An entry is written to a temporary file next to its final name and renamed
 *       over it in one step, so a reader sees either no entry, an old complete entry or the new complete one.
 *       A process killed mid-write leaves only a temporary file, which no lookup reads and eviction removes
 *       once it is an hour old.</li>
 *   <li><b>Several processes at once.</b> There is no lock: two processes storing the same entry both
 *       rename complete files over the same name, and either result is right. Eviction in one process
 *       while another reads is harmless (an entry that disappears is a miss).</li>
 *   <li><b>Eviction.</b> A lookup touches the entry's modification time. When the entries this process
 *       knows of pass {@code maxBytes}, the oldest-touched entries are deleted until the folder is at 80% of
 *       it. The folder is measured once per instance, on the first store.</li>
 * </ul>
 * Entries are checked by the scanner when read (checksum, key, format), so a damaged file is a miss.
 *
 * <p>Thread-safe.
 */
public final class FileLayerCache implements LayerCache {

  /** The default size bound: 2 GiB. */
  public static final long DEFAULT_MAX_BYTES = 2L << 30;
  /** Larger files are never read (a miss): the scanner stores nothing this large. */
  static final long MAX_ENTRY_BYTES = 256L << 20;

  private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
  private static final String TEMP_SUFFIX = ".tmp";
  private static final Duration STALE_TEMP = Duration.ofHours(1);

  private final Path folder;
  private final long maxBytes;
  private final Clock clock;
  private final Object sizeLock = new Object();
  /** Bytes in the folder as far as this instance knows; -1 until measured. */
  private long knownBytes = -1;

  /**
   * Uses a folder (created on the first store if missing).
   *
   * @param folder the folder; not null
   * @param maxBytes the size bound, at least 1
   */
  public FileLayerCache(Path folder, long maxBytes) {
    this(folder, maxBytes, Clock.systemUTC());
  }

  FileLayerCache(Path folder, long maxBytes, Clock clock) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("the cache size bound must be positive");
    }
    this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** @return the folder */
  public Path folder() {
    return folder;
  }

  /** @return the size bound in bytes */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Reads an entry and marks it as recently used.
   *
   * @param key 64 lowercase hex characters; not null
   * @return the bytes, or null if there is no entry (or a file too large to be one)
   * @throws IOException if the file exists but cannot be read
   */
  @Override
  public byte[] get(String key) throws IOException {
    Path file = file(key);
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_ENTRY_BYTES) {
        return null;
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    try {
      Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
    } catch (IOException e) {
      // Evicted meanwhile, or a read-only cache: the entry is still good.
    }
    return bytes;
  }

  /**
   * Stores an entry atomically, then evicts old entries if the folder is over its bound.
   *
   * @param key 64 lowercase hex characters; not null
   * @param entry the bytes; not null
   * @throws IOException if the folder or file cannot be written
   */
  @Override
  public void put(String key, byte[] entry) throws IOException {
    Objects.requireNonNull(entry, "entry");
    Path file = file(key);
    Path dir = file.getParent();
    Files.createDirectories(dir);
    long previous = sizeOrZero(file);
    Path temp = Files.createTempFile(dir, "." + key + ".", TEMP_SUFFIX);
    try {
      Files.write(temp, entry);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    boolean over;
    synchronized (sizeLock) {
      if (knownBytes < 0) {
        knownBytes = status().bytes();
      } else {
        knownBytes += entry.length - previous;
      }
      over = knownBytes > maxBytes;
    }
    if (over) {
      trim();
    }
  }

  /**
   * Deletes least-recently-used entries until the folder holds at most 80% of the bound, and temporary
   * files left by killed processes. Safe to run while other processes use the folder.
   *
   * @return what is left
   * @throws UncheckedIOException if the folder cannot be listed
   */
  public Status trim() {
    return trimTo(maxBytes / 10 * 8);
  }

  /**
   * Deletes least-recently-used entries until the folder holds at most {@code targetBytes}.
   *
   * @param targetBytes the size to reach; 0 empties the cache
   * @return what is left
   * @throws UncheckedIOException if the folder cannot be listed
   */
  public Status trimTo(long targetBytes) {
    List<EntryFile> entries = new ArrayList<>();
    Instant staleBefore = clock.instant().minus(STALE_TEMP);
    for (Path f : files()) {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(f, BasicFileAttributes.class);
      } catch (IOException e) {
        continue;
      }
      if (f.getFileName().toString().endsWith(TEMP_SUFFIX)) {
        if (a.lastModifiedTime().toInstant().isBefore(staleBefore) || targetBytes == 0) {
          deleteQuietly(f);
        }
        continue;
      }
      entries.add(new EntryFile(f, a.size(), a.lastModifiedTime()));
    }
    entries.sort(Comparator.comparing(EntryFile::touched).thenComparing(e -> e.file().toString()));
    long total = entries.stream().mapToLong(EntryFile::size).sum();
    int kept = entries.size();
    for (EntryFile e : entries) {
      if (total <= targetBytes) {
        break;
      }
      deleteQuietly(e.file());
      total -= e.size();
      kept--;
    }
    synchronized (sizeLock) {
      knownBytes = total;
    }
    return new Status(folder, kept, total, maxBytes);
  }

  /**
   * Deletes every entry.
   *
   * @return what is left (nothing, unless another process stored meanwhile)
   * @throws UncheckedIOException if the folder cannot be listed
   */
  public Status clean() {
    Status s = trimTo(0);
    for (Path dir : subfolders()) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        // not empty: another process stored meanwhile
      }
    }
    return s;
  }

  /**
   * Measures the folder.
   *
   * @return the entry count and bytes (temporary files not counted)
   * @throws UncheckedIOException if the folder cannot be listed
   */
  public Status status() {
    long bytes = 0;
    int count = 0;
    for (Path f : files()) {
      if (f.getFileName().toString().endsWith(TEMP_SUFFIX)) {
        continue;
      }
      long size = sizeOrZero(f);
      bytes += size;
      count++;
    }
    return new Status(folder, count, bytes, maxBytes);
  }

  /**
   * The state of the folder.
   *
   * @param folder the folder
   * @param entries how many entries it holds
   * @param bytes their total size
   * @param maxBytes the bound
   */
  public record Status(Path folder, int entries, long bytes, long maxBytes) {}

  private record EntryFile(Path file, long size, FileTime touched) {}

  private Path file(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("not a cache key: " + key);
    }
    return folder.resolve(key.substring(0, 2)).resolve(key);
  }

  private List<Path> subfolders() {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return out;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(folder)) {
      for (Path d : dirs) {
        String n = d.getFileName().toString();
        if (n.length() == 2 && Files.isDirectory(d)) {
          out.add(d);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private List<Path> files() {
    List<Path> out = new ArrayList<>();
    for (Path d : subfolders()) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
        for (Path f : files) {
          String n = f.getFileName().toString();
          if (KEY.matcher(n).matches() || (n.startsWith(".") && n.endsWith(TEMP_SUFFIX))) {
            out.add(f);
          }
        }
      } catch (NoSuchFileException e) {
        // removed by another process's clean
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static long sizeOrZero(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteQuietly(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      // another process got there first, or it is not ours to delete
    }
  }
}
