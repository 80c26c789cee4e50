package dev.stowaway.analyzers.os.rpm;

import java.util.List;

/**
 * Reads the header blobs out of an rpm BerkeleyDB {@code Packages} file (a Berkeley DB hash database
 * whose values are header blobs), in pure Java, without Berkeley DB.
 *
 * <p>Format: Berkeley DB on-disk layout (see Oracle's <i>Berkeley DB Reference Guide</i> and
 * {@code dbinc/db_page.h}): page 0 is the hash metadata page (magic {@code 0x061561} at offset 12, in the
 * byte order of the machine that wrote it, page size at 20, last page number at 32); hash pages (type 2
 * or 13) hold an array of 16-bit item offsets after a 26-byte page header, items alternating key and
 * value; a value of type {@code H_OFFPAGE} (3) names the first page and total length of an overflow chain;
 * overflow pages (type 7) carry {@code hf_offset} bytes of data after their header and link to the next
 * page. Every page number, offset and length is checked; a chain that loops or runs past the file ends
 * with a problem, never a hang.
 *
 * <p>Stateless; thread-safe.
 */
final class BdbHashPackages {

  static final int HASH_MAGIC = 0x061561;
  private static final int PAGE_HEADER = 26;
  private static final int P_HASH_UNSORTED = 2;
  private static final int P_OVERFLOW = 7;
  private static final int P_HASH = 13;
  private static final int H_OFFPAGE = 3;

  private BdbHashPackages() {}

  static boolean matches(byte[] db) {
    return db.length >= 72 && (le32(db, 12) == HASH_MAGIC || be32(db, 12) == HASH_MAGIC);
  }

  /**
   * Hands every off-page value (the header blobs) to {@code sink} in page order, one at a time, so only one
   * blob is held at once. The values together may not hold more bytes than the file (in a real database
   * every overflow page belongs to one value; a hostile file could make many values share pages).
   *
   * @param db the whole file
   * @param maxBlob the largest blob accepted
   * @param problems receives one line per skipped value or page
   * @param sink receives each blob, a fresh array
   */
  static void blobs(byte[] db, long maxBlob, List<String> problems, java.util.function.Consumer<byte[]> sink) {
    boolean little = le32(db, 12) == HASH_MAGIC;
    long pageSize = u32(db, 20, little);
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0) {
      problems.add("implausible page size " + pageSize);
      return;
    }
    long pages = db.length / pageSize;
    long lastPage = Math.min(u32(db, 32, little), pages - 1);
    long budget = db.length;
    for (long pg = 1; pg <= lastPage; pg++) {
      int base = (int) (pg * pageSize);
      int type = db[base + 25] & 0xff;
      if (type != P_HASH && type != P_HASH_UNSORTED) {
        continue;
      }
      int entries = u16(db, base + 20, little);
      if (PAGE_HEADER + 2L * entries > pageSize) {
        problems.add("page " + pg + " claims " + entries + " entries");
        continue;
      }
      for (int i = 1; i < entries; i += 2) { // odd indexes are values
        int itemOff = u16(db, base + PAGE_HEADER + 2 * i, little);
        if (itemOff < PAGE_HEADER || itemOff >= pageSize) {
          problems.add("page " + pg + " item " + i + " is outside the page");
          continue;
        }
        int item = base + itemOff;
        if ((db[item] & 0xff) != H_OFFPAGE) {
          continue; // inline values are rpm's bookkeeping, never a header
        }
        if (itemOff + 12 > pageSize) {
          problems.add("page " + pg + " item " + i + " is cut by the end of the page");
          continue;
        }
        long first = u32(db, item + 4, little);
        long total = u32(db, item + 8, little);
        if (total > maxBlob) {
          problems.add("value on page " + pg + " is " + total + " bytes, more than the limit " + maxBlob);
          continue;
        }
        if (total > budget) {
          problems.add("values hold more data than the file; pages are shared between values; stopped");
          return;
        }
        budget -= total;
        byte[] blob = readOverflow(db, pageSize, pages, first, (int) total, little, problems);
        if (blob != null) {
          sink.accept(blob);
        }
      }
    }
  }

  private static byte[] readOverflow(byte[] db, long pageSize, long pages, long first, int total,
      boolean little, List<String> problems) {
    byte[] blob = new byte[total];
    int filled = 0;
    long pg = first;
    java.util.BitSet visited = new java.util.BitSet();
    while (filled < total) {
      if (pg <= 0 || pg >= pages) {
        problems.add("overflow chain from page " + first + " leaves the file at page " + pg);
        return null;
      }
      if (visited.get((int) pg)) {
        problems.add("overflow chain from page " + first + " loops");
        return null;
      }
      visited.set((int) pg);
      int base = (int) (pg * pageSize);
      if ((db[base + 25] & 0xff) != P_OVERFLOW) {
        problems.add("overflow chain from page " + first + " reaches page " + pg + ", which is not an overflow page");
        return null;
      }
      int used = u16(db, base + 22, little);
      int n = (int) Math.min(Math.min(used, pageSize - PAGE_HEADER), total - filled);
      System.arraycopy(db, base + PAGE_HEADER, blob, filled, n);
      filled += n;
      if (n == 0 && filled < total) {
        problems.add("overflow page " + pg + " is empty");
        return null;
      }
      pg = u32(db, base + 16, little);
    }
    return blob;
  }

  private static long u32(byte[] b, int p, boolean little) {
    return (little ? le32(b, p) : be32(b, p)) & 0xffffffffL;
  }

  private static int u16(byte[] b, int p, boolean little) {
    return little ? (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 : (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
  }

  private static int le32(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
  }

  private static int be32(byte[] b, int p) {
    return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
  }
}
