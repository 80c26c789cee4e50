package dev.stowaway.analyzers.lang.zip;

import dev.stowaway.api.analysis.LimitExceededException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Reads a ZIP archive front to back from its local file headers, without the central directory and
 * without seeking, so that archives nested in archives can be read straight from their parent's entry
 * stream.
 *
 * <p>Format: <a href="https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT">PKWARE APPNOTE</a>
 * sections 4.3.7 (local file header), 4.3.9 (data descriptor), 4.5.3 (Zip64 extra field).
 *
 * <p>Why not {@link java.util.zip.ZipInputStream}: it rejects STORED entries followed by a data
 * descriptor, and it inflates entries the caller skips. This reader skips an unwanted entry's raw bytes
 * when the local header gives its size, finds the end of a STORED entry with a data descriptor by
 * looking for the descriptor, and charges every byte it hands out (inflated or stored) to a
 * {@link Budget}, so a zip bomb ends in a {@link LimitExceededException} instead of filling memory.
 *
 * <p>The central directory is never read: an archive whose central directory lies about its entries is
 * read as its local headers say. Not thread-safe; one reader per archive. The source stream is not
 * closed.
 */
public final class StreamingZipReader {

  private static final int LOCAL_HEADER = 0x04034b50;
  private static final int CENTRAL_HEADER = 0x02014b50;
  private static final int END_OF_CENTRAL = 0x06054b50;
  private static final int ZIP64_END_OF_CENTRAL = 0x06064b50;
  private static final int DATA_DESCRIPTOR = 0x08074b50;
  private static final int STORED = 0;
  private static final int DEFLATED = 8;
  /** How far a prefix (such as a Spring Boot launch script) may run before the first local header. */
  private static final int MAX_PREFIX = 1 << 20;

  /**
   * Entries and bytes that one top-level archive and everything nested in it may still use. Shared by
   * the readers of nested archives.
   */
  public static final class Budget {
    private final long maxEntries;
    private final long maxBytes;
    private long entries;
    private long bytes;

    /**
     * @param maxEntries the most entries, over all nesting levels
     * @param maxBytes the most bytes handed out (inflated or stored), over all nesting levels
     */
    public Budget(long maxEntries, long maxBytes) {
      this.maxEntries = maxEntries;
      this.maxBytes = maxBytes;
    }

    /** Charges one entry; throws when the entry budget is exhausted. */
    public void entry(String where) throws LimitExceededException {
      if (++entries > maxEntries) {
        throw new LimitExceededException("maxNestedEntries (" + maxEntries + ") reached at " + where);
      }
    }

    /** Charges bytes handed out; throws when the byte budget is exhausted. */
    public void bytes(long n, String where) throws LimitExceededException {
      bytes += n;
      if (bytes > maxBytes) {
        throw new LimitExceededException("maxNestedBytes (" + maxBytes + ") reached at " + where);
      }
    }

    /** The bytes charged so far. */
    public long bytesRead() {
      return bytes;
    }
  }

  /** Receives the entries of an archive. */
  public interface EntryHandler {
    /**
     * Says whether the entry's content is wanted; unwanted entries are skipped without inflating when
     * their size is known.
     */
    boolean wants(String name);

    /**
     * Receives a wanted entry. The stream is owned by the reader and valid during the call only; what
     * is left unread is drained afterwards.
     */
    void entry(String name, InputStream content) throws IOException;
  }

  private final InputStream in;
  private final Budget budget;
  private final String where;
  private final byte[] buf = new byte[16 * 1024];
  private int pos;
  private int lim;

  /**
   * @param in the archive's bytes; not closed
   * @param budget the budget charged for entries and bytes
   * @param where a description of the archive for messages
   */
  public StreamingZipReader(InputStream in, Budget budget, String where) {
    this.in = in;
    this.budget = budget;
    this.where = where;
  }

  /**
   * Reads every entry up to the central directory.
   *
   * @return false if the bytes do not look like a ZIP archive at all; true when the archive was read
   * @throws ZipException if the archive is malformed after its start
   * @throws EOFException if the archive is truncated
   * @throws LimitExceededException if the budget is exhausted
   */
  public boolean read(EntryHandler handler) throws IOException {
    if (!findFirstHeader()) {
      return false;
    }
    Inflater inflater = new Inflater(true);
    try {
      while (true) {
        if (!fill(4)) {
          throw new EOFException("archive ends without a central directory: " + where);
        }
        int sig = le32(pos);
        if (sig == CENTRAL_HEADER || sig == END_OF_CENTRAL || sig == ZIP64_END_OF_CENTRAL) {
          return true;
        }
        if (sig != LOCAL_HEADER) {
          throw new ZipException(String.format("unexpected signature 0x%08x in %s", sig, where));
        }
        readEntry(handler, inflater);
      }
    } finally {
      inflater.end();
    }
  }

  /** Positions at the first local header or empty-archive trailer, skipping a bounded prefix. */
  private boolean findFirstHeader() throws IOException {
    long skipped = 0;
    while (skipped <= MAX_PREFIX) {
      if (!fill(4)) {
        return false;
      }
      int sig = le32(pos);
      if (sig == LOCAL_HEADER || sig == END_OF_CENTRAL) {
        return true;
      }
      pos++;
      skipped++;
    }
    return false;
  }

  private void readEntry(EntryHandler handler, Inflater inflater) throws IOException {
    if (!fill(30)) {
      throw new EOFException("truncated local header in " + where);
    }
    int flags = le16(pos + 6);
    int method = le16(pos + 8);
    long csize = le32(pos + 18) & 0xffffffffL;
    long usize = le32(pos + 22) & 0xffffffffL;
    int nameLen = le16(pos + 26);
    int extraLen = le16(pos + 28);
    pos += 30;
    byte[] nameBytes = readFully(nameLen);
    byte[] extra = readFully(extraLen);
    String name = decodeName(nameBytes);
    boolean zip64 = false;
    for (int i = 0; i + 4 <= extra.length; ) {
      int id = (extra[i] & 0xff) | (extra[i + 1] & 0xff) << 8;
      int len = (extra[i + 2] & 0xff) | (extra[i + 3] & 0xff) << 8;
      if (id == 0x0001) {
        zip64 = true;
        int p = i + 4;
        if (usize == 0xffffffffL && p + 8 <= extra.length) {
          usize = le64(extra, p);
          p += 8;
        }
        if (csize == 0xffffffffL && p + 8 <= extra.length) {
          csize = le64(extra, p);
        }
      }
      i += 4 + len;
    }
    budget.entry(where + "!" + name);
    boolean descriptor = (flags & 0x08) != 0;
    boolean encrypted = (flags & 0x01) != 0;
    boolean sizeKnown = !descriptor;
    if (csize < 0) {
      throw new ZipException("negative entry size for " + name + " in " + where);
    }
    boolean readable = !encrypted && (method == STORED || method == DEFLATED);
    if (!readable || !handler.wants(name)) {
      if (sizeKnown) {
        skipRaw(csize);
        return;
      }
      if (!readable) {
        throw new ZipException("cannot find the end of entry " + name + " (method " + method
            + (encrypted ? ", encrypted" : "") + ", sizes in a data descriptor) in " + where);
      }
    }
    InputStream content;
    if (method == STORED && sizeKnown) {
      content = new StoredStream(csize, name);
    } else if (method == STORED) {
      content = new DescriptorScanningStream(name);
    } else {
      inflater.reset();
      content = new InflatingStream(inflater, name);
    }
    if (handler.wants(name)) {
      handler.entry(name, content);
    }
    byte[] sink = new byte[8192];
    while (content.read(sink, 0, sink.length) >= 0) {
      // drain what the handler left
    }
    if (descriptor) {
      skipDescriptor(zip64);
    }
  }

  /** Names without the UTF-8 flag are still often UTF-8 (jar tools); fall back to ISO-8859-1. */
  private static String decodeName(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return new String(b, StandardCharsets.ISO_8859_1);
    }
  }

  private void skipDescriptor(boolean zip64) throws IOException {
    if (!fill(4)) {
      throw new EOFException("truncated data descriptor in " + where);
    }
    if (le32(pos) == DATA_DESCRIPTOR) {
      pos += 4;
    }
    int rest = 4 + (zip64 ? 16 : 8);
    if (!fill(rest)) {
      throw new EOFException("truncated data descriptor in " + where);
    }
    pos += rest;
  }

  private void skipRaw(long n) throws IOException {
    long left = n;
    while (left > 0) {
      if (pos == lim && !fill(1)) {
        throw new EOFException("truncated entry data in " + where);
      }
      int step = (int) Math.min(left, lim - pos);
      pos += step;
      left -= step;
    }
  }

  private byte[] readFully(int n) throws IOException {
    byte[] out = new byte[n];
    int off = 0;
    while (off < n) {
      if (pos == lim && !fill(1)) {
        throw new EOFException("truncated local header in " + where);
      }
      int step = Math.min(n - off, lim - pos);
      System.arraycopy(buf, pos, out, off, step);
      pos += step;
      off += step;
    }
    return out;
  }

  /** Makes at least {@code need} bytes available from {@code pos}; false at end of input. */
  private boolean fill(int need) throws IOException {
    if (lim - pos >= need) {
      return true;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    while (lim < need) {
      int n = in.read(buf, lim, buf.length - lim);
      if (n < 0) {
        return false;
      }
      lim += n;
    }
    return true;
  }

  private int le16(int p) {
    return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8;
  }

  private int le32(int p) {
    return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8 | (buf[p + 2] & 0xff) << 16 | (buf[p + 3] & 0xff) << 24;
  }

  private static long le64(byte[] b, int p) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (b[p + i] & 0xff);
    }
    return v;
  }

  /** Base for entry streams: single-byte reads go through the array read. */
  private abstract class EntryStream extends InputStream {
    final String name;

    EntryStream(String name) {
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    int charge(int n) throws IOException {
      if (n > 0) {
        budget.bytes(n, where + "!" + name);
      }
      return n;
    }
  }

  /** A STORED entry of known size. */
  private final class StoredStream extends EntryStream {
    private long left;

    StoredStream(long size, String name) {
      super(name);
      this.left = size;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      if (pos == lim && !fill(1)) {
        throw new EOFException("truncated entry " + name + " in " + where);
      }
      int n = (int) Math.min(Math.min(len, left), lim - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      left -= n;
      return charge(n);
    }
  }

  /**
   * A STORED entry whose size is only in the data descriptor after it: it ends where a descriptor
   * signature is followed by a compressed and an uncompressed size equal to the bytes seen so far.
   */
  private final class DescriptorScanningStream extends EntryStream {
    private long count;
    private boolean done;

    DescriptorScanningStream(String name) {
      super(name);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      while (true) {
        boolean more = fill(Math.min(buf.length, 16 + 4096));
        for (int i = pos; i + 16 <= lim; i++) {
          if (buf[i] == 'P' && le32(i) == DATA_DESCRIPTOR) {
            long c = le32(i + 8) & 0xffffffffL;
            long u = le32(i + 12) & 0xffffffffL;
            long seen = count + (i - pos);
            if (c == seen && u == seen) {
              if (i == pos) {
                done = true;
                return -1;
              }
              return emit(b, off, Math.min(len, i - pos));
            }
          }
        }
        int safe = lim - 15 - pos;
        if (safe > 0) {
          return emit(b, off, Math.min(len, safe));
        }
        if (!more) {
          throw new EOFException("no data descriptor after stored entry " + name + " in " + where);
        }
      }
    }

    private int emit(byte[] b, int off, int n) throws IOException {
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      count += n;
      return charge(n);
    }
  }

  /** A DEFLATED entry, inflated from the shared buffer; unused input goes back to the buffer. */
  private final class InflatingStream extends EntryStream {
    private final Inflater inflater;
    private boolean done;

    InflatingStream(Inflater inflater, String name) {
      super(name);
      this.inflater = inflater;
      if (lim > pos) {
        inflater.setInput(buf, pos, lim - pos);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      try {
        while (true) {
          int n = inflater.inflate(b, off, len);
          if (n > 0) {
            return charge(n);
          }
          if (inflater.finished()) {
            pos = lim - inflater.getRemaining();
            done = true;
            return -1;
          }
          if (inflater.needsDictionary()) {
            throw new ZipException("deflate stream needs a dictionary: " + name + " in " + where);
          }
          if (inflater.needsInput()) {
            pos = lim;
            if (!fill(1)) {
              throw new EOFException("truncated deflated entry " + name + " in " + where);
            }
            inflater.setInput(buf, pos, lim - pos);
          }
        }
      } catch (DataFormatException e) {
        throw new ZipException("corrupt deflated entry " + name + " in " + where + ": " + e.getMessage());
      }
    }
  }
}
