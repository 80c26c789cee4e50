package dev.stowaway.analyzers.os.rpm;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the header blobs out of an rpm NDB database ({@code Packages.db}, rpm's "new database" backend).
 *
 * <p>Format (little-endian, from rpm's {@code lib/backend/ndb/rpmpkg.c}): a 32-byte file header
 * ({@code RpmP} magic, version, generation, number of slot pages), then slot pages of 16-byte slots
 * ({@code Slot} magic, package index, block offset, block count; a package index of 0 is a free slot),
 * then blobs at {@code blockOffset * 16}: a 16-byte blob header ({@code BlbS} magic, package index,
 * checksum, length) followed by the header blob. Every offset and length is checked against the file.
 *
 * <p>Stateless; thread-safe.
 */
final class NdbPackages {

  static final int HEADER_MAGIC = 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24;
  private static final int SLOT_MAGIC = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;
  private static final int BLOB_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;
  private static final int PAGE = 4096;
  private static final int BLOCK = 16;

  /** A blob's place in the file. */
  record Blob(int offset, int length) {}

  private NdbPackages() {}

  static boolean matches(byte[] db) {
    return db.length >= 32 && le32(db, 0) == HEADER_MAGIC;
  }

  /**
   * Lists the package blobs in slot order.
   *
   * @param db the whole file
   * @param problems receives one line per skipped slot
   * @return the blobs
   */
  static List<Blob> blobs(byte[] db, List<String> problems) {
    long slotPages = le32(db, 12) & 0xffffffffL;
    long slotEnd = Math.min(slotPages * PAGE, db.length);
    List<Blob> out = new ArrayList<>();
    for (long s = 32; s + 16 <= slotEnd; s += 16) {
      int at = (int) s;
      if (le32(db, at) != SLOT_MAGIC) {
        if (le32(db, at) != 0 || le32(db, at + 4) != 0) { // an all-zero slot is simply unused
          problems.add("slot at " + at + " has a bad magic");
        }
        continue;
      }
      long pkgIdx = le32(db, at + 4) & 0xffffffffL;
      long blkOff = le32(db, at + 8) & 0xffffffffL;
      if (pkgIdx == 0) {
        continue;
      }
      long start = blkOff * BLOCK;
      if (start + 16 > db.length) {
        problems.add("package " + pkgIdx + ": blob offset " + start + " is outside the file");
        continue;
      }
      int b = (int) start;
      if (le32(db, b) != BLOB_MAGIC || (le32(db, b + 4) & 0xffffffffL) != pkgIdx) {
        problems.add("package " + pkgIdx + ": no blob at offset " + start);
        continue;
      }
      long len = le32(db, b + 12) & 0xffffffffL;
      if (start + 16 + len > db.length) {
        problems.add("package " + pkgIdx + ": blob of " + len + " bytes runs past the end of the file");
        continue;
      }
      out.add(new Blob(b + 16, (int) len));
    }
    return out;
  }

  static int le32(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
  }
}
