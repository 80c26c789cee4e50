package dev.stowaway.analyzers.lang.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JavaArchiveAnalyzerTest {

  private final JavaArchiveAnalyzer analyzer = new JavaArchiveAnalyzer();

  @ParameterizedTest
  @CsvSource({
      "app/lib/log4j-core-2.14.1.jar, true", "srv/app.WAR, true", "x/y.ear, true", "a.par, true",
      "a.sar, true", "a.nar, true", "plugins/x.jpi, true", "plugins/x.hpi, true", "deploy/x.kar, true",
      "a.zip, false", "jar, false", "a.jar.sha1, false", "usr/bin/java, false"})
  void selector(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 10))).isEqualTo(selected);
  }

  private static Location loc(String path, String nested) {
    return new Location(RecordingAnalysisContext.LAYER0.ref(), path, nested);
  }

  private RecordingAnalysisContext feed(String fixture, String imagePath, boolean throttled, ScanLimits limits)
      throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0, limits);
    Path file = SharedTestData.testdata("fixtures/java/" + fixture);
    assertThat(ctx.feed(analyzer, imagePath, file, throttled)).isTrue();
    ctx.finish(analyzer);
    return ctx;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void simpleJarWrittenOutInFull(boolean throttled) throws IOException {
    RecordingAnalysisContext ctx =
        feed("scalibr-simple/simple.jar", "opt/simple.jar", throttled, ScanLimits.defaults());
    assertThat(ctx.packages).containsExactly(Package.builder("Maven", "com.some.package:package-name", "1.2.3")
        .purl("pkg:maven/com.some.package/package-name@1.2.3")
        .location(loc("opt/simple.jar", null))
        .property("identifiedBy", "pom.properties")
        .property("confidence", "high")
        .property("evidence", "pom.properties")
        .build());
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("coverage: 1 of 1 Java archives identified with group, artifact and version");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void nestedJarsGetNestedPaths(boolean throttled) throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-nested/nested.jar", "nested.jar", throttled, ScanLimits.defaults());
    assertThat(ctx.packages).extracting(Package::purl, p -> p.location().nestedPath())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("pkg:maven/test/nested@0.0.1", null),
            org.assertj.core.groups.Tuple.tuple("pkg:maven/test/nested2@0.0.2", "META-INF/jars/nested2.jar"),
            org.assertj.core.groups.Tuple.tuple("pkg:maven/test/nested3@0.0.3",
                "META-INF/jars/nested2.jar!META-INF/jars/nested3.jar"));
  }

  @Test
  void shadedJarYieldsEveryPomProperties() throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-hadoop-shaded-guava-1.1.0-SNAPSHOT/hadoop-shaded-guava-1.1.0-SNAPSHOT.jar",
        "h.jar", true, ScanLimits.defaults());
    assertThat(ctx.packages).extracting(Package::name, Package::version).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("com.google.guava:failureaccess", "1.0.1"),
        org.assertj.core.groups.Tuple.tuple("com.google.guava:guava", "29.0-jre"),
        org.assertj.core.groups.Tuple.tuple("com.google.guava:listenablefuture",
            "9999.0-empty-to-avoid-conflict-with-guava"),
        org.assertj.core.groups.Tuple.tuple("com.google.j2objc:j2objc-annotations", "1.3"),
        org.assertj.core.groups.Tuple.tuple("org.apache.hadoop.thirdparty:hadoop-shaded-guava", "1.1.0-SNAPSHOT"));
  }

  @Test
  void warWithWebInfLib() throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-gradle/gradle.war", "gradle.war", false, ScanLimits.defaults());
    assertThat(ctx.packages).extracting(Package::purl).contains(
        "pkg:maven/commons-dbcp/commons-dbcp@1.4", "pkg:maven/commons-pool/commons-pool@1.6",
        "pkg:maven/log4j/log4j@1.2.17", "pkg:maven/org.apache.commons/commons-compress@1.19");
    assertThat(ctx.packages).filteredOn(p -> "pkg:maven/log4j/log4j@1.2.17".equals(p.purl()))
        .extracting(p -> p.location().nestedPath()).containsExactly("WEB-INF/lib/log4j-1.2.17.jar");
  }

  @Test
  void fileNameFallback() throws IOException {
    RecordingAnalysisContext ctx = feed("trivy-jackson-annotations-2.15.0-rc2/jackson-annotations-2.15.0-rc2.jar",
        "jackson-annotations-2.15.0-rc2.jar", false, ScanLimits.defaults());
    assertThat(ctx.packages).extracting(Package::name, Package::version)
        .contains(org.assertj.core.groups.Tuple.tuple("com.fasterxml.jackson.core:jackson-annotations", "2.15.0-rc2"));
    RecordingAnalysisContext h = feed("trivy-heuristic-1.0.0-SNAPSHOT/heuristic-1.0.0-SNAPSHOT.jar",
        "heuristic-1.0.0-SNAPSHOT.jar", false, ScanLimits.defaults());
    assertThat(h.packages).extracting(Package::name, Package::version, p -> p.properties().get("identifiedBy"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("heuristic", "1.0.0-SNAPSHOT", "filename"));
  }

  @Test
  void nestedAtTenFoundWhenDepthAllows() throws IOException {
    ScanLimits deep = new ScanLimits(32 << 20, 1000, 4096, 1L << 30, 12, 10_000, 1L << 30);
    RecordingAnalysisContext ctx = feed("scalibr-nested_at_10/nested_at_10.jar", "n.jar", false, deep);
    assertThat(ctx.packages).extracting(Package::purl).contains("pkg:maven/com.some.package/package-name@1.2.3");
  }

  @Test
  void nestedAtHundredEndsInIssue() throws IOException {
    RecordingAnalysisContext ctx =
        feed("scalibr-nested_at_100/nested_at_100.jar", "n.jar", false, ScanLimits.defaults());
    assertThat(ctx.packages).extracting(Package::purl)
        .doesNotContain("pkg:maven/com.some.package/package-name@1.2.3");
    assertThat(ctx.issues).anySatisfy(i -> assertThat(i.message()).contains("maxNestingDepth (5)"));
  }

  @Test
  void notAZipIsAnIssue() throws IOException {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "x/not.jar", SharedTestData.testdata("fixtures/java/scalibr-not_jar/not_jar"), false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .anySatisfy(m -> assertThat(m).startsWith("not a zip archive"));
  }

  @Test
  void invalidAndEmptyJars() throws IOException {
    RecordingAnalysisContext invalid = feed("scalibr-invalid_jar/invalid_jar.jar", "i.jar", false, ScanLimits.defaults());
    assertThat(invalid.packages).isEmpty();
    assertThat(invalid.issues).hasSizeGreaterThanOrEqualTo(1);
    RecordingAnalysisContext empty = feed("scalibr-empty/empty.jar", "e.jar", false, ScanLimits.defaults());
    assertThat(empty.packages).isEmpty();
  }

  @Test
  void zipBombEndsInIssueAndKeepsOuterPackage() throws IOException {
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(inner)) {
      z.putNextEntry(new ZipEntry("zeros.bin"));
      z.write(new byte[64 << 20]);
      z.closeEntry();
    }
    ByteArrayOutputStream outer = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(outer)) {
      z.putNextEntry(new ZipEntry("META-INF/maven/g/a/pom.properties"));
      z.write("groupId=g\nartifactId=a\nversion=1\n".getBytes());
      z.putNextEntry(new ZipEntry("lib/bomb.jar"));
      z.write(inner.toByteArray());
      z.closeEntry();
    }
    ScanLimits small = new ScanLimits(32 << 20, 1000, 4096, 1L << 30, 5, 10_000, 1 << 20);
    RecordingAnalysisContext ctx = new RecordingAnalysisContext(RecordingAnalysisContext.LAYER0, small);
    byte[] bytes = outer.toByteArray();
    ctx.feed(analyzer, LayerEntry.file("a.jar", bytes.length), bytes, false);
    assertThat(ctx.issues).anySatisfy(i -> assertThat(i.message()).contains("maxNestedBytes (1048576)"));
    assertThat(ctx.packages).extracting(Package::purl).containsExactly("pkg:maven/g/a@1");
  }

  @Test
  void storedEntriesWithDataDescriptorsAreRead() throws IOException {
    // Built by hand: one STORED pom.properties with flag bit 3 and a data descriptor.
    byte[] data = "groupId=g\nartifactId=a\nversion=2\n".getBytes();
    String name = "META-INF/maven/g/a/pom.properties";
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(30).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    h.putInt(0x04034b50).putShort((short) 10).putShort((short) 8).putShort((short) 0).putInt(0).putInt(0)
        .putInt(0).putInt(0).putShort((short) name.length()).putShort((short) 0);
    out.write(h.array());
    out.write(name.getBytes());
    out.write(data);
    java.nio.ByteBuffer d = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    d.putInt(0x08074b50).putInt((int) crc.getValue()).putInt(data.length).putInt(data.length);
    out.write(d.array());
    java.nio.ByteBuffer e = java.nio.ByteBuffer.allocate(22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    e.putInt(0x06054b50);
    out.write(e.array());
    byte[] bytes = out.toByteArray();
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, LayerEntry.file("d.jar", bytes.length), bytes, true);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).extracting(Package::purl).containsExactly("pkg:maven/g/a@2");
  }

  @Test
  void realCorpusJarsAndFatJar() throws IOException {
    Path corpus = SharedTestData.corpus();
    Path root = corpus.resolve("rootfs/debian-app");
    String expected = Files.readString(corpus.resolve("expected/debian-app.json"));
    // The ground truth lists the /app/lib artifacts as {"group": .., "artifact": .., "version": ..}.
    Matcher m = Pattern.compile("\"group\":\\s*\"([^\"]+)\",\\s*\"artifact\":\\s*\"([^\"]+)\",\\s*\"version\":\\s*\"([^\"]+)\"")
        .matcher(expected);
    Set<String> wantLib = new TreeSet<>();
    while (m.find()) {
      wantLib.add("pkg:maven/" + m.group(1) + "/" + m.group(2) + "@" + m.group(3));
    }
    assertThat(wantLib).hasSize(9);
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    try (var files = Files.list(root.resolve("app/lib"))) {
      for (Path jar : files.sorted().toList()) {
        ctx.feed(analyzer, "app/lib/" + jar.getFileName(), jar, false);
      }
    }
    ctx.feed(analyzer, "app/demo-app.jar", root.resolve("app/demo-app.jar"), false);
    ctx.finish(analyzer);
    Set<String> lib = ctx.packages.stream().filter(p -> p.location().path().startsWith("app/lib/"))
        .map(p -> p.purl() == null ? "no purl: " + p.name() : p.purl()).collect(Collectors.toCollection(TreeSet::new));
    assertThat(lib).containsAll(wantLib);
    List<Package> fat = ctx.packages.stream().filter(p -> p.location().path().equals("app/demo-app.jar")).toList();
    assertThat(fat).extracting(Package::purl).contains("pkg:maven/com.example/demo-app@0.0.1-SNAPSHOT");
    // Every nested jar is identified with group, artifact and version, at its nested path.
    Matcher ids = Pattern.compile("\"nested_artifact_ids\":\\s*\\[([^\\]]*)\\]").matcher(expected);
    assertThat(ids.find()).isTrue();
    Set<String> nestedIds = Pattern.compile("\"([^\"]+)\"").matcher(ids.group(1)).results()
        .map(r -> r.group(1)).collect(Collectors.toSet());
    assertThat(nestedIds).hasSize(7);
    Set<String> nestedWant = wantLib.stream()
        .filter(purl -> nestedIds.contains(purl.substring(purl.lastIndexOf('/') + 1, purl.indexOf('@'))))
        .collect(Collectors.toSet());
    assertThat(nestedWant).hasSize(7);
    assertThat(fat).filteredOn(p -> p.location().nestedPath() != null).extracting(Package::purl)
        .containsAll(nestedWant);
    assertThat(fat).filteredOn(p -> "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1".equals(p.purl()))
        .extracting(p -> p.location().nestedPath()).containsExactly("BOOT-INF/lib/log4j-core-2.14.1.jar");
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("coverage: 17 of 17 Java archives identified with group, artifact and version");
  }

  @Test
  void realFatJarThroughOneByteReads() throws IOException {
    Path jar = SharedTestData.corpus().resolve("rootfs/debian-app/app/demo-app.jar");
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "app/demo-app.jar", jar, true);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).hasSize(8).extracting(p -> p.location().nestedPath(), Package::purl).contains(
        org.assertj.core.groups.Tuple.tuple(null, "pkg:maven/com.example/demo-app@0.0.1-SNAPSHOT"),
        org.assertj.core.groups.Tuple.tuple("BOOT-INF/lib/log4j-core-2.14.1.jar",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
        org.assertj.core.groups.Tuple.tuple("BOOT-INF/lib/spring-core-5.3.17.jar",
            "pkg:maven/org.springframework/spring-core@5.3.17"));
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList())
        .contains(JavaArchiveAnalyzer.class.getName(), JdkReleaseAnalyzer.class.getName());
  }
}
