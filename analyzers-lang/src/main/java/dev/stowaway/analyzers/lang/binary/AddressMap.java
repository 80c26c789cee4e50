package dev.stowaway.analyzers.lang.binary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps virtual addresses of an executable to file offsets, from the segment or section table near the
 * start of the file. Only Go build info written before Go 1.18 needs it: that format stores pointers.
 *
 * <p>Formats: <a href="https://refspecs.linuxfoundation.org/elf/gabi4+/ch5.pheader.html">ELF program
 * headers</a>, <a href="https://learn.microsoft.com/en-us/windows/win32/debug/pe-format">PE section
 * table</a>, <a href="https://github.com/apple-oss-distributions/xnu/blob/main/EXTERNAL_HEADERS/mach-o/loader.h">
 * Mach-O segment load commands</a>. Immutable.
 */
final class AddressMap {

  /** A segment or section; {@code flags} are ELF's {@code p_flags} (PF_X 1, PF_W 2, PF_R 4), -1 elsewhere. */
  private record Range(long address, long size, long offset, int flags) {
    Range(long address, long size, long offset) {
      this(address, size, offset, -1);
    }
  }

  private static final int PF_X = 1;
  private static final int PF_W = 2;

  private final List<Range> ranges;

  private AddressMap(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Returns the file offset of a virtual address, or -1 when no segment holds it.
   */
  long offsetOf(long address) {
    for (Range r : ranges) {
      if (Long.compareUnsigned(address, r.address) >= 0 && Long.compareUnsigned(address - r.address, r.size) < 0) {
        return r.offset + (address - r.address);
      }
    }
    return -1;
  }

  /**
   * Returns the file ranges of an ELF file's executable segments when the file also has a segment that
   * is neither executable nor writable, else none. Such a file keeps its read-only data (string
   * constants, {@code .rodata}, sections like cargo-auditable's {@code .dep-v0}) out of the executable
   * segment, which then holds only machine code and can be skipped by a search for embedded data: the
   * layout of GNU ld with {@code -z separate-code} (the default on x86-64 Linux since binutils 2.31),
   * lld, mold and the Go linker. A file with one read+execute segment holding code and constants (older
   * ld, gold) gets none. Non-ELF formats get none.
   *
   * @return pairs {@code [start0, end0, start1, end1, ...]} of file offsets, sorted and not overlapping
   */
  long[] codeOnlyFileRanges() {
    boolean readOnlySegment = ranges.stream().anyMatch(r -> r.flags >= 0 && (r.flags & (PF_X | PF_W)) == 0);
    if (!readOnlySegment) {
      return new long[0];
    }
    List<long[]> code = new ArrayList<>();
    for (Range r : ranges) {
      if (r.flags >= 0 && (r.flags & PF_X) != 0 && r.size > 0 && r.offset >= 0 && r.offset + r.size > r.offset) {
        code.add(new long[] {r.offset, r.offset + r.size});
      }
    }
    code.sort((x, y) -> Long.compare(x[0], y[0]));
    long[] out = new long[code.size() * 2];
    int n = 0;
    for (long[] c : code) {
      if (n > 0 && c[0] <= out[n - 1]) {
        out[n - 1] = Math.max(out[n - 1], c[1]);
      } else {
        out[n++] = c[0];
        out[n++] = c[1];
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /**
   * Reads the table from the first bytes of the file. Anything that does not fit in {@code head} or is
   * inconsistent is left out; the result may be empty, never an exception.
   */
  static AddressMap read(ExecutableFormat format, byte[] head, int length) {
    List<Range> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(head, 0, length);
    try {
      switch (format) {
        case ELF -> elf(b, out);
        case PE -> pe(b, out);
        case MACHO -> macho(b, out);
        default -> { }
      }
    } catch (IndexOutOfBoundsException | IllegalArgumentException | ArithmeticException e) {
      // a truncated or lying header (an offset beyond the head, or past an int): keep what was read
    }
    return new AddressMap(out);
  }

  private static void elf(ByteBuffer b, List<Range> out) {
    boolean is64 = b.get(4) == 2;
    b.order(b.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    long phoff = is64 ? b.getLong(0x20) : Integer.toUnsignedLong(b.getInt(0x1c));
    int phentsize = Short.toUnsignedInt(b.getShort(is64 ? 0x36 : 0x2a));
    int phnum = Short.toUnsignedInt(b.getShort(is64 ? 0x38 : 0x2c));
    for (int i = 0; i < phnum; i++) {
      int at = Math.toIntExact(phoff + (long) i * phentsize);
      if (b.getInt(at) != 1) { // PT_LOAD
        continue;
      }
      if (is64) {
        out.add(new Range(b.getLong(at + 16), b.getLong(at + 32), b.getLong(at + 8), b.getInt(at + 4)));
      } else {
        out.add(new Range(Integer.toUnsignedLong(b.getInt(at + 8)), Integer.toUnsignedLong(b.getInt(at + 16)),
            Integer.toUnsignedLong(b.getInt(at + 4)), b.getInt(at + 24)));
      }
    }
  }

  private static void pe(ByteBuffer b, List<Range> out) {
    b.order(ByteOrder.LITTLE_ENDIAN);
    int pe = b.getInt(0x3c);
    if (b.getInt(pe) != 0x00004550) { // "PE\0\0"
      return;
    }
    int coff = pe + 4;
    int sections = Short.toUnsignedInt(b.getShort(coff + 2));
    int optSize = Short.toUnsignedInt(b.getShort(coff + 16));
    int opt = coff + 20;
    int magic = Short.toUnsignedInt(b.getShort(opt));
    long imageBase = magic == 0x20b ? b.getLong(opt + 24) : Integer.toUnsignedLong(b.getInt(opt + 28));
    int table = opt + optSize;
    for (int i = 0; i < sections; i++) {
      int at = table + i * 40;
      long virtualAddress = Integer.toUnsignedLong(b.getInt(at + 12));
      long rawSize = Integer.toUnsignedLong(b.getInt(at + 16));
      long rawPointer = Integer.toUnsignedLong(b.getInt(at + 20));
      out.add(new Range(imageBase + virtualAddress, rawSize, rawPointer));
    }
  }

  private static void macho(ByteBuffer b, List<Range> out) {
    int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
    boolean swapped = magic == 0xcefaedfe || magic == 0xcffaedfe;
    b.order(swapped ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    boolean is64 = magic == 0xfeedfacf || magic == 0xcffaedfe;
    int ncmds = b.getInt(16);
    int at = is64 ? 32 : 28;
    for (int i = 0; i < ncmds && ncmds < 10_000; i++) {
      int cmd = b.getInt(at);
      int size = b.getInt(at + 4);
      if (size < 8) {
        return;
      }
      if (cmd == 0x19) { // LC_SEGMENT_64
        out.add(new Range(b.getLong(at + 24), b.getLong(at + 48), b.getLong(at + 40)));
      } else if (cmd == 0x1) { // LC_SEGMENT
        out.add(new Range(Integer.toUnsignedLong(b.getInt(at + 24)), Integer.toUnsignedLong(b.getInt(at + 36)),
            Integer.toUnsignedLong(b.getInt(at + 32))));
      }
      at += size;
    }
  }
}
