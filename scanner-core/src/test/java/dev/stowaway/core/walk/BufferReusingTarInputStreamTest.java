package dev.stowaway.core.walk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.core.testing.ThrottledInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/** Reads like the tar reader it extends: same entries, same bytes, same count, same errors. */
class BufferReusingTarInputStreamTest {

  /** Sizes around the 512-byte record, a directory, a long GNU name, a PAX path (non-ASCII) and a link. */
  private static byte[] tar() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      out.setAddPaxHeadersForNonAsciiNames(true);
      int i = 0;
      for (int size : new int[] {0, 1, 511, 512, 513, 1024, 5000, 70_000}) {
        add(out, "f" + size, size, (byte) ('a' + i++));
      }
      TarArchiveEntry dir = new TarArchiveEntry("dir/");
      out.putArchiveEntry(dir);
      out.closeArchiveEntry();
      add(out, "long/" + "x".repeat(150) + "/name.txt", 777, (byte) 'L');
      add(out, "pax/naïve-😀.txt", 300, (byte) 'P');
      TarArchiveEntry link = new TarArchiveEntry("link", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("f1");
      out.putArchiveEntry(link);
      out.closeArchiveEntry();
      add(out, "last", 3, (byte) 'Z');
    }
    return bytes.toByteArray();
  }

  private static void add(TarArchiveOutputStream out, String name, int size, byte fill) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(size);
    out.putArchiveEntry(e);
    byte[] data = new byte[size];
    Arrays.fill(data, fill);
    out.write(data);
    out.closeArchiveEntry();
  }

  /** Each entry's name, type and the first {@code readFirst} bytes the caller reads (the rest left unread). */
  private static List<String> walk(TarArchiveInputStream in, int readFirst) throws IOException {
    List<String> out = new ArrayList<>();
    TarArchiveEntry e;
    while ((e = in.getNextEntry()) != null) {
      byte[] head = in.readNBytes(readFirst);
      out.add(e.getName() + " " + e.isDirectory() + " " + e.isSymbolicLink() + " " + e.getSize() + " "
          + new String(head, StandardCharsets.ISO_8859_1));
    }
    out.add("bytes read " + in.getBytesRead());
    return out;
  }

  @Test
  void entriesBytesAndCountAreThoseOfTheTarReader() throws IOException {
    byte[] tar = tar();
    for (int readFirst : new int[] {0, 1, 600, 100_000}) {
      List<String> expected = walk(new TarArchiveInputStream(new ByteArrayInputStream(tar)), readFirst);
      assertThat(walk(new BufferReusingTarInputStream(new ByteArrayInputStream(tar)), readFirst))
          .as("reading %d bytes of each entry", readFirst).isEqualTo(expected).hasSize(14);
      assertThat(walk(new BufferReusingTarInputStream(new ThrottledInputStream(new ByteArrayInputStream(tar))),
          readFirst)).as("one byte at a time").isEqualTo(expected);
    }
  }

  @Test
  void aStreamThatEndsInsideThePaddingIsTruncatedForBoth() throws IOException {
    // f0 is a header alone (0-512); f1's header is at 512, its one byte at 1024, its padding up to 1536
    byte[] cut = Arrays.copyOf(tar(), 1024 + 1 + 100);
    for (TarArchiveInputStream in : List.of(new TarArchiveInputStream(new ByteArrayInputStream(cut)),
        new BufferReusingTarInputStream(new ByteArrayInputStream(cut)))) {
      assertThat(in.getNextEntry().getName()).isEqualTo("f0");
      assertThat(in.getNextEntry().getName()).isEqualTo("f1");
      assertThatThrownBy(in::getNextEntry).as(in.getClass().getSimpleName()).isInstanceOf(IOException.class)
          .hasMessageContaining("Truncated");
    }
  }
}
