package dev.stowaway.core.image;

import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.ImageFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A tar file read in place: its headers are indexed once, then each entry is opened by offset with
 * a fresh {@link FileChannel}, so many entries can be streamed at once from several threads. Links
 * inside the tar (symlinks and hard links between entries) are followed. A gzip-compressed tar is
 * first decompressed into a temporary file, which {@link #close()} deletes.
 *
 * @see <a href="https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html">POSIX pax/ustar format</a>
 */
final class TarArchive implements BlobStore {

  /** Links followed inside the archive ({@link ScanLimits#DEFAULT_MAX_SYMLINK_HOPS}: image sources use the default). */
  private static final int MAX_LINK_HOPS = ScanLimits.DEFAULT_MAX_SYMLINK_HOPS;

  /**
   * Image archives hold a few entries per layer and blob; far more means the input is something
   * else (or hostile), and indexing it would hold every header in memory.
   */
  static final int MAX_ENTRIES = 100_000;

  private final Path display;
  private final Path data;
  private final boolean temporary;
  private final Map<String, TarArchiveEntry> entries;

  private TarArchive(Path display, Path data, boolean temporary, Map<String, TarArchiveEntry> entries) {
    this.display = display;
    this.data = data;
    this.temporary = temporary;
    this.entries = entries;
  }

  /** The prefix of the decompressed copies: {@code stowaway-<pid>-<random>.tar} in {@code java.io.tmpdir}. */
  static final String TEMP_PREFIX = "stowaway-";

  /**
   * Deletes decompressed copies left in {@code java.io.tmpdir} by processes that no longer run (a scan
   * killed with SIGKILL cannot clean up after itself; the next one does). Best effort, never fails.
   */
  static void sweepStaleTemporaryFiles() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(tmp, TEMP_PREFIX + "*-*.tar")) {
      for (Path p : ds) {
        String rest = p.getFileName().toString().substring(TEMP_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
          long pid = Long.parseLong(rest.substring(0, dash));
          if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()) {
            Files.deleteIfExists(p);
          }
        } catch (NumberFormatException | IOException e) {
          // not ours, or gone already
        }
      }
    } catch (IOException | RuntimeException e) {
      // the temp folder is not listable: nothing to sweep
    }
  }

  /**
   * Indexes a tar file.
   *
   * @throws ImageFormatException if it is missing, empty or not a tar
   */
  static TarArchive open(Path file) throws IOException {
    Inputs.requireNonEmptyFile(file);
    Path data = file;
    boolean temporary = false;
    if (Inputs.isGzip(file)) {
      sweepStaleTemporaryFiles();
      // Owner-only (createTempFile's default), named by our process id so a later run can tell it is stale.
      data = Files.createTempFile(TEMP_PREFIX + ProcessHandle.current().pid() + "-", ".tar");
      temporary = true;
      long compressed = Files.size(file);
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 64 * 1024);
          OutputStream out = Files.newOutputStream(data)) {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
          total += n;
          if (total > ScanLimits.DEFAULT_MAX_LAYER_BYTES
              || total > (64L << 20) && total / Math.max(1, compressed) > ScanLimits.DEFAULT_MAX_DECOMPRESSION_RATIO) {
            throw new ImageFormatException(file + ": gzip-compressed archive expands beyond "
                + ScanLimits.DEFAULT_MAX_DECOMPRESSION_RATIO + " times its size or "
                + ScanLimits.DEFAULT_MAX_LAYER_BYTES + " bytes (limit maxDecompressionRatio / maxLayerBytes)");
          }
          out.write(buf, 0, n);
        }
      } catch (ImageFormatException e) {
        Files.deleteIfExists(data);
        throw e;
      } catch (IOException e) {
        Files.deleteIfExists(data);
        throw new ImageFormatException(file + ": corrupt gzip-compressed archive: " + e.getMessage(), e);
      }
    }
    try {
      Map<String, TarArchiveEntry> index = new HashMap<>();
      checkEntryCount(file, data);
      try (TarFile tar = new TarFile(data)) {
        for (TarArchiveEntry e : tar.getEntries()) {
          String name = normalize(e.getName());
          if (!name.isEmpty() && !e.isDirectory()) {
            index.put(name, e);
          }
        }
      } catch (IOException | RuntimeException e) {
        throw new ImageFormatException(file + ": not a readable tar archive: " + e.getMessage(), e);
      }
      if (index.isEmpty()) {
        throw new ImageFormatException(file + ": not a container image: no manifest.json or oci-layout");
      }
      return new TarArchive(file, data, temporary, Collections.unmodifiableMap(index));
    } catch (IOException | RuntimeException e) {
      if (temporary) {
        Files.deleteIfExists(data);
      }
      throw e;
    }
  }

  /** Counts headers (seeking over entry data) and refuses archives with more than MAX_ENTRIES. */
  private static void checkEntryCount(Path display, Path data) throws ImageFormatException {
    int count = 0;
    try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ);
        TarArchiveInputStream tar = new TarArchiveInputStream(
            new EntryStream(ch, 0, ch.size()) {
              @Override
              public void close() {
                // the channel is closed by the outer try
              }
            })) {
      while (tar.getNextEntry() != null) {
        if (++count > MAX_ENTRIES) {
          throw new ImageFormatException(display + ": more than " + MAX_ENTRIES
              + " tar entries, not an image archive");
        }
      }
    } catch (ImageFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // TarFile reports unreadable archives with a better message below.
    }
  }

  /**
   * Lists the entry names of a tar file cheaply (headers only; a gzip tar is streamed), or an empty
   * set when the file is not a readable tar. Never throws.
   */
  static Set<String> names(Path file) {
    Set<String> names = new LinkedHashSet<>();
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        return names;
      }
      if (Inputs.isGzip(file)) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
            new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 64 * 1024)))) {
          TarArchiveEntry e;
          while ((e = tar.getNextEntry()) != null) {
            names.add(normalize(e.getName()));
          }
        }
      } else {
        try (TarFile tar = new TarFile(file)) {
          for (TarArchiveEntry e : tar.getEntries()) {
            names.add(normalize(e.getName()));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not a (readable) tar: whatever was seen so far decides.
    }
    return names;
  }

  static String normalize(String name) {
    String n = name;
    while (n.startsWith("./") || n.startsWith("/")) {
      n = n.startsWith("./") ? n.substring(2) : n.substring(1);
    }
    if (n.equals(".")) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (String p : n.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(p);
    }
    return String.join("/", parts);
  }

  /** Returns the normalised names of the regular files and links in the archive. */
  Set<String> fileNames() {
    return entries.keySet();
  }

  /** The archive's path as the user gave it. */
  Path path() {
    return display;
  }

  @Override
  public String describe(String path) {
    return display + ": " + path;
  }

  private TarArchiveEntry resolve(String path) throws ImageFormatException {
    String name = normalize(path);
    for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      TarArchiveEntry e = entries.get(name);
      if (e == null) {
        return null;
      }
      if (e.isSymbolicLink()) {
        String target = e.getLinkName();
        int slash = name.lastIndexOf('/');
        name = target.startsWith("/") ? normalize(target)
            : normalize((slash < 0 ? "" : name.substring(0, slash + 1)) + target);
      } else if (e.isLink()) {
        name = normalize(e.getLinkName());
      } else {
        return e.isFile() ? e : null;
      }
    }
    throw new ImageFormatException(describe(path) + ": too many levels of links (limit maxSymlinkHops " + MAX_LINK_HOPS + ")");
  }

  @Override
  public long size(String path) throws IOException {
    TarArchiveEntry e = resolve(path);
    return e == null ? -1 : e.getRealSize();
  }

  @Override
  public InputStream open(String path) throws IOException {
    TarArchiveEntry e = resolve(path);
    if (e == null) {
      throw new ImageFormatException(describe(path) + ": missing");
    }
    if (e.isSparse()) {
      throw new ImageFormatException(describe(path) + ": sparse tar entries are not supported here");
    }
    return new EntryStream(FileChannel.open(data, StandardOpenOption.READ), e.getDataOffset(), e.getSize());
  }

  @Override
  public void close() throws IOException {
    if (temporary) {
      // Open entry streams keep their own channels; on POSIX they stay readable after the delete.
      Files.deleteIfExists(data);
    }
  }

  /** An entry's bytes: positional reads on its own channel, never past the entry's end. */
  private static class EntryStream extends InputStream {
    private final FileChannel channel;
    private long position;
    private long remaining;

    EntryStream(FileChannel channel, long offset, long size) {
      this.channel = channel;
      this.position = offset;
      this.remaining = size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (remaining <= 0) {
        return -1;
      }
      int want = (int) Math.min(len, remaining);
      int n = channel.read(ByteBuffer.wrap(b, off, want), position);
      if (n <= 0) {
        // The file ends before the entry does (a truncated archive): report the end, never spin.
        remaining = 0;
        return -1;
      }
      position += n;
      remaining -= n;
      return n;
    }

    @Override
    public long skip(long n) {
      long s = Math.max(0, Math.min(n, remaining));
      position += s;
      remaining -= s;
      return s;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(0, remaining));
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
