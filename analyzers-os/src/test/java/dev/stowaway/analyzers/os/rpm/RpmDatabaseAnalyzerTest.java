package dev.stowaway.analyzers.os.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpmDatabaseAnalyzerTest {

  private final RpmDatabaseAnalyzer analyzer = new RpmDatabaseAnalyzer();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "var/lib/rpm/Packages, true",
      "var/lib/rpm/Packages.db, true",
      "var/lib/rpm/rpmdb.sqlite, true",
      "usr/lib/sysimage/rpm/Packages, true",
      "usr/lib/sysimage/rpm/Packages.db, true",
      "usr/lib/sysimage/rpm/rpmdb.sqlite, true",
      "var/lib/rpm/Name, false",
      "var/lib/rpm/rpmdb.sqlite-wal, false",
      "var/lib/rpm/__db.001, false",
      "opt/var/lib/rpm/Packages, false"})
  void selectorTable(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 1))).isEqualTo(selected);
  }

  /** A header blob built by hand: entries (tag, type, value) with a correct data store. */
  static byte[] header(Object[]... entries) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    ByteBuffer index = ByteBuffer.allocate(entries.length * 16);
    for (Object[] e : entries) {
      int tag = (Integer) e[0];
      int type = (Integer) e[1];
      int count;
      if (type == 4) {
        while (data.size() % 4 != 0) {
          data.write(0);
        }
      }
      int offset = data.size();
      if (e[2] instanceof String s) {
        data.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        data.write(0);
        count = 1;
      } else if (e[2] instanceof String[] arr) {
        for (String s : arr) {
          data.writeBytes(s.getBytes(StandardCharsets.UTF_8));
          data.write(0);
        }
        count = arr.length;
      } else {
        int[] ints = (int[]) e[2];
        for (int v : ints) {
          data.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
        }
        count = ints.length;
      }
      index.putInt(tag).putInt(type).putInt(offset).putInt(count);
    }
    ByteBuffer out = ByteBuffer.allocate(8 + index.capacity() + data.size());
    out.putInt(entries.length).putInt(data.size()).put(index.array()).put(data.toByteArray());
    return out.array();
  }

  static byte[] sampleHeader() {
    return header(
        new Object[] {RpmHeader.NAME, 6, "bash"},
        new Object[] {RpmHeader.VERSION, 6, "5.1.8"},
        new Object[] {RpmHeader.RELEASE, 6, "9.el9"},
        new Object[] {RpmHeader.EPOCH, 4, new int[] {2}},
        new Object[] {RpmHeader.ARCH, 6, "x86_64"},
        new Object[] {RpmHeader.LICENSE, 6, "GPLv3+"},
        new Object[] {RpmHeader.SOURCERPM, 6, "bash-5.1.8-9.el9.src.rpm"},
        new Object[] {RpmHeader.VENDOR, 6, "Rocky Enterprise Software Foundation"},
        new Object[] {RpmHeader.MODULARITYLABEL, 6, "perl:5.32:8040020210617:abc"},
        new Object[] {RpmHeader.DIRNAMES, 8, new String[] {"/usr/bin/", "/etc/skel/"}},
        new Object[] {RpmHeader.BASENAMES, 8, new String[] {"bash", "sh", ".bashrc"}},
        new Object[] {RpmHeader.DIRINDEXES, 4, new int[] {0, 0, 1}});
  }

  /** An NDB file with the given blobs, laid out as rpm's ndb backend writes it. */
  static byte[] ndb(List<byte[]> blobs) {
    int slotPages = 1;
    int dataStart = slotPages * 4096;
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    ByteBuffer head = ByteBuffer.allocate(dataStart).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    head.putInt(NdbPackages.HEADER_MAGIC).putInt(0).putInt(1).putInt(slotPages);
    head.position(32);
    int idx = 1;
    for (byte[] b : blobs) {
      int off = dataStart + data.size();
      int blocks = (16 + b.length + 15) / 16 + 1;
      head.putInt('S' | 'l' << 8 | 'o' << 16 | 't' << 24).putInt(idx).putInt(off / 16).putInt(blocks);
      ByteBuffer bh = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      bh.putInt('B' | 'l' << 8 | 'b' << 16 | 'S' << 24).putInt(idx).putInt(0).putInt(b.length);
      data.writeBytes(bh.array());
      data.writeBytes(b);
      while (data.size() % 16 != 0 || data.size() < (off - dataStart) + blocks * 16) {
        data.write(0);
      }
      idx++;
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(head.array());
    all.writeBytes(data.toByteArray());
    return all.toByteArray();
  }

  private RecordingAnalysisContext run(String path, byte[] db, boolean throttled, ScanLimits limits) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0, limits);
    ctx.feed(analyzer, LayerEntry.file(path, db.length), db, throttled);
    ctx.finish(analyzer);
    return ctx;
  }

  @Test
  void parsesAHeaderInFull() {
    RecordingAnalysisContext ctx = run("usr/lib/sysimage/rpm/Packages.db", ndb(List.of(sampleHeader())), false,
        ScanLimits.defaults());
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).singleElement().satisfies(p -> {
      assertThat(p.ecosystem()).isEqualTo("rpm");
      assertThat(p.name()).isEqualTo("bash");
      assertThat(p.version()).isEqualTo("2:5.1.8-9.el9");
      assertThat(p.purl()).isEqualTo("pkg:rpm/bash@5.1.8-9.el9?arch=x86_64&epoch=2");
      assertThat(p.sourceName()).isEqualTo("bash");
      assertThat(p.sourceVersion()).isEqualTo("5.1.8-9.el9");
      assertThat(p.arch()).isEqualTo("x86_64");
      assertThat(p.licenses()).containsExactly("GPLv3+");
      assertThat(p.properties()).containsEntry("vendor", "Rocky Enterprise Software Foundation")
          .containsEntry("modularityLabel", "perl:5.32:8040020210617:abc").containsEntry("epoch", "2")
          .containsEntry("sourceRpm", "bash-5.1.8-9.el9.src.rpm");
      assertThat(p.installedFiles()).containsExactly("usr/bin/bash", "usr/bin/sh", "etc/skel/.bashrc");
      assertThat(p.location()).isEqualTo(ctx.location("usr/lib/sysimage/rpm/Packages.db"));
    });
  }

  @Test
  void sameResultThroughAOneByteStream() {
    byte[] db = ndb(List.of(sampleHeader(), sampleHeader()));
    assertThat(run("var/lib/rpm/Packages.db", db, true, ScanLimits.defaults()).packages)
        .isEqualTo(run("var/lib/rpm/Packages.db", db, false, ScanLimits.defaults()).packages).hasSize(2);
  }

  @Test
  void headerWithLyingOffsetsIsAnIssue() {
    byte[] good = sampleHeader();
    byte[] lying = good.clone();
    // first entry's offset (bytes 8+8..8+11) far past the data store
    ByteBuffer.wrap(lying).putInt(16, 0x7fff0000);
    byte[] hugeCounts = good.clone();
    ByteBuffer.wrap(hugeCounts).putInt(0, 0x00ffffff);
    byte[] unterminated = header(new Object[] {RpmHeader.NAME, 6, "bash"});
    unterminated[unterminated.length - 1] = 'x'; // the only string loses its NUL
    byte[] badIndex = header(new Object[] {RpmHeader.NAME, 6, "x"}, new Object[] {RpmHeader.VERSION, 6, "1"},
        new Object[] {RpmHeader.DIRNAMES, 8, new String[] {"/a/"}},
        new Object[] {RpmHeader.BASENAMES, 8, new String[] {"b"}},
        new Object[] {RpmHeader.DIRINDEXES, 4, new int[] {5}});
    RecordingAnalysisContext ctx = run("var/lib/rpm/Packages.db",
        ndb(List.of(lying, hugeCounts, badIndex, good)), false, ScanLimits.defaults());
    assertThat(ctx.packages).extracting(p -> p.name()).containsExactly("bash");
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message).containsExactly(
        "malformed package header: entry for tag 1000 points outside the data store",
        "malformed package header: implausible header sizes (16777215 entries, " + (good.length - 8 - 12 * 16)
            + " data bytes)",
        "malformed package header: DIRINDEXES points past DIRNAMES");
    assertThatThrownBy(() -> RpmHeader.parse(unterminated, 0, unterminated.length).string(RpmHeader.NAME))
        .isInstanceOf(RpmHeader.MalformedHeaderException.class).hasMessage("unterminated string in the data store");
  }

  @Test
  void ndbSlotPointingOutsideTheFileIsAnIssue() {
    byte[] db = ndb(List.of(sampleHeader()));
    ByteBuffer.wrap(db).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(32 + 8, 0x7fffffff);
    RecordingAnalysisContext ctx = run("var/lib/rpm/Packages.db", db, false, ScanLimits.defaults());
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).singleElement().satisfies(i -> assertThat(i.message()).contains("outside the file"));
  }

  @Test
  @Timeout(10)
  void bdbOverflowLoopEndsWithAnIssue() throws Exception {
    byte[] db = Files.readAllBytes(SharedTestData.testdata("fixtures/rpm/bdb/rhel8-libuuid/Packages"));
    // find an overflow page and make it point to itself
    int pageSize = ByteBuffer.wrap(db).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(20);
    boolean little = true;
    if (pageSize <= 0 || pageSize > 65536) {
      pageSize = ByteBuffer.wrap(db).getInt(20);
      little = false;
    }
    ByteBuffer buf = ByteBuffer.wrap(db).order(little ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
    int patched = 0;
    for (int pg = 1; pg < db.length / pageSize; pg++) {
      if ((db[pg * pageSize + 25] & 0xff) == 7 && buf.getInt(pg * pageSize + 16) != 0) {
        buf.putInt(pg * pageSize + 16, pg); // next page = itself
        patched++;
        break;
      }
    }
    assertThat(patched).isEqualTo(1);
    RecordingAnalysisContext ctx = run("var/lib/rpm/Packages", db, false, ScanLimits.defaults());
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .anySatisfy(m -> assertThat(m).endsWith("loops"));
  }

  @Test
  void bdbValuesSharingOverflowPagesAreBoundedByTheFileSize() throws Exception {
    byte[] db;
    try (InputStream in = getClass().getResourceAsStream("generated/bdb/Packages")) {
      db = in.readAllBytes();
    }
    ByteBuffer buf = ByteBuffer.wrap(db).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int pageSize = buf.getInt(20);
    List<Integer> items = new ArrayList<>();
    int biggest = -1;
    for (int pg = 1; pg < db.length / pageSize; pg++) {
      int base = pg * pageSize;
      if ((db[base + 25] & 0xff) != 13 && (db[base + 25] & 0xff) != 2) {
        continue;
      }
      int entries = buf.getShort(base + 20) & 0xffff;
      for (int i = 1; i < entries; i += 2) {
        int item = base + (buf.getShort(base + 26 + 2 * i) & 0xffff);
        if (db[item] == 3) {
          items.add(item);
          if (biggest < 0 || buf.getInt(item + 8) > buf.getInt(biggest + 8)) {
            biggest = item;
          }
        }
      }
    }
    assertThat(items).hasSize(4);
    for (int item : items) { // every value now claims the 62 KB chain of the package with 400 files
      buf.putInt(item + 4, buf.getInt(biggest + 4));
      buf.putInt(item + 8, buf.getInt(biggest + 8));
    }
    RecordingAnalysisContext ctx = run("var/lib/rpm/Packages", db, false, ScanLimits.defaults());
    assertThat(ctx.packages).extracting(p -> p.name()).containsOnly("delta").hasSizeLessThan(2);
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .contains("values hold more data than the file; pages are shared between values; stopped");
  }

  @Test
  void databaseLargerThanTheBufferingLimitIsSkippedWithoutReadingItAll() {
    ScanLimits small = ScanLimits.defaults().withMaxBufferedEntryBytes(1 << 20);
    // a 2 GB entry that is never materialised: the analyzer must stop at the limit
    long size = 2L << 30;
    InputStream endless = new InputStream() {
      long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        left -= n;
        return n;
      }
    };
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0, small);
    try {
      analyzer.analyze(LayerEntry.file("var/lib/rpm/Packages", size), endless, ctx);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).singleElement().satisfies(i -> assertThat(i.message()).contains("buffering limit"));
  }

  @Test
  void garbageAndCorruptSqliteAreIssues() {
    byte[] garbage = new byte[10_000];
    new java.util.Random(5).nextBytes(garbage);
    RecordingAnalysisContext ctx = run("var/lib/rpm/Packages", garbage, false, ScanLimits.defaults());
    assertThat(ctx.issues).singleElement().satisfies(i -> assertThat(i.message()).startsWith("not an rpm database"));
    byte[] fakeSqlite = new byte[8192];
    System.arraycopy("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), 0, fakeSqlite, 0, 16);
    RecordingAnalysisContext ctx2 = run("var/lib/rpm/rpmdb.sqlite", fakeSqlite, false, ScanLimits.defaults());
    assertThat(ctx2.packages).isEmpty();
    assertThat(ctx2.issues).singleElement()
        .satisfies(i -> assertThat(i.message()).startsWith("cannot read the SQLite rpm database"));
  }

  @Test
  void sourceRpmNames() {
    assertThat(RpmDatabaseAnalyzer.splitSourceRpm("util-linux-2.32.1-42.el8_8.src.rpm"))
        .containsExactly("util-linux", "2.32.1-42.el8_8");
    assertThat(RpmDatabaseAnalyzer.splitSourceRpm("system-release-2023.1.20230825-0.amzn2023.src.rpm"))
        .containsExactly("system-release", "2023.1.20230825-0.amzn2023");
    assertThat(RpmDatabaseAnalyzer.splitSourceRpm("weird.src.rpm")).isNull();
  }

  @Test
  void isRegisteredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(ServiceLoader.Provider::type))
        .contains(RpmDatabaseAnalyzer.class);
    assertThat(analyzer.id()).isEqualTo("rpm");
    List<String> unused = new ArrayList<>();
    assertThat(unused).isEmpty();
  }
}
