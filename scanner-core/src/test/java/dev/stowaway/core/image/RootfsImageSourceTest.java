package dev.stowaway.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.ImageSource;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.testing.ThrottledInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rootfs:DIR}: a directory streamed as one tar layer, without copying and without leaving the root. */
class RootfsImageSourceTest {

  @TempDir Path tmp;

  /** Removes the links that point out of the temporary directory, so that its clean-up has nothing to warn about. */
  @org.junit.jupiter.api.AfterEach
  void removeOutwardLinks() throws IOException {
    Files.deleteIfExists(tmp.resolve("root/escape"));
    Files.deleteIfExists(tmp.resolve("root/usr/escape-dir"));
  }

  /** One entry of the generated tar. */
  record Entry(String name, char type, int mode, long uid, long gid, String link, String content) {}

  private Path tree() throws IOException {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createDirectories(root.resolve("var/empty"));
    Files.setAttribute(root.resolve("var/empty"), "unix:mode", 0700);
    Files.writeString(root.resolve("etc"), "not a dir here");
    Files.writeString(root.resolve("usr/bin/tool"), "#!/bin/sh\n");
    Files.setAttribute(root.resolve("usr/bin/tool"), "unix:mode", 04755);
    Files.createLink(root.resolve("usr/bin/tool2"), root.resolve("usr/bin/tool"));
    Files.createSymbolicLink(root.resolve("usr/bin/alias"), Path.of("tool"));
    // Links pointing out of the root are recorded as links; nothing behind them is read.
    Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc"));
    Files.createSymbolicLink(root.resolve("usr/escape-dir"), Path.of("../../.."));
    String longName = "usr/" + "d".repeat(120) + "/Főtanúsítvány.pem";
    Files.createDirectories(root.resolve(longName).getParent());
    Files.writeString(root.resolve(longName), "pem");
    for (String volatileDir : List.of("proc/1", "sys/kernel", "dev", "run/lock", "tmp")) {
      Files.createDirectories(root.resolve(volatileDir));
    }
    Files.writeString(root.resolve("proc/1/status"), "x");
    Files.writeString(root.resolve("tmp/scratch"), "x");
    return root;
  }

  private static List<Entry> entries(InputStream tar) throws IOException {
    List<Entry> out = new ArrayList<>();
    TarArchiveInputStream tin = new TarArchiveInputStream(tar);
    TarArchiveEntry t;
    while ((t = tin.getNextEntry()) != null) {
      char type = t.isDirectory() ? 'd' : t.isSymbolicLink() ? 'l' : t.isLink() ? 'h' : t.isFile() ? 'f' : '?';
      String content = type == 'f' ? new String(tin.readAllBytes(), StandardCharsets.UTF_8) : null;
      out.add(new Entry(t.getName(), type, t.getMode() & 07777, t.getLongUserId(), t.getLongGroupId(),
          t.isSymbolicLink() || t.isLink() ? t.getLinkName() : null, content));
    }
    return out;
  }

  private static long uid(Path p) throws IOException {
    return ((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
  }

  @Test
  void streamsEveryKindOfEntryInNameOrderWithModesOwnersAndLinks() throws IOException {
    Path root = tree();
    long u = uid(root.resolve("usr/bin/tool"));
    try (Image img = ImageSources.open("rootfs:" + root, SourceOptions.defaults());
        InputStream tar = img.layers().get(0).openBlob()) {
      List<Entry> entries = entries(tar);
      String longDir = "usr/" + "d".repeat(120);
      assertThat(entries).extracting(Entry::name, Entry::type, Entry::link, Entry::content).containsExactly(
          tuple("escape", 'l', "/etc", null),
          tuple("etc", 'f', null, "not a dir here"),
          tuple("usr/", 'd', null, null),
          tuple("usr/bin/", 'd', null, null),
          tuple("usr/bin/alias", 'l', "tool", null),
          tuple("usr/bin/tool", 'f', null, "#!/bin/sh\n"),
          tuple("usr/bin/tool2", 'h', "usr/bin/tool", null),
          tuple(longDir + "/", 'd', null, null),
          tuple(longDir + "/Főtanúsítvány.pem", 'f', null, "pem"),
          tuple("usr/escape-dir", 'l', "../../..", null),
          tuple("var/", 'd', null, null),
          tuple("var/empty/", 'd', null, null));
      Entry tool = entries.get(5);
      assertThat(tool.mode()).isEqualTo(04755);
      assertThat(tool.uid()).isEqualTo(u);
      assertThat(entries.get(11).mode()).isEqualTo(0700);
      assertThat(((RootfsImage) img).readIssues()).isEmpty();
    }
  }

  @Test
  void excludedPathsAreConfigurable() throws IOException {
    Path root = tree();
    ImageSource only = new RootfsImageSource(Set.of("/usr/", "var"));
    try (Image img = ImageSources.open("rootfs:" + root, SourceOptions.defaults(), List.of(only));
        InputStream tar = img.layers().get(0).openBlob()) {
      assertThat(entries(tar)).extracting(Entry::name).containsExactly("dev/", "escape", "etc", "proc/", "proc/1/",
          "proc/1/status", "run/", "run/lock/", "sys/", "sys/kernel/", "tmp/", "tmp/scratch");
    }
    assertThat(((RootfsImageSource) only).excluded()).containsExactly("usr", "var");
    assertThatThrownBy(() -> new RootfsImageSource(Set.of("a/../b"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RootfsImageSource(Set.of("/"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readThroughAOneByteStreamGivesTheSameTar() throws IOException {
    Path root = tree();
    Files.write(root.resolve("big.bin"), new byte[200_000]);
    try (Image img = ImageSources.open("rootfs:" + root, SourceOptions.defaults())) {
      byte[] whole;
      try (InputStream tar = img.layers().get(0).openBlob()) {
        whole = tar.readAllBytes();
      }
      assertThat(whole.length % 512).isZero();
      byte[] again;
      try (InputStream tar = img.layers().get(0).openBlob()) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = tar.read()) >= 0) {
          out.write(b);
        }
        again = out.toByteArray();
      }
      assertThat(again).isEqualTo(whole);
      assertThat(entries(new ThrottledInputStream(new ByteArrayInputStream(whole)))).extracting(Entry::name)
          .contains("big.bin");
    }
  }

  @Test
  void aScanSeesTheDirectoryAsOneLayerWithoutConfigChecksAndWithoutVerification() throws IOException {
    Path root = tree();
    Files.writeString(root.resolve("usr/app.pkg"), "demo 1.2\n");
    Scanner scanner = Scanner.builder().discover(false).analyzer(new dev.stowaway.core.walk.TestAnalyzers.PkgList()).build();
    try (Image img = ImageSources.open("rootfs:" + root, SourceOptions.defaults())) {
      ScanResult r = scanner.scan(img);
      assertThat(r.artifact().name()).isEqualTo("rootfs:" + root);
      assertThat(r.artifact().layers()).hasSize(1);
      assertThat(r.packages()).extracting(Package::name, Package::version, p -> p.location().path())
          .containsExactly(tuple("demo", "1.2", "usr/app.pkg"));
      assertThat(r.findings()).isEmpty();
      assertThat(LayerStreams.isContentAddressed(img.layers().get(0))).isFalse();
    }
    try (Image a = ImageSources.open("rootfs:" + root, SourceOptions.defaults());
        Image b = ImageSources.open("rootfs:" + root, SourceOptions.defaults())) {
      // made-up diffIDs are unique per opened image, so no cache keyed by diffID can mix two states up
      assertThat(a.layers().get(0).diffId()).isNotEqualTo(b.layers().get(0).diffId());
    }
  }

  @Test
  void unreadableFilesAreIssuesNotFailures() throws IOException {
    if ("root".equals(System.getProperty("user.name"))) {
      // file modes do not stop root, so an unreadable file cannot be made here; say so in the build output
      System.out.println("SKIPPED: RootfsImageSourceTest.unreadableFilesAreIssuesNotFailures: running as root,"
          + " which reads every file whatever its mode");
    }
    Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
    Path root = tree();
    Files.writeString(root.resolve("secret"), "x");
    Files.setAttribute(root.resolve("secret"), "unix:mode", 0);
    try (RootfsImage img = (RootfsImage) ImageSources.open("rootfs:" + root, SourceOptions.defaults());
        InputStream tar = img.openTar()) {
      assertThat(entries(tar)).extracting(Entry::name).doesNotContain("secret").contains("etc");
      assertThat(img.readIssues()).extracting(i -> i.location().path(), i -> i.message())
          .containsExactly(tuple("secret", "cannot read file: permission denied"));
    }
  }

  @Test
  void badLocatorsAreClearErrors() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> ImageSources.open("rootfs:" + file, SourceOptions.defaults()))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage(file + ": not a directory (rootfs: takes a root filesystem directory)");
    assertThatThrownBy(() -> ImageSources.open("rootfs:" + tmp.resolve("missing"), SourceOptions.defaults()))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(new RootfsImageSource().recognizes(tmp.toString())).isFalse();
    assertThat(ImageSources.sources(getClass().getClassLoader())).extracting(ImageSource::scheme).contains("rootfs");
  }
}
