package dev.stowaway.core.testing;

import dev.stowaway.api.image.Digest;
import dev.stowaway.core.image.build.LayerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds hostile images on disk for reliability tests: everything big is generated as a stream and
 * written compressed, never held in memory. Each method writes files into a folder the caller owns.
 *
 * <p>Stateless; not for production use.
 */
public final class HostileImages {
  private HostileImages() {}

  /** A layer blob on disk and the digest of its uncompressed tar. */
  public record LayerFile(Path blob, Digest diffId) {}

  /** Writes tar entries into a layer. */
  @FunctionalInterface
  public interface TarBody {
    /**
     * Writes the entries.
     *
     * @param tar the stream to put entries into; not closed by the body
     * @throws IOException if writing fails
     */
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  /**
   * Writes a layer tar, gzip-compressed at {@code gzipLevel} (or not compressed when it is negative),
   * hashing the tar bytes.
   *
   * @param file where to write
   * @param gzipLevel the deflate level, 1 (fast) to 9 (smallest), or -1 for none
   * @param body the entries
   * @return the blob and its diffID
   * @throws IOException if writing fails
   */
  public static LayerFile layer(Path file, int gzipLevel, TarBody body) throws IOException {
    MessageDigest md = sha256();
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream compressed = gzipLevel < 0 ? raw : new LevelGzip(raw, gzipLevel);
        DigestOutputStream hashed = new DigestOutputStream(compressed, md);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(hashed, 10240)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      body.write(tar);
      tar.finish();
    }
    return new LayerFile(file, new Digest("sha256", HexFormat.of().formatHex(md.digest())));
  }

  /** A layer from {@link LayerBuilder} (small, in memory), uncompressed. */
  public static LayerFile layer(Path file, LayerBuilder b) throws IOException {
    byte[] tar = b.toTar();
    Files.write(file, tar);
    return new LayerFile(file, Digest.sha256Of(tar));
  }

  /**
   * Puts a file entry whose content is {@code size} bytes of one repeated byte, streamed.
   *
   * @param tar the tar
   * @param name the entry name
   * @param size the content length
   * @param fill the byte
   * @throws IOException if writing fails
   */
  public static void repeatedByteFile(TarArchiveOutputStream tar, String name, long size, byte fill)
      throws IOException {
    repeatedFile(tar, name, new byte[0], size, fill, new byte[0]);
  }

  /** Puts a file entry: a prefix, {@code size} repeated bytes, a suffix; streamed. */
  public static void repeatedFile(TarArchiveOutputStream tar, String name, byte[] prefix, long size, byte fill,
      byte[] suffix) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(prefix.length + size + suffix.length);
    e.setMode(0644);
    tar.putArchiveEntry(e);
    tar.write(prefix);
    byte[] chunk = new byte[1 << 16];
    java.util.Arrays.fill(chunk, fill);
    for (long left = size; left > 0; ) {
      int n = (int) Math.min(left, chunk.length);
      tar.write(chunk, 0, n);
      left -= n;
    }
    tar.write(suffix);
    tar.closeArchiveEntry();
  }

  /** Puts a small file entry. */
  public static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(content.length);
    e.setMode(0644);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  /** Puts a symbolic or hard link entry (names are kept as given, even {@code ../} ones). */
  public static void link(TarArchiveOutputStream tar, String name, String target, boolean symbolic)
      throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, symbolic ? TarConstants.LF_SYMLINK : TarConstants.LF_LINK, true);
    e.setLinkName(target);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  /**
   * A docker-archive ({@code docker save} layout) from layer files.
   *
   * @param out the archive to write
   * @param layers the layers, base first
   * @param configDiffIds the diffIDs the config lists (may lie, or differ in count)
   * @param manifest where manifest.json goes
   * @throws IOException if writing fails
   */
  public static void dockerArchive(Path out, List<LayerFile> layers, List<Digest> configDiffIds, ManifestPlace manifest)
      throws IOException {
    StringBuilder diffIds = new StringBuilder();
    for (Digest d : configDiffIds) {
      diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(d).append('"');
    }
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[" + diffIds + "]},\"history\":[]}").getBytes(StandardCharsets.UTF_8);
    String configName = Digest.sha256Of(config).hex() + ".json";
    List<String> names = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      names.add("layer" + i + "/layer.tar");
    }
    StringBuilder m = new StringBuilder("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"hostile:1\"],\"Layers\":[");
    for (int i = 0; i < names.size(); i++) {
      m.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append('"');
    }
    byte[] manifestBytes = m.append("]}]").toString().getBytes(StandardCharsets.UTF_8);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(out))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      if (manifest == ManifestPlace.FIRST) {
        file(tar, "manifest.json", manifestBytes);
      }
      file(tar, configName, config);
      for (int i = 0; i < layers.size(); i++) {
        TarArchiveEntry e = new TarArchiveEntry(names.get(i));
        e.setSize(Files.size(layers.get(i).blob()));
        tar.putArchiveEntry(e);
        try (InputStream in = Files.newInputStream(layers.get(i).blob())) {
          in.transferTo(tar);
        }
        tar.closeArchiveEntry();
      }
      if (manifest == ManifestPlace.LAST) {
        file(tar, "manifest.json", manifestBytes);
      }
    }
  }

  /** Where {@link #dockerArchive} puts manifest.json. */
  public enum ManifestPlace {
    /** First, as docker save does. */
    FIRST,
    /** After every layer (what a streaming reader must cope with). */
    LAST,
    /** Left out. */
    MISSING
  }

  /**
   * A jar with {@code depth} jars nested one in the other, each with a pom.properties.
   *
   * @param depth how many levels
   * @return the outermost jar's bytes
   * @throws IOException never in practice
   */
  public static byte[] nestedJars(int depth) throws IOException {
    byte[] inner = jar("level" + depth, null, null);
    for (int i = depth - 1; i >= 1; i--) {
      inner = jar("level" + i, "lib/level" + (i + 1) + ".jar", inner);
    }
    return inner;
  }

  private static byte[] jar(String artifact, String nestedName, byte[] nested) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("META-INF/maven/org.hostile/" + artifact + "/pom.properties"));
      zip.write(("groupId=org.hostile\nartifactId=" + artifact + "\nversion=1.0\n").getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      if (nested != null) {
        ZipEntry e = new ZipEntry(nestedName);
        e.setMethod(ZipEntry.STORED);
        e.setSize(nested.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(nested);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(nested);
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /**
   * A jar whose central directory names other entries (and other sizes) than its local headers.
   *
   * @return the jar's bytes
   * @throws IOException never in practice
   */
  public static byte[] zipWithLyingCentralDirectory() throws IOException {
    byte[] good = jar("liar", null, null);
    // The central directory repeats each name: rename it there only, and make its sizes huge.
    String local = "META-INF/maven/org.hostile/liar/pom.properties";
    String lie = "META-INF/maven/org.hostile/LIAR/pom.properties";
    byte[] out = good.clone();
    int cd = lastIndexOf(out, new byte[] {0x50, 0x4b, 0x01, 0x02});
    int at = indexOf(out, local.getBytes(StandardCharsets.UTF_8), cd);
    System.arraycopy(lie.getBytes(StandardCharsets.UTF_8), 0, out, at, lie.length());
    for (int i = 20; i < 28; i++) {
      out[cd + i] = (byte) 0xff; // compressed and uncompressed sizes
    }
    return out;
  }

  private static int lastIndexOf(byte[] a, byte[] p) {
    for (int i = a.length - p.length; i >= 0; i--) {
      if (java.util.Arrays.equals(a, i, i + p.length, p, 0, p.length)) {
        return i;
      }
    }
    throw new IllegalStateException("pattern not found");
  }

  private static int indexOf(byte[] a, byte[] p, int from) {
    for (int i = from; i <= a.length - p.length; i++) {
      if (java.util.Arrays.equals(a, i, i + p.length, p, 0, p.length)) {
        return i;
      }
    }
    throw new IllegalStateException("pattern not found");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** gzip at a chosen level: fast for large generated layers, smallest for a bomb. */
  private static final class LevelGzip extends GZIPOutputStream {
    LevelGzip(OutputStream out, int level) throws IOException {
      super(out, 1 << 16);
      def.setLevel(level);
    }
  }

  /**
   * Appends, after the given entries, one tar header that declares {@code declaredSize} bytes of content
   * but is followed by only a little (the "20 GB sparse file" that is not really there), then writes the
   * layer uncompressed.
   *
   * @param file where to write
   * @param before a normal layer to start with
   * @param name the huge entry's name
   * @param declaredSize the size its header claims
   * @return the blob and its diffID
   * @throws IOException if writing fails
   */
  public static LayerFile hugeDeclaredEntry(Path file, LayerBuilder before, String name, long declaredSize)
      throws IOException {
    byte[] head = before.toTar();
    // Cut the two zero trailer blocks (and any record padding) after the last real entry.
    int end = head.length;
    while (end >= 512 && isZeroBlock(head, end - 512)) {
      end -= 512;
    }
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(declaredSize);
    e.setMode(0644);
    byte[] header = new byte[512];
    e.writeEntryHeader(header, org.apache.commons.compress.archivers.zip.ZipEncodingHelper.getZipEncoding("UTF-8"),
        true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(head, 0, end);
    out.write(header);
    out.write(new byte[64 * 1024]);
    byte[] tar = out.toByteArray();
    Files.write(file, tar);
    return new LayerFile(file, Digest.sha256Of(tar));
  }

  private static boolean isZeroBlock(byte[] b, int off) {
    for (int i = off; i < off + 512; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
