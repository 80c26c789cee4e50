package dev.stowaway.cli;

import dev.stowaway.analyzers.iac.IacScanner;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.testing.HostileImages;
import dev.stowaway.core.testing.HostileImages.LayerFile;
import dev.stowaway.core.testing.HostileImages.ManifestPlace;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds and scans the hostile-image corpus in this JVM (started by {@link HostileImageCorpusTest} with
 * {@code -Xmx256m}), one line per case on stdout:
 * {@code CASE|name|OK|purl;purl|issue ## issue|seconds} or {@code CASE|name|ERROR|Type: message|seconds}.
 */
public final class HostileCorpusRunner {
  /** Separates issues on a line (issue messages contain semicolons). */
  static final String SEP = " ## ";

  private HostileCorpusRunner() {}

  /** The base layer every image starts with: Alpine with one package, so "the rest was scanned" is visible. */
  static LayerBuilder base() {
    return LayerBuilder.create().file("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n")
        .file("lib/apk/db/installed", "P:marker\nV:1.0-r0\nA:x86_64\no:marker\n\n");
  }

  /**
   * Runs every case.
   *
   * @param args the work folder
   * @throws IOException if the folder cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Scanner scanner = Scanner.builder().parallelism(2).build();

    run(out, "gzip-bomb", scanner, dir, List.of(
        HostileImages.layer(dir.resolve("bomb.tar.gz"), 9,
            t -> HostileImages.repeatedByteFile(t, "bomb/zeros", 300L << 20, (byte) 0))));
    run(out, "path-traversal", scanner, dir, List.of(HostileImages.layer(dir.resolve("trav.tar"), -1, t -> {
      HostileImages.file(t, "../../etc/passwd", "root:x:0:0::/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
      HostileImages.file(t, "/etc/shadow", "root:*:1::::::\n".getBytes(StandardCharsets.UTF_8));
      HostileImages.file(t, "./a/../../../../tmp/evil", new byte[] {1});
    })));
    run(out, "links", scanner, dir, List.of(HostileImages.layer(dir.resolve("links.tar"), -1, t -> {
      HostileImages.link(t, "loop/a", "b", true);
      HostileImages.link(t, "loop/b", "a", true);
      HostileImages.link(t, "etc/escape", "../../../../../etc/passwd", true);
      HostileImages.link(t, "out", "/../../etc/shadow", true);
      HostileImages.link(t, "hard/missing", "does/not/exist", false);
      HostileImages.link(t, "hard/escape", "../../etc/passwd", false);
    })));
    run(out, "one-file-a-million-times", scanner, dir, List.of(HostileImages.layer(dir.resolve("million.tar.gz"), 1,
        t -> {
          byte[] empty = new byte[0];
          for (int i = 0; i < 1_000_000; i++) {
            HostileImages.file(t, "usr/share/doc/same/file", empty);
          }
        })));
    Scanner oneGig = Scanner.builder().parallelism(2).limits(ScanLimits.defaults().withMaxLayerBytes(1L << 30)).build();
    run(out, "huge-declared-entry", oneGig, dir, List.of(HostileImages.hugeDeclaredEntry(dir.resolve("sparse.tar"),
        LayerBuilder.create().file("before.txt", "kept\n"), "var/lib/sparse.img", 20L << 30)));
    run(out, "package-json-one-500mb-string", scanner, dir, List.of(
        HostileImages.layer(dir.resolve("npm.tar.gz"), 1, t -> HostileImages.repeatedFile(t,
            "app/node_modules/huge/package.json", "{\"name\":\"huge\",\"version\":\"1.0.0\",\"description\":\""
                .getBytes(StandardCharsets.UTF_8), 500L << 20, (byte) 'a', "\"}".getBytes(StandardCharsets.UTF_8)))));
    run(out, "nested-jars-1000-deep", scanner, dir, List.of(
        HostileImages.layer(dir.resolve("jars.tar"), -1, t -> HostileImages.file(t, "app/deep.jar",
            HostileImages.nestedJars(1000)))));
    // A jar whose nested jar inflates to 512 MiB of zeros (~0.5 MiB deflated), under a 256 MiB nested-byte
    // budget (the default is 2 GiB; smaller keeps the case fast): an issue, the jar's own identity kept.
    Scanner nested256 = Scanner.builder().parallelism(2)
        .limits(ScanLimits.defaults().withMaxNestedBytes(256L << 20)).build();
    run(out, "zip-bomb-in-jar", nested256, dir, List.of(
        HostileImages.layer(dir.resolve("bomb-jar.tar"), -1, t -> HostileImages.file(t, "app/bomb.jar", zipBombJar()))));
    // An executable with the Go build-info magic and a header that points nowhere sensible.
    run(out, "binary-that-only-looks-like-go", scanner, dir, List.of(
        HostileImages.layer(dir.resolve("notgo.tar"), -1, t -> {
          byte[] bin = fakeGoBinary();
          org.apache.commons.compress.archivers.tar.TarArchiveEntry e =
              new org.apache.commons.compress.archivers.tar.TarArchiveEntry("usr/local/bin/notgo", true);
          e.setSize(bin.length);
          e.setMode(0755);
          t.putArchiveEntry(e);
          t.write(bin);
          t.closeArchiveEntry();
        })));
    run(out, "zip-lying-central-directory", scanner, dir, List.of(
        HostileImages.layer(dir.resolve("zip.tar"), -1, t -> HostileImages.file(t, "app/liar.jar",
            HostileImages.zipWithLyingCentralDirectory()))));

    // Archive-level lies: a clear error is the right answer, there is nothing trustworthy to scan.
    LayerFile b = HostileImages.layer(dir.resolve("base-only.tar"), base());
    LayerFile x = HostileImages.layer(dir.resolve("x.tar"), LayerBuilder.create().file("x", "x"));
    archive(out, "digests-lie", scanner, dir, List.of(b, x), List.of(b.diffId(), Digest.sha256Of("lie")),
        ManifestPlace.FIRST);
    archive(out, "config-2-layers-manifest-3", scanner, dir, List.of(b, x, x), List.of(b.diffId(), x.diffId()),
        ManifestPlace.FIRST);
    archive(out, "manifest-missing", scanner, dir, List.of(b), List.of(b.diffId()), ManifestPlace.MISSING);
    archive(out, "manifest-last", scanner, dir, List.of(b, x), List.of(b.diffId(), x.diffId()), ManifestPlace.LAST);

    // Config files (pre-build scanning): a Dockerfile of one 100 MB line.
    long start = System.nanoTime();
    Path dockerfile = dir.resolve("Dockerfile");
    try (OutputStream o = Files.newOutputStream(dockerfile)) {
      o.write("FROM alpine\nRUN echo ".getBytes(StandardCharsets.UTF_8));
      byte[] chunk = "a".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 1600; i++) {
        o.write(chunk);
      }
    }
    IacScanner.Result r = IacScanner.scan(dockerfile);
    line(out, "dockerfile-100mb-line", "OK", "", r.issues().stream().map(AnalysisIssue::message)
        .collect(Collectors.joining(SEP)), start);
    Files.delete(dockerfile);
    Runtime rt = Runtime.getRuntime();
    out.println("MAXHEAP|" + rt.maxMemory());
  }

  /** A jar (org.hostile:bomb:1.0) holding {@code BOOT-INF/lib/bomb.jar}: 512 MiB of zeros, deflated. */
  static byte[] zipBombJar() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
      zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/maven/org.hostile/bomb/pom.properties"));
      zip.write("groupId=org.hostile\nartifactId=bomb\nversion=1.0\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new java.util.zip.ZipEntry("BOOT-INF/lib/bomb.jar"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 512; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  /**
   * An ELF-looking file with the Go build-info magic, pointer size 8, the inline (Go 1.18+) flag and a
   * version string that claims 268 MB, then a little more noise and Go-ish strings.
   */
  static byte[] fakeGoBinary() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    out.writeBytes(new byte[25]);
    out.writeBytes("\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1));
    out.write(8);
    out.write(2);
    out.writeBytes(new byte[16]);
    out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
    for (int i = 0; i < 1000; i++) {
      out.writeBytes("go1.22.1 runtime.main ".getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  /** Scans an image of the base layer plus the given layers (as a docker-archive), then deletes its files. */
  private static void run(PrintStream out, String name, Scanner scanner, Path dir, List<LayerFile> extra)
      throws IOException {
    LayerFile base = HostileImages.layer(dir.resolve("base.tar"), base());
    List<LayerFile> layers = new ArrayList<>(List.of(base));
    layers.addAll(extra);
    archive(out, name, scanner, dir, layers, layers.stream().map(LayerFile::diffId).toList(), ManifestPlace.FIRST);
    for (LayerFile l : layers) {
      Files.deleteIfExists(l.blob());
    }
  }

  private static void archive(PrintStream out, String name, Scanner scanner, Path dir, List<LayerFile> layers,
      List<Digest> diffIds, ManifestPlace place) throws IOException {
    long start = System.nanoTime();
    Path image = dir.resolve(name + ".image.tar");
    HostileImages.dockerArchive(image, layers, diffIds, place);
    try (Image img = ImageSources.open("docker-archive:" + image, SourceOptions.defaults())) {
      ScanResult r = scanner.scan(img);
      line(out, name, "OK", r.packages().stream().map(Package::purl).collect(Collectors.joining(";")),
          r.issues().stream().map(i -> (i.location() == null ? "" : i.location().path() + ": ") + i.message())
              .collect(Collectors.joining(SEP)), start);
    } catch (IOException | RuntimeException e) {
      line(out, name, "ERROR", "", e.getClass().getSimpleName() + ": " + e.getMessage(), start);
    } finally {
      Files.deleteIfExists(image);
    }
  }

  private static void line(PrintStream out, String name, String status, String packages, String issues, long start) {
    String clean = issues.replace('\n', ' ').replace('|', '/');
    out.println("CASE|" + name + "|" + status + "|" + packages + "|" + clean + "|"
        + (System.nanoTime() - start) / 1_000_000_000.0);
  }
}
