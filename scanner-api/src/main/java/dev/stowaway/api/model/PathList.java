package dev.stowaway.api.model;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of paths kept as one array of UTF-8 bytes, each path decoded when it is read. A
 * package's {@link Package#installedFiles() installed files} are thousands of paths that most uses of a
 * result never read (reports do not print them); kept this way they cost a byte per character and no
 * object per path, and a cached inventory is read without creating one string per path. {@link Package}
 * keeps a {@code PathList} as it is instead of copying it.
 *
 * <p>Equal, with an equal hash code, to any other {@link java.util.List} of the same strings in the same
 * order. {@link #get} decodes the path every time (equal strings, not the same instance). Immutable and
 * thread-safe; never holds null.
 */
public final class PathList extends AbstractList<String> implements RandomAccess {
  private final byte[] utf8;
  /** Where each path ends in {@link #utf8} (exclusive); path {@code i} starts where path {@code i - 1} ends. */
  private final int[] ends;

  private PathList(byte[] utf8, int[] ends) {
    this.utf8 = utf8;
    this.ends = ends;
  }

  /**
   * Copies paths given as consecutive UTF-8 byte runs: path 0 starts at {@code offset}, each next one where the
   * one before ends, and together they fill {@code bytes[offset, offset + length)} exactly. Malformed UTF-8
   * decodes to replacement characters, as {@link String#String(byte[], java.nio.charset.Charset)} does.
   *
   * @param bytes where the paths' bytes are; not null; only read
   * @param offset where the first path starts in {@code bytes}
   * @param length how many bytes the paths take together
   * @param lengths each path's length in bytes, in order; not null; only read
   * @return the list
   * @throws IllegalArgumentException if the range is not inside {@code bytes}, a length is negative, or the
   *     lengths do not add up to {@code length}
   */
  public static PathList fromUtf8(byte[] bytes, int offset, int length, int[] lengths) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int[] ends = new int[lengths.length];
    long end = 0;
    for (int i = 0; i < lengths.length; i++) {
      int n = lengths[i];
      end += n;
      if (n < 0 || end > length) {
        throw new IllegalArgumentException("path " + i + " of " + lengths.length + ": length " + n
            + " does not fit in " + length + " bytes");
      }
      ends[i] = (int) end;
    }
    if (end != length) {
      throw new IllegalArgumentException("the paths take " + end + " bytes, not " + length);
    }
    byte[] copy = new byte[length];
    System.arraycopy(bytes, offset, copy, 0, length);
    return new PathList(copy, ends);
  }

  /**
   * Copies paths given as strings.
   *
   * @param paths the paths; not null, no null element
   * @return the list
   * @throws NullPointerException if {@code paths} or one of them is null
   */
  public static PathList copyOf(java.util.Collection<String> paths) {
    if (paths instanceof PathList p) {
      return p;
    }
    byte[][] encoded = new byte[paths.size()][];
    int[] lengths = new int[encoded.length];
    int total = 0;
    int i = 0;
    for (String path : paths) {
      encoded[i] = Objects.requireNonNull(path, "path").getBytes(StandardCharsets.UTF_8);
      lengths[i] = encoded[i].length;
      total = Math.addExact(total, lengths[i]);
      i++;
    }
    byte[] all = new byte[total];
    int at = 0;
    for (byte[] e : encoded) {
      System.arraycopy(e, 0, all, at, e.length);
      at += e.length;
    }
    return fromUtf8(all, 0, total, lengths);
  }

  /**
   * Returns path {@code index}, decoded from its bytes.
   *
   * @param index the position
   * @return the path; never null
   * @throws IndexOutOfBoundsException if {@code index} is not below {@link #size()}
   */
  @Override
  public String get(int index) {
    Objects.checkIndex(index, ends.length);
    int start = index == 0 ? 0 : ends[index - 1];
    return new String(utf8, start, ends[index] - start, StandardCharsets.UTF_8);
  }

  /**
   * Returns how many paths the list holds.
   *
   * @return the count
   */
  @Override
  public int size() {
    return ends.length;
  }
}
