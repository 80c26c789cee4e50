package dev.stowaway.core.image.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds a layer tar in memory, for tests, examples and demo images: files, directories, links,
 * whiteouts and opaque markers, in the order they are added. Names are written exactly as given, so
 * hostile names ({@code ../x}, {@code /abs}) can be produced on purpose.
 *
 * <p>Not thread-safe. Each {@link #toTar()} call renders the entries added so far.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts">OCI whiteouts</a>
 */
public final class LayerBuilder {

  private record Item(TarArchiveEntry header, byte[] content) {}

  private final List<Item> items = new ArrayList<>();

  /**
   * Starts an empty layer.
   *
   * @return a new builder
   */
  public static LayerBuilder create() {
    return new LayerBuilder();
  }

  /**
   * Adds a regular file with mode 0644.
   *
   * @param name tar name
   * @param content UTF-8 text
   * @return this builder
   */
  public LayerBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  /**
   * Adds a regular file.
   *
   * @param name tar name
   * @param content bytes
   * @param mode permission bits, e.g. {@code 04755} for setuid
   * @return this builder
   */
  public LayerBuilder file(String name, byte[] content, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(content.length);
    e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
    e.setModTime(new Date(0));
    items.add(new Item(e, content));
    return this;
  }

  /**
   * Adds a directory with mode 0755.
   *
   * @param name tar name (a trailing slash is added)
   * @return this builder
   */
  public LayerBuilder dir(String name) {
    TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
    e.setModTime(new Date(0));
    items.add(new Item(e, new byte[0]));
    return this;
  }

  /**
   * Adds a symbolic link.
   *
   * @param name tar name
   * @param target link target as stored
   * @return this builder
   */
  public LayerBuilder symlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    e.setLinkName(target);
    e.setModTime(new Date(0));
    items.add(new Item(e, new byte[0]));
    return this;
  }

  /**
   * Adds a hard link to an entry written earlier.
   *
   * @param name tar name
   * @param target the earlier entry's tar name
   * @return this builder
   */
  public LayerBuilder hardlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    e.setLinkName(target);
    e.setModTime(new Date(0));
    items.add(new Item(e, new byte[0]));
    return this;
  }

  /**
   * Adds a whiteout that deletes {@code path} from lower layers ({@code dir/.wh.name}).
   *
   * @param path the path to delete
   * @return this builder
   */
  public LayerBuilder whiteout(String path) {
    int slash = path.lastIndexOf('/');
    String dir = slash < 0 ? "" : path.substring(0, slash + 1);
    return file(dir + ".wh." + path.substring(slash + 1), new byte[0], 0);
  }

  /**
   * Adds an opaque marker that hides everything lower layers had in {@code dir}.
   *
   * @param dir the directory
   * @return this builder
   */
  public LayerBuilder opaque(String dir) {
    return file((dir.endsWith("/") ? dir : dir + "/") + ".wh..wh..opq", new byte[0], 0);
  }

  /**
   * Adds an arbitrary header with content, for hostile or unusual entries.
   *
   * @param header the header; its size is set from the content
   * @param content the bytes
   * @return this builder
   */
  public LayerBuilder entry(TarArchiveEntry header, byte[] content) {
    header.setSize(content.length);
    items.add(new Item(header, content));
    return this;
  }

  /**
   * Renders the tar (POSIX, with PAX headers for long or non-ASCII names).
   *
   * @return the uncompressed tar bytes
   */
  public byte[] toTar() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setAddPaxHeadersForNonAsciiNames(true);
      for (Item i : items) {
        tar.putArchiveEntry(i.header());
        tar.write(i.content());
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("writing an in-memory tar cannot fail", e);
    }
    return bytes.toByteArray();
  }
}
