package dev.stowaway.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.image.RootfsImage;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.testing.ImageUnpacker;
import dev.stowaway.api.analysis.ScanLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift between an image built in memory and its unpacked (then changed) root filesystem. */
class DriftDetectorTest {

  @TempDir Path tmp;

  private static final DriftDetector FILES_ONLY = DriftDetector.builder().packages(false).build();

  /** Two layers with every kind of entry, a whiteout, an opaque directory and a hard link. */
  static BuiltImage image() {
    return ImageBuilder.create()
        .layer(LayerBuilder.create().dir("etc").dir("usr").dir("usr/bin").dir("tmp").dir("var/cache/app")
            .file("etc/passwd", "root:x:0:0::/root:/bin/sh\n")
            .file("etc/old.conf", "old")
            .file("usr/bin/tool", "#!/bin/sh\necho tool\n".getBytes(StandardCharsets.UTF_8), 0755)
            .file("usr/bin/helper", "#!/bin/sh\necho helper\n".getBytes(StandardCharsets.UTF_8), 0755)
            .file("var/cache/app/a", "a").file("var/cache/app/b", "b")
            .symlink("bin", "usr/bin"), "base")
        .layer(LayerBuilder.create().whiteout("etc/old.conf").opaque("var/cache/app").file("var/cache/app/c", "c")
            .hardlink("usr/bin/tool-again", "usr/bin/tool").symlink("usr/bin/t", "tool")
            .file("opt/app/data.txt", "implied parents"), "app")
        .build();
  }

  private Path unpacked() throws IOException {
    Path root = Files.createDirectory(tmp.resolve("root"));
    ImageUnpacker.unpack(image(), root);
    return root;
  }

  private DriftReport drift(Path root) throws IOException {
    try (RootfsImage rootfs = (RootfsImage) ImageSources.open("rootfs:" + root, SourceOptions.defaults())) {
      return FILES_ONLY.detect(image(), rootfs);
    }
  }

  @Test
  void anUnchangedUnpackedImageHasNoDrift() throws IOException {
    Path root = unpacked();
    assertThat(Files.isSymbolicLink(root.resolve("bin"))).isTrue();
    assertThat(Files.exists(root.resolve("etc/old.conf"))).isFalse();
    assertThat(root.resolve("var/cache/app").toFile().list()).containsExactly("c");
    DriftReport r = drift(root);
    assertThat(r.findings()).isEmpty();
    assertThat(r.issues()).isEmpty();
    assertThat(r.comparedPaths()).isGreaterThan(10);
  }

  @Test
  void imageViewAppliesWhiteoutsOpaqueDirectoriesAndHardLinks() throws IOException {
    FileView v = FileView.ofImage(image(), ScanLimits.defaults());
    assertThat(v.files()).doesNotContainKeys("etc/old.conf", "var/cache/app/a", "var/cache/app/b")
        .containsKeys("var/cache/app/c", "etc/passwd");
    FileState tool = v.files().get("usr/bin/tool");
    FileState again = v.files().get("usr/bin/tool-again");
    assertThat(again.type()).isEqualTo(EntryType.FILE);
    assertThat(again.sha256()).isEqualTo(tool.sha256());
    assertThat(again.mode()).isEqualTo(0755);
    assertThat(v.files().get("bin").linkTarget()).isEqualTo("usr/bin");
    assertThat(v.files().get("opt").implied()).isTrue();
    assertThat(v.files().get("opt/app/data.txt").layer().index()).isEqualTo(1);
  }

  @Test
  void everyKindOfChangeIsOneFindingAndNothingElse() throws IOException {
    Path root = unpacked();
    Files.writeString(root.resolve("etc/motd"), "hello");
    Files.writeString(root.resolve("usr/bin/dropper"), "#!/bin/sh\n");
    Files.setAttribute(root.resolve("usr/bin/dropper"), "unix:mode", 0755);
    Files.writeString(root.resolve("usr/bin/helper"), "\nexit 0\n", StandardOpenOption.APPEND);
    Files.setAttribute(root.resolve("usr/bin/tool"), "unix:mode", 04755);
    Files.setAttribute(root.resolve("etc/passwd"), "unix:mode", 0666);
    Files.delete(root.resolve("var/cache/app/c"));
    Files.delete(root.resolve("usr/bin/t"));
    Files.createSymbolicLink(root.resolve("usr/bin/t"), Path.of("/opt/other/sh"));
    Files.createDirectory(root.resolve("srv"));
    // Volatile paths are not drift.
    Files.writeString(root.resolve("tmp/scratch"), "x");
    Files.createDirectories(root.resolve("proc/1"));
    Files.writeString(root.resolve("proc/1/status"), "x");

    DriftReport r = drift(root);

    assertThat(r.findings()).extracting(MisconfigurationFinding::id, f -> f.location().path(),
        MisconfigurationFinding::severity).containsExactly(
            tuple(DriftDetector.ADDED_SETUID, "usr/bin/tool", Severity.CRITICAL),
            // the hard link is the same inode: it changed with it
            tuple(DriftDetector.ADDED_SETUID, "usr/bin/tool-again", Severity.CRITICAL),
            tuple(DriftDetector.ADDED_EXECUTABLE, "usr/bin/dropper", Severity.HIGH),
            tuple(DriftDetector.MODIFIED_EXECUTABLE, "usr/bin/helper", Severity.HIGH),
            tuple(DriftDetector.MODIFIED_LINK, "usr/bin/t", Severity.MEDIUM),
            tuple(DriftDetector.MODIFIED_MODE, "etc/passwd", Severity.MEDIUM),
            tuple(DriftDetector.ADDED_DIRECTORY, "srv", Severity.LOW),
            tuple(DriftDetector.ADDED_FILE, "etc/motd", Severity.LOW),
            tuple(DriftDetector.REMOVED, "var/cache/app/c", Severity.LOW));
    MisconfigurationFinding helper = r.withId(DriftDetector.MODIFIED_EXECUTABLE).get(0);
    assertThat(helper.title()).startsWith("Modified after build: usr/bin/helper (content sha256:")
        .contains(", size 22 -> 30)");
    assertThat(helper.location().layer().index()).isZero();
    assertThat(r.withId(DriftDetector.ADDED_SETUID).get(0).title())
        .isEqualTo("Modified after build: usr/bin/tool (mode 0755 -> 4755)");
    assertThat(r.withId(DriftDetector.MODIFIED_LINK).get(0).title())
        .isEqualTo("Modified after build: usr/bin/t (target tool -> /opt/other/sh)");
    assertThat(r.hasDriftAtLeast(Severity.CRITICAL)).isTrue();
    assertThat(r.issues()).isEmpty();
  }

  @Test
  void ownerAndTypeChangesAreFound() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "changing owners needs root");
    Path root = unpacked();
    Files.setAttribute(root.resolve("etc/passwd"), "unix:uid", 1000, LinkOption.NOFOLLOW_LINKS);
    Files.delete(root.resolve("opt/app/data.txt"));
    Files.createDirectory(root.resolve("opt/app/data.txt"));
    DriftReport r = drift(root);
    assertThat(r.findings()).extracting(MisconfigurationFinding::id, MisconfigurationFinding::title).containsExactly(
        tuple(DriftDetector.MODIFIED_OWNER, "Modified after build: etc/passwd (owner 0:0 -> 1000:0)"),
        tuple(DriftDetector.TYPE_CHANGED, "Modified after build: opt/app/data.txt (type file -> directory; mode 0644"
            + " -> 0755)"));
  }

  @Test
  void excludedPathsAreConfigurable() throws IOException {
    Path root = unpacked();
    Files.writeString(root.resolve("var/cache/app/new"), "x");
    Files.writeString(root.resolve("tmp/new"), "x");
    DriftDetector d = DriftDetector.builder().packages(false).excluded(java.util.Set.of("/var/cache/")).build();
    try (RootfsImage rootfs = (RootfsImage) new dev.stowaway.core.image.RootfsImageSource(java.util.Set.of())
        .open(root.toString(), SourceOptions.defaults())) {
      DriftReport r = d.detect(image(), rootfs);
      assertThat(r.findings()).extracting(f -> f.location().path()).containsExactly("tmp/new");
    }
  }

  @Test
  void packagesInstalledChangedAndRemovedAfterBuild() throws IOException {
    FileView view = FileView.ofImage(image(), ScanLimits.defaults());
    Location db = new Location(null, "var/lib/dpkg/status", null);
    List<Package> before = List.of(pkg("curl", "7.88.1-10", db), pkg("bash", "5.2.15-2", db), pkg("vim", "9.0", db),
        pkg("scratch", "1", new Location(null, "tmp/x/status", null)));
    List<Package> after = List.of(pkg("curl", "7.88.1-10+deb12u5", db), pkg("bash", "5.2.15-2", db),
        pkg("netcat", "1.219-1", db));
    DriftReport r = DriftDetector.builder().build().compare("img", "rootfs:/x", view, view, before, after);
    assertThat(r.findings()).extracting(MisconfigurationFinding::id, MisconfigurationFinding::title).containsExactly(
        tuple(DriftDetector.PACKAGE_ADDED, "Package installed after build: Debian:12 package netcat (amd64) 1.219-1"),
        tuple(DriftDetector.PACKAGE_CHANGED,
            "Package changed after build: Debian:12 package curl (amd64) 7.88.1-10 -> 7.88.1-10+deb12u5"),
        tuple(DriftDetector.PACKAGE_REMOVED, "Package removed after build: Debian:12 package vim (amd64) 9.0"));
    assertThat(r.findings().get(0).location()).isEqualTo(db);
  }

  private static Package pkg(String name, String version, Location where) {
    return Package.builder("Debian:12", name, version).arch("amd64").location(where).build();
  }
}
