package dev.stowaway.analyzers.lang.binary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One forward pass over an executable that finds the Go build info and the cargo-auditable dependency
 * list, without random access and in bounded memory: a sliding window is searched for the markers, and
 * what follows a marker is captured up to a bound.
 *
 * <p>Go build info (<a href="https://github.com/golang/go/blob/master/src/debug/buildinfo/buildinfo.go">
 * debug/buildinfo</a>): a 32-byte header at a 16-byte aligned address, starting with
 * {@code \xff Go buildinf:}, pointer size, flags. From Go 1.18 (flag bit 2) two varint-length strings
 * follow inline: the toolchain version and the module info. Before, the header holds two pointers to Go
 * string headers; they are resolved through the segment table, remembering where {@code go1.} strings
 * were seen so that a pointer back into {@code .rodata} (already passed) can still be read. The module
 * info is wrapped in 16-byte sentinels; its text form is documented in
 * <a href="https://pkg.go.dev/runtime/debug#BuildInfo">runtime/debug</a>.
 *
 * <p>cargo-auditable (<a href="https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md">
 * PARSING.md</a>): a zlib stream in the {@code .dep-v0} section holding JSON {@code {"packages":[...]}};
 * found here as a zlib header whose first inflated bytes are {@code {"packages"}, so no section table
 * (at the end of an ELF file) is needed.
 *
 * <p>Single use; not thread-safe. Does not close the stream.
 */
final class ExecutableScanner {

  static final byte[] GO_MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
  static final byte[] INFO_START = HexFormat.of().parseHex("3077af0c9274080241e1c107e6d618e6");
  static final byte[] INFO_END = HexFormat.of().parseHex("f932433186182072008242104116d8f2");
  private static final byte[] GO1 = "go1.".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CARGO_PREFIX = "{\"packages\"".getBytes(StandardCharsets.US_ASCII);
  static final int HEAD = 64 << 10;
  static final int MAX_MODINFO = 4 << 20;
  static final int MAX_CARGO_JSON = 16 << 20;
  private static final int LOOKAHEAD = 64;
  private static final int MAX_CANDIDATES = 4096;
  private static final int CANDIDATE_BYTES = 40;
  /** The bytes that can start a pattern {@link #check} looks for. */
  private static final boolean[] FIRST_BYTES = new boolean[256];

  static {
    FIRST_BYTES[GO_MAGIC[0] & 0xff] = true;
    FIRST_BYTES[INFO_START[0] & 0xff] = true;
    FIRST_BYTES[GO1[0] & 0xff] = true;
    FIRST_BYTES[0x78] = true;
  }

  /** What the pass found. Strings are null when absent. */
  record Result(ExecutableFormat format, boolean goMarker, String goVersion, String goModInfo, String goProblem,
      byte[] cargoJson, String cargoProblem) {}

  private final byte[] buf = new byte[256 << 10];
  private int len;
  private long base;
  private boolean eof;
  private final List<Capture> captures = new ArrayList<>();
  private final Map<Long, byte[]> goCandidates = new HashMap<>();
  private final Inflater probe = new Inflater();

  private byte[] head;
  private ExecutableFormat format = ExecutableFormat.NONE;
  /** The segment table read from {@link #head}; null until first asked for. */
  private AddressMap addressMap;
  private boolean goMarker;
  private boolean goDone;
  private String goVersion;
  private String goModInfo;
  private String goProblem;
  private ModInfoCapture sentinelModInfo;
  private PendingRead oldVersionHeader;
  private int oldPtrSize;
  private boolean oldBigEndian;
  private CargoCapture cargo;

  /**
   * Reads the stream to its end (or until the Go build info is complete).
   *
   * @param in the executable; not closed
   * @return what was found; the format is {@link ExecutableFormat#NONE} for anything else
   * @throws IOException if reading fails
   */
  Result scan(InputStream in) throws IOException {
    try {
      fill(in);
      head = java.util.Arrays.copyOf(buf, Math.min(len, HEAD));
      format = ExecutableFormat.of(head, head.length);
      if (format == ExecutableFormat.NONE) {
        return new Result(format, false, null, null, null, null, null);
      }
      // Machine code holds neither build info nor cargo-auditable data; where the layout keeps constants out
      // of the executable segments (see AddressMap), those bytes (about two thirds of a typical file) are
      // passed over unless a capture is reading through them.
      long[] code = format == ExecutableFormat.ELF
          ? addressMap().codeOnlyFileRanges() : new long[0];
      int c = 0;
      int pos = 0;
      while (true) {
        while (c < code.length && code[c + 1] <= base + pos) {
          c += 2;
        }
        if (c < code.length && code[c] <= base + pos && !goDone) {
          long end = code[c + 1];
          c += 2;
          if (captures.isEmpty()) {
            pos = skipTo(in, end);
          }
          continue;
        }
        int limit = eof ? len : len - LOOKAHEAD;
        if (c < code.length && code[c] - base < limit) {
          limit = (int) (code[c] - base);
        }
        // The hot loop: most bytes start none of the four patterns, so one table look-up skips them.
        final byte[] b = buf;
        for (; pos < limit && !goDone; pos++) {
          if (FIRST_BYTES[b[pos] & 0xff]) {
            check(pos);
          }
        }
        if (c < code.length && code[c] <= base + pos && !goDone) {
          continue;
        }
        if (eof || goDone) {
          break;
        }
        // keep the unscanned tail, read more, and hand the new bytes to the open captures
        System.arraycopy(buf, pos, buf, 0, len - pos);
        base += pos;
        len -= pos;
        pos = 0;
        int before = len;
        fill(in);
        feedCaptures(before);
      }
      return finish();
    } finally {
      probe.end();
      if (cargo != null) {
        cargo.inflater.end();
      }
    }
  }

  /**
   * Moves the scan position to the absolute file offset {@code target} (at or after the current one),
   * reading and dropping the bytes in between when they are not in the buffer yet.
   *
   * @return the new position in the buffer
   */
  private int skipTo(InputStream in, long target) throws IOException {
    if (target <= base + len) {
      return (int) (target - base);
    }
    long left = target - (base + len);
    base += len;
    len = 0;
    while (left > 0 && !eof) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        eof = true;
      } else {
        left -= n;
        base += n;
      }
    }
    if (!eof) {
      fill(in);
    }
    return 0;
  }

  /** The segment table, read once from the head of the file. */
  private AddressMap addressMap() {
    if (addressMap == null) {
      addressMap = AddressMap.read(format, head, head.length);
    }
    return addressMap;
  }

  private void fill(InputStream in) throws IOException {
    while (len < buf.length) {
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        eof = true;
        return;
      }
      len += n;
    }
  }

  private void feedCaptures(int from) {
    for (int i = 0; i < captures.size(); i++) {
      Capture c = captures.get(i);
      long start = Math.max(c.next, base + from);
      if (start < base + len) {
        c.done = c.accept(buf, (int) (start - base), (int) (base + len - start));
        c.next = base + len;
      }
    }
    captures.removeIf(c -> c.done);
    afterCaptures();
  }

  private void open(Capture c) {
    c.done = c.next < base || (c.next < base + len && c.accept(buf, (int) (c.next - base), (int) (base + len - c.next)));
    c.next = Math.max(c.next, base + len);
    if (!c.done) {
      captures.add(c);
    }
    afterCaptures();
  }

  private void check(int pos) {
    byte b = buf[pos];
    long at = base + pos;
    if (b == (byte) 0xff && !goMarker && (at & 15) == 0 && matches(pos, GO_MAGIC)) {
      goHeader(pos);
    } else if (b == 0x30 && sentinelModInfo == null && matches(pos, INFO_START)) {
      sentinelModInfo = new ModInfoCapture(at + INFO_START.length);
      open(sentinelModInfo);
    } else if (b == 'g' && goCandidates.size() < MAX_CANDIDATES && matches(pos, GO1)) {
      goCandidates.put(at, java.util.Arrays.copyOfRange(buf, pos, Math.min(len, pos + CANDIDATE_BYTES)));
    } else if (b == 0x78 && cargo == null && !goMarker && pos + 2 < len && isZlibFlag(buf[pos + 1])
        && mayStartCargoBlock(pos + 2) && inflatesToCargo(pos)) {
      // After a Go build info marker the file is a Go binary; cargo-auditable data is only written by
      // cargo, so the (native, comparatively costly) inflate probe is skipped from then on.
      cargo = new CargoCapture(at);
      open(cargo);
    }
  }

  private boolean matches(int pos, byte[] pattern) {
    if (pos + pattern.length > len) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (buf[pos + i] != pattern[i]) {
        return false;
      }
    }
    return true;
  }

  private void goHeader(int pos) {
    goMarker = true;
    if (pos + 32 > len) {
      goProblem = "Go build info header truncated";
      goDone = true;
      return;
    }
    int ptrSize = buf[pos + 14];
    int flags = buf[pos + 15];
    if ((flags & 2) != 0) {
      open(new InlineCapture(base + pos + 32));
      return;
    }
    if (ptrSize != 4 && ptrSize != 8) {
      goProblem = "Go build info with unsupported pointer size " + ptrSize;
      goDone = true;
      return;
    }
    oldPtrSize = ptrSize;
    oldBigEndian = (flags & 1) != 0;
    long versionAddress = pointer(buf, pos + 16);
    long offset = addressMap().offsetOf(versionAddress);
    if (offset < 0 || offset < base) {
      goProblem = "Go build info (pre-1.18 format) points outside the readable file";
      return;
    }
    oldVersionHeader = new PendingRead(offset, 2 * ptrSize);
    open(oldVersionHeader);
  }

  private long pointer(byte[] b, int at) {
    ByteBuffer bb = ByteBuffer.wrap(b).order(oldBigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    return oldPtrSize == 8 ? bb.getLong(at) : Integer.toUnsignedLong(bb.getInt(at));
  }

  private static boolean isZlibFlag(byte flag) {
    return flag == 0x01 || flag == 0x5e || flag == (byte) 0x9c || flag == (byte) 0xda;
  }

  /**
   * A cheap look at the first deflate block header (RFC 1951 section 3.2.3) before the inflate probe: in
   * machine code {@code 0x78} followed by a valid zlib flag byte is common, and most such places fail here.
   * BTYPE 11 is reserved; a stored block (00) must carry LEN and its one's complement NLEN and start with
   * the JSON text itself.
   */
  private boolean mayStartCargoBlock(int at) {
    int header = buf[at] & 0xff;
    int type = (header >> 1) & 3;
    if (type == 3) {
      return false;
    }
    if (type == 0) {
      int p = at + 1; // stored: the rest of the header byte is padding, then LEN, NLEN (little-endian)
      if (p + 4 + CARGO_PREFIX.length > len) {
        return true; // not enough bytes to rule it out; let the probe decide
      }
      int length = (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8;
      int nlength = (buf[p + 2] & 0xff) | (buf[p + 3] & 0xff) << 8;
      return (length ^ 0xffff) == nlength && matches(p + 4, CARGO_PREFIX);
    }
    if (type == 2) {
      // dynamic Huffman: HLIT (5 bits) + 257 literal/length codes must not exceed 286, HDIST + 1 not 30
      if (at + 1 >= len) {
        return true;
      }
      int bits = header | (buf[at + 1] & 0xff) << 8;
      int hlit = (bits >> 3) & 31;
      int hdist = (bits >> 8) & 31;
      return hlit <= 29 && hdist <= 29;
    }
    return true;
  }

  private boolean inflatesToCargo(int pos) {
    probe.reset();
    probe.setInput(buf, pos, Math.min(len - pos, 512));
    byte[] out = new byte[CARGO_PREFIX.length];
    try {
      int n = probe.inflate(out);
      return n == out.length && java.util.Arrays.equals(out, CARGO_PREFIX);
    } catch (DataFormatException e) {
      return false;
    }
  }

  /** Ends the pass early once the Go build info is complete (the inline form, or the resolved old form). */
  private void afterCaptures() {
    if (goVersion != null && goModInfo != null) {
      goDone = true;
    }
  }

  private Result finish() {
    if (goMarker && goProblem == null && goModInfo == null) {
      if (oldVersionHeader != null) {
        goVersion = resolveOldVersion();
        if (sentinelModInfo != null && sentinelModInfo.text != null) {
          goModInfo = sentinelModInfo.text;
        }
      }
      if (goModInfo == null && goVersion == null) {
        goProblem = "Go build info found but neither a version nor module info could be read";
      }
    }
    String cargoProblem = null;
    byte[] cargoJson = null;
    if (cargo != null) {
      if (cargo.problem != null) {
        cargoProblem = cargo.problem;
      } else if (!cargo.inflater.finished()) {
        cargoProblem = "cargo-auditable data truncated";
      } else {
        cargoJson = cargo.out.toByteArray();
      }
    }
    return new Result(format, goMarker, goVersion, goModInfo, goProblem, cargoJson, cargoProblem);
  }

  private String resolveOldVersion() {
    if (oldVersionHeader.out.size() < 2 * oldPtrSize) {
      return null;
    }
    byte[] h = oldVersionHeader.out.toByteArray();
    long data = pointer(h, 0);
    long length = pointer(h, oldPtrSize);
    long offset = addressMap().offsetOf(data);
    byte[] candidate = goCandidates.get(offset);
    if (candidate == null || length <= 0 || length > candidate.length) {
      return null;
    }
    return new String(candidate, 0, (int) length, StandardCharsets.ISO_8859_1);
  }

  /** Bytes wanted from an absolute file offset on. */
  private abstract static class Capture {
    long next;
    boolean done;

    Capture(long start) {
      next = start;
    }

    /** Takes the next bytes; returns true when it wants no more. */
    abstract boolean accept(byte[] b, int off, int n);
  }

  /** A fixed number of bytes at an offset (a Go string header of the pre-1.18 format). */
  private static final class PendingRead extends Capture {
    final int length;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PendingRead(long offset, int length) {
      super(offset);
      this.length = length;
    }

    @Override
    boolean accept(byte[] b, int off, int n) {
      out.write(b, off, Math.min(n, length - out.size()));
      return out.size() >= length;
    }
  }

  /** The module info between the start sentinel (already passed) and the end sentinel. */
  private static final class ModInfoCapture extends Capture {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text;

    ModInfoCapture(long start) {
      super(start);
    }

    @Override
    boolean accept(byte[] b, int off, int n) {
      int from = Math.max(0, out.size() - INFO_END.length);
      out.write(b, off, n);
      byte[] all = out.toByteArray();
      int end = indexOf(all, INFO_END, from);
      if (end >= 0) {
        text = new String(all, 0, end, StandardCharsets.UTF_8);
        return true;
      }
      return out.size() > MAX_MODINFO;
    }
  }

  /** The Go 1.18+ inline strings: varint length + version, varint length + module info. */
  private final class InlineCapture extends Capture {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    InlineCapture(long start) {
      super(start);
    }

    @Override
    boolean accept(byte[] b, int off, int n) {
      out.write(b, off, n);
      byte[] all = out.toByteArray();
      int[] p = {0};
      String version = varintString(all, p);
      if (version == null) {
        return stop(all.length);
      }
      String mod = varintString(all, p);
      if (mod == null) {
        return stop(all.length);
      }
      goVersion = version;
      if (mod.length() >= 33 && mod.charAt(mod.length() - 17) == '\n') {
        mod = mod.substring(16, mod.length() - 16); // strip the sentinels (as debug/buildinfo does)
      }
      goModInfo = mod;
      return true;
    }

    private boolean stop(int have) {
      if (have > MAX_MODINFO + 64) {
        goProblem = "Go build info larger than " + MAX_MODINFO + " bytes";
        goDone = true;
        return true;
      }
      return false;
    }
  }

  /** Reads a varint-prefixed string at p[0], advancing it; null if more bytes are needed. */
  static String varintString(byte[] b, int[] p) {
    long value = 0;
    int shift = 0;
    int i = p[0];
    while (true) {
      if (i >= b.length) {
        return null;
      }
      int x = b[i++] & 0xff;
      value |= (long) (x & 0x7f) << shift;
      if (x < 0x80) {
        break;
      }
      shift += 7;
      if (shift > 35) {
        return null;
      }
    }
    if (value > MAX_MODINFO || i + value > b.length) {
      return null;
    }
    p[0] = i + (int) value;
    return new String(b, i, (int) value, StandardCharsets.UTF_8);
  }

  /** Inflates the cargo-auditable JSON, bounded. */
  private static final class CargoCapture extends Capture {
    final Inflater inflater = new Inflater();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final byte[] chunk = new byte[8192];
    String problem;

    CargoCapture(long start) {
      super(start);
    }

    @Override
    boolean accept(byte[] b, int off, int n) {
      inflater.setInput(b, off, n);
      try {
        while (!inflater.finished() && !inflater.needsInput()) {
          int got = inflater.inflate(chunk);
          out.write(chunk, 0, got);
          if (out.size() > MAX_CARGO_JSON) {
            problem = "cargo-auditable data larger than " + MAX_CARGO_JSON + " bytes";
            return true;
          }
          if (got == 0 && inflater.needsDictionary()) {
            problem = "cargo-auditable data needs a preset dictionary";
            return true;
          }
        }
      } catch (DataFormatException e) {
        problem = "malformed cargo-auditable data: " + e.getMessage();
        return true;
      }
      return inflater.finished();
    }
  }

  static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
