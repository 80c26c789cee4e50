package dev.stowaway.analyzers.lang.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The scanner passes over the executable segments of an ELF file whose read-only data lives in a segment
 * of its own (see {@link AddressMap#codeOnlyFileRanges()}), and only then; data captured across the start
 * of such a segment is still read whole.
 */
class CodeSegmentSkipTest {
  private static final int PF_X = 1;
  private static final int PF_W = 2;
  private static final int PF_R = 4;
  /** Larger than the scanner's buffer, so skipping a code segment also drops bytes not read yet. */
  private static final int CODE = 600 << 10;
  private static final int PAGE = 0x1000;

  private record Segment(int flags, byte[] bytes) {}

  /** An ELF64 little-endian file: header, program headers, then each segment at a page boundary. */
  private static byte[] elf(Segment... segments) {
    int phoff = 64;
    long[] offsets = new long[segments.length];
    long at = PAGE;
    for (int i = 0; i < segments.length; i++) {
      offsets[i] = at;
      at += (segments[i].bytes.length + PAGE - 1) / PAGE * PAGE;
    }
    ByteBuffer b = ByteBuffer.allocate((int) at).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    b.putShort(0x10, (short) 2).putShort(0x12, (short) 0x3e).putInt(0x14, 1);
    b.putLong(0x20, phoff).putShort(0x34, (short) 64).putShort(0x36, (short) 56)
        .putShort(0x38, (short) segments.length);
    for (int i = 0; i < segments.length; i++) {
      int ph = phoff + 56 * i;
      long size = segments[i].bytes.length;
      b.putInt(ph, 1).putInt(ph + 4, segments[i].flags).putLong(ph + 8, offsets[i])
          .putLong(ph + 16, 0x400000 + offsets[i]).putLong(ph + 24, 0x400000 + offsets[i])
          .putLong(ph + 32, size).putLong(ph + 40, size).putLong(ph + 48, PAGE);
      b.put((int) offsets[i], segments[i].bytes);
    }
    return b.array();
  }

  /** A Go 1.18+ build info blob (16-byte aligned when placed at an aligned offset). */
  private static byte[] goBuildInfo(String modulePath, int modinfoPadding) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ExecutableScanner.GO_MAGIC);
    out.write(8);
    out.write(2);
    out.writeBytes(new byte[16]);
    ExecutableAnalyzerTest.varint(out, "go1.22.1".getBytes(StandardCharsets.UTF_8));
    String modinfo = "path\t" + modulePath + "\nmod\t" + modulePath + "\tv1.0.0\th1:x=\n"
        + "build\tpadding=" + "p".repeat(modinfoPadding) + "\n";
    ByteArrayOutputStream mod = new ByteArrayOutputStream();
    mod.writeBytes(ExecutableScanner.INFO_START);
    mod.writeBytes(modinfo.getBytes(StandardCharsets.UTF_8));
    mod.writeBytes(ExecutableScanner.INFO_END);
    ExecutableAnalyzerTest.varint(out, mod.toByteArray());
    return out.toByteArray();
  }

  private static byte[] cargo(String crate) {
    byte[] json = ("{\"packages\":[{\"name\":\"" + crate + "\",\"version\":\"1.0.0\",\"source\":\"crates.io\"}]}")
        .getBytes(StandardCharsets.UTF_8);
    Deflater d = new Deflater(9);
    d.setInput(json);
    d.finish();
    byte[] z = new byte[1000];
    int n = d.deflate(z);
    d.end();
    return java.util.Arrays.copyOf(z, n);
  }

  /** Code: a decoy Go build info and decoy cargo data (machine code that happens to look like them). */
  private static byte[] code() {
    byte[] code = new byte[CODE];
    byte[] go = goBuildInfo("example.com/decoy", 0);
    System.arraycopy(go, 0, code, 0x8000, go.length);
    byte[] z = cargo("decoy");
    System.arraycopy(z, 0, code, 0x4001, z.length);
    return code;
  }

  private static byte[] data(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
      out.writeBytes(new byte[(32 - p.length % 16) % 16 + 16]); // keep the next part 16-byte aligned
    }
    return out.toByteArray();
  }

  private static ExecutableScanner.Result scan(byte[] file, boolean oneByteAtATime) throws IOException {
    InputStream in = new ByteArrayInputStream(file);
    if (oneByteAtATime) {
      InputStream whole = in;
      in = new InputStream() {
        @Override
        public int read() throws IOException {
          return whole.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return whole.read(b, off, Math.min(len, 1));
        }
      };
    }
    return new ExecutableScanner().scan(in);
  }

  private static String json(ExecutableScanner.Result r) {
    return r.cargoJson() == null ? null : new String(r.cargoJson(), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void separateCodeLayoutPassesOverTheCodeAndFindsTheData(boolean oneByteAtATime) throws IOException {
    byte[] file = elf(new Segment(PF_R, new byte[256]), new Segment(PF_R | PF_X, code()),
        new Segment(PF_R, data(cargo("serde"))), new Segment(PF_R | PF_W, data(goBuildInfo("example.com/app", 0))));
    ExecutableScanner.Result r = scan(file, oneByteAtATime);
    assertThat(r.goProblem()).isNull();
    assertThat(r.goModInfo()).contains("mod\texample.com/app\tv1.0.0").doesNotContain("decoy");
    assertThat(json(r)).contains("\"serde\"").doesNotContain("decoy");
  }

  @Test
  void goLinkerLayoutCodeFromOffsetZeroIsPassedOver() throws IOException {
    // Go's ELF: the first (read+execute) segment starts at offset 0 and holds the headers and .text
    byte[] code = code();
    byte[] file = elf(new Segment(PF_R | PF_X, code), new Segment(PF_R, new byte[300]),
        new Segment(PF_R | PF_W, data(goBuildInfo("example.com/app", 0))));
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 8, 0)
        .putLong(64 + 32, PAGE + code.length); // the first segment now covers the headers too
    ExecutableScanner.Result r = scan(file, false);
    assertThat(r.goModInfo()).contains("example.com/app").doesNotContain("decoy");
  }

  @Test
  void withoutAReadOnlySegmentTheCodeSegmentIsSearchedToo() throws IOException {
    // older ld and gold: one read+execute segment holds .rodata and .text together
    byte[] file = elf(new Segment(PF_R | PF_X, code()), new Segment(PF_R | PF_W, new byte[64]));
    ExecutableScanner.Result r = scan(file, false);
    assertThat(r.goModInfo()).contains("example.com/decoy");
    assertThat(json(r)).contains("\"decoy\"");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void dataThatRunsIntoACodeSegmentIsReadWhole(boolean oneByteAtATime) throws IOException {
    // the module info starts in the read-only segment and continues past the start of the code segment
    byte[] info = goBuildInfo("example.com/long", 3 * PAGE);
    byte[] ro = new byte[PAGE];
    System.arraycopy(info, 0, ro, PAGE - 64, 64);
    byte[] code = code();
    System.arraycopy(info, 64, code, 0, info.length - 64);
    byte[] file = elf(new Segment(PF_R, ro), new Segment(PF_R | PF_X, code));
    ExecutableScanner.Result r = scan(file, oneByteAtATime);
    assertThat(r.goProblem()).isNull();
    assertThat(r.goModInfo()).contains("mod\texample.com/long\tv1.0.0").endsWith("p\n");
  }

  @Test
  void lyingSegmentTablesAreHarmless() throws IOException {
    // a code segment past the end of the file, one with a negative offset, one wrapping around
    byte[] file = elf(new Segment(PF_R, data(goBuildInfo("example.com/app", 0))), new Segment(PF_R | PF_X, new byte[8]));
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    for (long[] lie : new long[][] {{1L << 40, 1L << 41}, {-5, 100}, {100, Long.MAX_VALUE}}) {
      b.putLong(64 + 56 + 8, lie[0]).putLong(64 + 56 + 32, lie[1]);
      ExecutableScanner.Result r = scan(file, false);
      assertThat(r.goModInfo()).as("offset %d size %d", lie[0], lie[1]).contains("example.com/app");
    }
  }
}
