package dev.stowaway.analyzers.os.rpm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An rpm header blob as the rpm database stores it: without the 8-byte header magic, starting with the
 * index entry count and the data store length.
 *
 * <p>Spec: <a href="https://rpm-software-management.github.io/rpm/manual/format_header.html">rpm header
 * format</a> (big-endian {@code il}, {@code dl}; {@code il} entries of tag, type, offset, count; then the
 * data store). Region tags (61-63) describe signed regions and are not needed to read the values; every
 * entry's offset and extent is checked against the data store, so a blob with lying offsets is rejected
 * with {@link MalformedHeaderException} instead of reading out of bounds.
 *
 * <p>Immutable once parsed; thread-safe.
 */
final class RpmHeader {

  static final int NAME = 1000;
  static final int VERSION = 1001;
  static final int RELEASE = 1002;
  static final int EPOCH = 1003;
  static final int VENDOR = 1011;
  static final int LICENSE = 1014;
  static final int ARCH = 1022;
  static final int SOURCERPM = 1044;
  static final int DIRINDEXES = 1116;
  static final int BASENAMES = 1117;
  static final int DIRNAMES = 1118;
  static final int MODULARITYLABEL = 5096;

  private static final int TYPE_INT8 = 2;
  private static final int TYPE_INT16 = 3;
  private static final int TYPE_INT32 = 4;
  private static final int TYPE_INT64 = 5;
  private static final int TYPE_STRING = 6;
  private static final int TYPE_BIN = 7;
  private static final int TYPE_STRING_ARRAY = 8;
  private static final int TYPE_I18NSTRING = 9;

  /** rpm's own bounds (header.c: hdrchkTags / hdrchkData). */
  private static final int MAX_ENTRIES = 0x10000;
  private static final int MAX_DATA = 256 << 20;

  /** The blob was not a well-formed header. */
  static final class MalformedHeaderException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedHeaderException(String message) {
      super(message);
    }
  }

  private record Entry(int type, int offset, int count) {}

  private final byte[] blob;
  private final int dataStart;
  private final int dataLength;
  private final Map<Integer, Entry> entries;

  private RpmHeader(byte[] blob, int dataStart, int dataLength, Map<Integer, Entry> entries) {
    this.blob = blob;
    this.dataStart = dataStart;
    this.dataLength = dataLength;
    this.entries = entries;
  }

  /**
   * Parses a header blob; the array is kept, not copied.
   *
   * @param blob the bytes
   * @param off where the blob starts
   * @param len its length
   * @return the header
   * @throws MalformedHeaderException if counts or offsets do not fit
   */
  static RpmHeader parse(byte[] blob, int off, int len) throws MalformedHeaderException {
    if (len < 8) {
      throw new MalformedHeaderException("header blob shorter than 8 bytes");
    }
    long il = be32(blob, off) & 0xffffffffL;
    long dl = be32(blob, off + 4) & 0xffffffffL;
    if (il == 0 || il > MAX_ENTRIES || dl > MAX_DATA) {
      throw new MalformedHeaderException("implausible header sizes (" + il + " entries, " + dl + " data bytes)");
    }
    long need = 8 + il * 16 + dl;
    if (need > len) {
      throw new MalformedHeaderException("header needs " + need + " bytes but the blob has " + len);
    }
    int dataStart = off + 8 + (int) il * 16;
    Map<Integer, Entry> entries = new HashMap<>();
    for (int i = 0; i < il; i++) {
      int e = off + 8 + i * 16;
      int tag = be32(blob, e);
      int type = be32(blob, e + 4);
      int offset = be32(blob, e + 8);
      int count = be32(blob, e + 12);
      if (offset < 0 || offset > dl || count < 0) {
        throw new MalformedHeaderException("entry for tag " + tag + " points outside the data store");
      }
      entries.putIfAbsent(tag, new Entry(type, offset, count));
    }
    return new RpmHeader(blob, dataStart, (int) dl, entries);
  }

  /** Returns a STRING (or the first I18NSTRING / STRING_ARRAY element), or null. */
  String string(int tag) throws MalformedHeaderException {
    Entry e = entries.get(tag);
    if (e == null) {
      return null;
    }
    if (e.type() != TYPE_STRING && e.type() != TYPE_I18NSTRING && e.type() != TYPE_STRING_ARRAY) {
      throw new MalformedHeaderException("tag " + tag + " is not a string (type " + e.type() + ")");
    }
    List<String> l = strings(e, 1);
    return l.isEmpty() ? null : l.get(0);
  }

  /** Returns a STRING_ARRAY, or an empty list. */
  List<String> stringArray(int tag) throws MalformedHeaderException {
    Entry e = entries.get(tag);
    if (e == null) {
      return List.of();
    }
    if (e.type() != TYPE_STRING_ARRAY && e.type() != TYPE_I18NSTRING && e.type() != TYPE_STRING) {
      throw new MalformedHeaderException("tag " + tag + " is not a string array (type " + e.type() + ")");
    }
    return strings(e, e.type() == TYPE_STRING ? 1 : e.count());
  }

  /** Returns an integer array of any integer type, or an empty array. */
  long[] ints(int tag) throws MalformedHeaderException {
    Entry e = entries.get(tag);
    if (e == null) {
      return new long[0];
    }
    int width = switch (e.type()) {
      case TYPE_INT8 -> 1;
      case TYPE_INT16 -> 2;
      case TYPE_INT32 -> 4;
      case TYPE_INT64 -> 8;
      default -> throw new MalformedHeaderException("tag " + tag + " is not an integer (type " + e.type() + ")");
    };
    if ((long) e.count() * width > dataLength - e.offset()) {
      throw new MalformedHeaderException("tag " + tag + " runs past the data store");
    }
    long[] out = new long[e.count()];
    int p = dataStart + e.offset();
    for (int i = 0; i < out.length; i++, p += width) {
      out[i] = switch (width) {
        case 1 -> blob[p] & 0xff;
        case 2 -> ((blob[p] & 0xff) << 8) | (blob[p + 1] & 0xff);
        case 4 -> be32(blob, p) & 0xffffffffL;
        default -> ((long) be32(blob, p) << 32) | (be32(blob, p + 4) & 0xffffffffL);
      };
    }
    return out;
  }

  /** Returns true if the tag is present. */
  boolean has(int tag) {
    return entries.containsKey(tag);
  }

  private List<String> strings(Entry e, int count) throws MalformedHeaderException {
    List<String> out = new ArrayList<>(Math.min(count, 4096));
    int p = dataStart + e.offset();
    int end = dataStart + dataLength;
    for (int i = 0; i < count; i++) {
      int z = p;
      while (z < end && blob[z] != 0) {
        z++;
      }
      if (z >= end) {
        throw new MalformedHeaderException("unterminated string in the data store");
      }
      out.add(new String(blob, p, z - p, StandardCharsets.UTF_8));
      p = z + 1;
    }
    return out;
  }

  private static int be32(byte[] b, int p) {
    return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
  }
}
