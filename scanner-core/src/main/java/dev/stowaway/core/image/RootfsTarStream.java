package dev.stowaway.core.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Presents a directory tree as an uncompressed tar stream, generated on demand while it is read: no
 * copy of the tree is made, in memory or on disk. Memory stays bounded by one directory listing per
 * level of the current path and one 64 KiB chunk of file content.
 *
 * <p>Rules: symbolic links are recorded as links, never followed; hard links (same device and inode,
 * link count above one) become tar hard links to the first path seen; directories are listed in
 * name order so two walks of the same tree give the same stream; the excluded paths (normalised,
 * relative to the root) are left out with everything below them; sockets are left out (a tar cannot
 * hold them). Files that cannot be read are left out and reported through the issue callback, never
 * thrown. When the platform offers {@link SecureDirectoryStream} (Linux does), directories and files
 * are opened relative to their already-open parent with {@code O_NOFOLLOW}, and a file whose identity
 * changed between its metadata and its opening is skipped, so that a tree being changed under us
 * (a running container's root) cannot make the walk leave the root.
 *
 * <p>Why a pull-driven walk rather than {@link Files#walkFileTree}: the visitor pushes entries, so
 * streaming it would need a second thread and a pipe; here the reader's pace drives the walk and
 * errors surface in the reader's thread.
 *
 * <p>Not thread-safe, like any stream. Closing it closes every directory and file it holds open.
 *
 * @see <a href="https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html">POSIX pax/ustar format</a>
 */
final class RootfsTarStream extends InputStream {

  /** Directories deeper than this are not descended into (a loop of bind mounts, a hostile tree). */
  static final int MAX_DEPTH = 256;
  private static final int CHUNK = 64 * 1024;
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFIFO = 0010000;

  /** One open directory on the path from the root to the current entry. */
  private static final class Frame implements AutoCloseable {
    final String rel;
    final Path dir;
    final DirectoryStream<Path> stream;
    final Iterator<String> names;

    Frame(String rel, Path dir, DirectoryStream<Path> stream, List<String> names) {
      this.rel = rel;
      this.dir = dir;
      this.stream = stream;
      this.names = names.iterator();
    }

    @Override
    public void close() throws IOException {
      stream.close();
    }
  }

  /** Metadata of one path, read without following a final symlink. */
  private record Stat(int mode, long uid, long gid, long size, long rdev, long nlink, String inode, FileTime mtime,
      Object fileKey) {}

  /** Exposes its buffer so chunks move out without a copy per read. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(CHUNK + 4096);
    }

    byte[] bytes() {
      return buf;
    }
  }

  private final Path root;
  private final Set<String> excluded;
  private final Consumer<RootfsTarStream.Problem> problems;
  private final Deque<Frame> frames = new ArrayDeque<>();
  private final Map<String, String> firstPathOfInode = new HashMap<>();
  private final Buffer sink = new Buffer();
  private final TarArchiveOutputStream tar;
  private final byte[] chunk = new byte[CHUNK];
  private final boolean unixAttributes;
  private byte[] out = new byte[0];
  private int outPos;
  private int outLen;
  private SeekableByteChannel file;
  private String filePath;
  private long fileLeft;
  private boolean inEntry;
  private boolean finished;
  private boolean closed;

  /**
   * A file or directory that could not be read.
   *
   * @param path the normalised path relative to the root
   * @param message what went wrong, one line
   */
  record Problem(String path, String message) {}

  /**
   * Starts the walk. The root itself is opened now; nothing below it is read until the stream is read.
   *
   * @param root the directory; its real path is used
   * @param excluded normalised relative paths left out with their subtrees
   * @param problems receives each file or directory that could not be read (called in the reading thread)
   * @throws IOException if the root cannot be opened as a directory
   */
  RootfsTarStream(Path root, Set<String> excluded, Consumer<Problem> problems) throws IOException {
    this.root = root.toRealPath();
    this.excluded = Set.copyOf(excluded);
    this.problems = problems;
    this.unixAttributes = this.root.getFileSystem().supportedFileAttributeViews().contains("unix");
    this.tar = new TarArchiveOutputStream(sink, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    DirectoryStream<Path> s = Files.newDirectoryStream(this.root);
    frames.push(new Frame("", this.root, s, listNames(s)));
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    while (outPos == outLen) {
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, outLen - outPos);
    System.arraycopy(out, outPos, b, off, n);
    outPos += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    closeFile(false);
    while (!frames.isEmpty()) {
      frames.pop().close();
    }
  }

  /** Produces more tar bytes into {@link #out}; false at the very end. */
  private boolean fill() throws IOException {
    if (finished) {
      return false;
    }
    sink.reset();
    while (sink.size() == 0 && !finished) {
      if (inEntry) {
        copyChunk();
      } else if (!nextEntry()) {
        tar.finish();
        finished = true;
      }
    }
    // Swap buffers: the sink's array becomes the output, the old output array is dropped.
    out = java.util.Arrays.copyOf(sink.bytes(), sink.size());
    outPos = 0;
    outLen = out.length;
    return outLen > 0 || !finished;
  }

  private void copyChunk() throws IOException {
    int want = (int) Math.min(chunk.length, fileLeft);
    int n = -1;
    if (file != null) {
      try {
        n = file.read(ByteBuffer.wrap(chunk, 0, want));
      } catch (IOException e) {
        problem(filePath, "read failed part-way, the rest is zeros: " + describe(e));
        closeFile(false);
      }
      if (n < 0 && file != null) {
        problem(filePath, "file shrank while it was read; the missing " + fileLeft + " bytes are zeros");
        closeFile(false);
      }
    }
    if (n < 0) {
      // The header promised this many bytes: pad so the tar stays well-formed.
      java.util.Arrays.fill(chunk, 0, want, (byte) 0);
      n = want;
    }
    tar.write(chunk, 0, n);
    fileLeft -= n;
    if (fileLeft == 0) {
      closeFile(true);
      inEntry = false;
      tar.closeArchiveEntry();
    }
  }

  /** Closes the open file; {@code checkGrowth} reports a file that has more bytes than its header said. */
  private void closeFile(boolean checkGrowth) throws IOException {
    SeekableByteChannel f = file;
    if (f == null) {
      return;
    }
    file = null;
    try (f) {
      if (checkGrowth && f.read(ByteBuffer.allocate(1)) > 0) {
        problem(filePath, "file grew while it was read; only the size it had when listed is scanned");
      }
    } catch (IOException e) {
      // Nothing more to learn from it.
    }
  }

  /** Writes the next entry's header (and opens its content); false when the walk is done. */
  private boolean nextEntry() throws IOException {
    while (!frames.isEmpty()) {
      Frame top = frames.peek();
      if (!top.names.hasNext()) {
        frames.pop().close();
        continue;
      }
      String name = top.names.next();
      String rel = top.rel.isEmpty() ? name : top.rel + "/" + name;
      if (excluded.contains(rel)) {
        continue;
      }
      if (emit(top, name, rel)) {
        return true;
      }
    }
    return false;
  }

  /** Emits one path; false when it was skipped. */
  private boolean emit(Frame parent, String name, String rel) throws IOException {
    Path path = parent.dir.resolve(name);
    Stat st;
    try {
      st = stat(path);
    } catch (NoSuchFileException e) {
      return false; // deleted since the listing: a running system does that
    } catch (IOException e) {
      problem(rel, "cannot read metadata: " + describe(e));
      return false;
    }
    int type = st.mode() & S_IFMT;
    TarArchiveEntry entry;
    switch (type) {
      case S_IFDIR -> {
        entry = new TarArchiveEntry(rel + "/", TarConstants.LF_DIR);
        header(entry, st);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        descend(parent, name, rel, st);
        return true;
      }
      case S_IFLNK -> {
        String target;
        try {
          target = Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
          problem(rel, "cannot read symbolic link: " + describe(e));
          return false;
        }
        entry = new TarArchiveEntry(rel, TarConstants.LF_SYMLINK);
        entry.setLinkName(target);
        header(entry, st);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        return true;
      }
      case S_IFREG -> {
        return regularFile(parent, name, rel, st);
      }
      case S_IFCHR, S_IFBLK, S_IFIFO -> {
        entry = new TarArchiveEntry(rel, type == S_IFCHR ? TarConstants.LF_CHR
            : type == S_IFBLK ? TarConstants.LF_BLK : TarConstants.LF_FIFO);
        header(entry, st);
        if (type != S_IFIFO) {
          entry.setDevMajor((int) ((st.rdev() >>> 8) & 0xfff));
          entry.setDevMinor((int) ((st.rdev() & 0xff) | ((st.rdev() >>> 12) & 0xfff00)));
        }
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        return true;
      }
      default -> {
        return false; // sockets and unknown kinds: a tar cannot hold them, and they carry no content
      }
    }
  }

  private boolean regularFile(Frame parent, String name, String rel, Stat st) throws IOException {
    if (st.nlink() > 1 && st.inode() != null) {
      String first = firstPathOfInode.get(st.inode());
      if (first != null) {
        TarArchiveEntry link = new TarArchiveEntry(rel, TarConstants.LF_LINK);
        link.setLinkName(first);
        header(link, st);
        link.setSize(0);
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
        return true;
      }
    }
    SeekableByteChannel ch;
    try {
      ch = open(parent, name, st);
    } catch (IOException e) {
      problem(rel, "cannot read file: " + describe(e));
      return false;
    }
    if (ch == null) {
      problem(rel, "file changed while it was opened (replaced or turned into a link); skipped");
      return false;
    }
    if (st.nlink() > 1 && st.inode() != null) {
      firstPathOfInode.put(st.inode(), rel);
    }
    TarArchiveEntry entry = new TarArchiveEntry(rel, TarConstants.LF_NORMAL);
    header(entry, st);
    entry.setSize(st.size());
    tar.putArchiveEntry(entry);
    if (st.size() == 0) {
      ch.close();
      tar.closeArchiveEntry();
    } else {
      file = ch;
      filePath = rel;
      fileLeft = st.size();
      inEntry = true;
    }
    return true;
  }

  private void descend(Frame parent, String name, String rel, Stat st) {
    if (frames.size() >= MAX_DEPTH) {
      problem(rel, "directory nested deeper than " + MAX_DEPTH + " levels; its content is left out");
      return;
    }
    DirectoryStream<Path> s;
    try {
      if (parent.stream instanceof SecureDirectoryStream<Path> sds) {
        SecureDirectoryStream<Path> child = sds.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
        if (!sameFile(child.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey(), st)) {
          child.close();
          problem(rel, "directory changed while it was opened; its content is left out");
          return;
        }
        s = child;
      } else {
        s = Files.newDirectoryStream(parent.dir.resolve(name));
      }
    } catch (AccessDeniedException e) {
      problem(rel, "cannot list directory: permission denied; its content is left out");
      return;
    } catch (IOException e) {
      problem(rel, "cannot list directory: " + describe(e) + "; its content is left out");
      return;
    }
    try {
      frames.push(new Frame(rel, parent.dir.resolve(name), s, listNames(s)));
    } catch (IOException | RuntimeException e) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already failing
      }
      problem(rel, "cannot list directory: " + describe(e) + "; its content is left out");
    }
  }

  /** Opens a regular file without following links; null when it is no longer the file that was stat'ed. */
  private SeekableByteChannel open(Frame parent, String name, Stat st) throws IOException {
    Set<StandardOpenOption> read = EnumSet.of(StandardOpenOption.READ);
    if (parent.stream instanceof SecureDirectoryStream<Path> sds) {
      SeekableByteChannel ch = sds.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
      Object key;
      try {
        key = sds.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes().fileKey();
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      if (!sameFile(key, st)) {
        ch.close();
        return null;
      }
      return ch;
    }
    return Files.newByteChannel(parent.dir.resolve(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
  }

  private static boolean sameFile(Object key, Stat st) {
    return key == null || st.fileKey() == null || key.equals(st.fileKey());
  }

  private Stat stat(Path path) throws IOException {
    if (unixAttributes) {
      Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size,rdev,nlink,ino,dev,lastModifiedTime,fileKey",
          LinkOption.NOFOLLOW_LINKS);
      return new Stat((Integer) a.get("mode"), ((Number) a.get("uid")).longValue(),
          ((Number) a.get("gid")).longValue(), (Long) a.get("size"), (Long) a.get("rdev"),
          ((Number) a.get("nlink")).longValue(), a.get("dev") + ":" + a.get("ino"), (FileTime) a.get("lastModifiedTime"),
          a.get("fileKey"));
    }
    // Without the unix view (not Linux or macOS) there are no numeric owners and no setuid bits.
    PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    int type = a.isDirectory() ? S_IFDIR : a.isSymbolicLink() ? S_IFLNK : a.isRegularFile() ? S_IFREG : 0;
    return new Stat(type | permissions(a.permissions()), 0, 0, a.size(), 0, 1, null, a.lastModifiedTime(),
        a.fileKey());
  }

  private static int permissions(Set<PosixFilePermission> perms) {
    int m = 0;
    for (PosixFilePermission p : perms) {
      m |= 0400 >> p.ordinal();
    }
    return m;
  }

  private static void header(TarArchiveEntry e, Stat st) {
    e.setMode(st.mode() & 07777);
    e.setUserId(st.uid());
    e.setGroupId(st.gid());
    e.setModTime(st.mtime());
  }

  private static List<String> listNames(DirectoryStream<Path> s) throws IOException {
    List<String> names = new ArrayList<>();
    try {
      for (Path p : s) {
        names.add(p.getFileName().toString());
      }
    } catch (java.nio.file.DirectoryIteratorException e) {
      throw e.getCause();
    }
    Collections.sort(names);
    return names;
  }

  private void problem(String path, String message) {
    problems.accept(new Problem(path, message));
  }

  private static String describe(Throwable e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    String m = e.getMessage();
    String s = m == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    return s.replace('\n', ' ').replace('\r', ' ');
  }
}
