package dev.stowaway.analyzers.lang.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutableAnalyzerTest {
  private final ExecutableAnalyzer analyzer = new ExecutableAnalyzer();
  private static final String BIN = "usr/local/bin/app";

  static LayerEntry exe(String path, long size, int mode) {
    return new LayerEntry(path, EntryType.FILE, size, mode, 0, 0, null, Instant.EPOCH);
  }

  @ParameterizedTest
  @CsvSource({
      "usr/local/bin/app, 0755, true",
      "usr/bin/tool, 0700, true",
      "opt/x/run.sh, 0744, true",
      "app/tool.exe, 0644, true",
      "usr/lib/libx.so, 0644, true",
      "etc/passwd, 0644, false",
      "usr/share/doc/README, 0644, false"})
  void selector(String path, String mode, boolean selected) {
    assertThat(analyzer.selector().matches(exe(path, 10, Integer.parseInt(mode, 8)))).isEqualTo(selected);
  }

  private RecordingAnalysisContext feed(String path, byte[] bytes, boolean throttled) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    assertThat(ctx.feed(analyzer, exe(path, bytes.length, 0755), bytes, throttled)).isTrue();
    return ctx;
  }

  private static Location at(String path) {
    return new Location(RecordingAnalysisContext.LAYER0.ref(), path, null);
  }

  private static Package go(String path, String name, String version, String purl, String... props) {
    Package.Builder b = Package.builder("Go", name, version).purl(purl).location(at(path))
        .property("identifiedBy", "go-buildinfo");
    for (int i = 0; i < props.length; i += 2) {
      b.property(props[i], props[i + 1]);
    }
    return b.build();
  }

  /** Go 1.15 (pointer format) in ELF, PE and Mach-O: the same modules in all three (trivy parse_test.go). */
  @ParameterizedTest
  @CsvSource({"trivy-binary-test.elf/test.elf, false", "trivy-binary-test.exe/test.exe, false",
      "trivy-binary-test.macho/test.macho, false", "trivy-binary-test.elf/test.elf, true"})
  void go115PointerFormatInEveryContainerFormat(String file, boolean throttled) throws IOException {
    byte[] bytes = Files.readAllBytes(SharedTestData.testdata("fixtures/go/" + file));
    RecordingAnalysisContext ctx = feed(BIN, bytes, throttled);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).containsExactly(
        go(BIN, "github.com/aquasecurity/test", null, "pkg:golang/github.com/aquasecurity/test", "mainModule", "true"),
        go(BIN, "github.com/aquasecurity/go-pep440-version", "v0.0.0-20210121094942-22b2f8951d46",
            "pkg:golang/github.com/aquasecurity/go-pep440-version@v0.0.0-20210121094942-22b2f8951d46"),
        go(BIN, "github.com/aquasecurity/go-version", "v0.0.0-20210121072130-637058cfe492",
            "pkg:golang/github.com/aquasecurity/go-version@v0.0.0-20210121072130-637058cfe492"),
        go(BIN, "golang.org/x/xerrors", "v0.0.0-20200804184101-5ec99f83aff1",
            "pkg:golang/golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1"),
        go(BIN, "stdlib", "v1.15.2", "pkg:golang/stdlib@v1.15.2", "goToolchain", "go1.15.2"));
  }

  @Test
  void go120InlineFormatMachOWithSemverMainModule() throws IOException {
    byte[] bytes = Files.readAllBytes(SharedTestData.testdata(
        "fixtures/go/trivy-binary-semver-main-module-version.macho/semver-main-module-version.macho"));
    RecordingAnalysisContext ctx = feed(BIN, bytes, false);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).containsExactly(
        go(BIN, "go.etcd.io/bbolt", "v1.3.5", "pkg:golang/go.etcd.io/bbolt@v1.3.5", "mainModule", "true"),
        go(BIN, "stdlib", "v1.20.6", "pkg:golang/stdlib@v1.20.6", "goToolchain", "go1.20.6"));
  }

  @Test
  void go122WithGoexperimentKeepsTheToolchainSuffixOutOfTheVersion() throws IOException {
    byte[] bytes = Files.readAllBytes(SharedTestData.testdata("fixtures/go/trivy-binary-goexperiment/goexperiment"));
    RecordingAnalysisContext ctx = feed(BIN, bytes, true);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).extracting(Package::name, Package::version, Package::purl)
        .contains(org.assertj.core.groups.Tuple.tuple("stdlib", "v1.22.1", "pkg:golang/stdlib@v1.22.1"));
    assertThat(ctx.packages).filteredOn(p -> p.name().equals("stdlib")).singleElement()
        .satisfies(p -> assertThat(p.properties()).containsEntry("goToolchain", "go1.22.1 X:loopvar"));
  }

  @Test
  void ldflagsVersionOfADevelMainModuleComesFromTheBuildSettings() throws IOException {
    byte[] bytes = Files.readAllBytes(SharedTestData.testdata(
        "fixtures/go/trivy-binary-main-version-via-ldflags.elf/main-version-via-ldflags.elf"));
    RecordingAnalysisContext ctx = feed(BIN, bytes, false);
    // mod (devel), build -ldflags="-w -X main.version=v1.0.0": the version trivy expects, from the build info
    assertThat(ctx.packages).containsExactly(
        go(BIN, "github.com/aquasecurity/test", "v1.0.0", "pkg:golang/github.com/aquasecurity/test@v1.0.0",
            "mainModule", "true", "versionFrom", "ldflags"),
        go(BIN, "stdlib", "v1.22.1", "pkg:golang/stdlib@v1.22.1", "goToolchain", "go1.22.1"));
  }

  @Test
  void notAnExecutableIsIgnoredQuietly() throws IOException {
    byte[] bytes = Files.readAllBytes(SharedTestData.testdata("fixtures/go/trivy-binary-dummy/dummy"));
    RecordingAnalysisContext ctx = feed(BIN, bytes, false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).isEmpty();
  }

  /** A minimal ELF-looking file with a Go 1.18+ build info blob at a 16-byte aligned offset. */
  static byte[] syntheticGoElf(String version, String modinfo, int padding) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    out.writeBytes(new byte[padding - 7]);
    out.writeBytes(ExecutableScanner.GO_MAGIC);
    out.write(8);
    out.write(2);
    out.writeBytes(new byte[16]);
    varint(out, version.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream mod = new ByteArrayOutputStream();
    mod.writeBytes(ExecutableScanner.INFO_START);
    mod.writeBytes(modinfo.getBytes(StandardCharsets.UTF_8));
    mod.writeBytes(ExecutableScanner.INFO_END);
    varint(out, mod.toByteArray());
    out.writeBytes(new byte[100]);
    return out.toByteArray();
  }

  static void varint(ByteArrayOutputStream out, byte[] s) {
    long v = s.length;
    while (v >= 0x80) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
    out.writeBytes(s);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void syntheticInlineBuildInfoWithReplacementsAcrossAWindowBoundary(boolean throttled) {
    String modinfo = "path\texample.com/app/cmd/app\n"
        + "mod\texample.com/app\tv1.2.3\th1:abc=\n"
        + "dep\tgithub.com/old/lib\tv1.0.0\th1:x=\n"
        + "=>\tgithub.com/new/lib\tv1.0.1\th1:y=\n"
        + "dep\tgithub.com/local/lib\tv0.1.0\n"
        + "=>\t../lib\t\n"
        + "dep\tgopkg.in/yaml.v3\tv3.0.1+incompatible\th1:z=\n"
        + "build\t-compiler=gc\n";
    byte[] bytes = syntheticGoElf("go1.21.5", modinfo, (256 << 10) - 16); // magic straddles the first window
    RecordingAnalysisContext ctx = feed(BIN, bytes, throttled);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).containsExactly(
        go(BIN, "example.com/app", "v1.2.3", "pkg:golang/example.com/app@v1.2.3", "mainModule", "true"),
        go(BIN, "github.com/new/lib", "v1.0.1", "pkg:golang/github.com/new/lib@v1.0.1",
            "replaces", "github.com/old/lib@v1.0.0"),
        go(BIN, "github.com/local/lib", null, "pkg:golang/github.com/local/lib", "replacedBy", "../lib"),
        go(BIN, "gopkg.in/yaml.v3", "v3.0.1+incompatible", "pkg:golang/gopkg.in/yaml.v3@v3.0.1%2Bincompatible"),
        go(BIN, "stdlib", "v1.21.5", "pkg:golang/stdlib@v1.21.5", "goToolchain", "go1.21.5"));
  }

  @Test
  void binaryThatOnlyLooksLikeGoGivesAnIssue() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x7f, 'E', 'L', 'F'});
    out.writeBytes(new byte[28]);
    out.writeBytes(ExecutableScanner.GO_MAGIC);
    out.write(8);
    out.write(2);
    out.writeBytes(new byte[16]);
    out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}); // a 268 MB version string
    out.writeBytes(new byte[1000]);
    RecordingAnalysisContext ctx = feed(BIN, out.toByteArray(), false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("Go build info found but neither a version nor module info could be read");
  }

  @Test
  void unterminatedModuleInfoAndManyGoStringsStayBounded() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x7f, 'E', 'L', 'F'});
    byte[] go1 = "go1.".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 100_000; i++) {
      out.writeBytes(go1); // more candidates than are remembered
    }
    out.writeBytes(ExecutableScanner.INFO_START);
    out.writeBytes(new byte[ExecutableScanner.MAX_MODINFO + (1 << 20)]); // no end sentinel
    RecordingAnalysisContext ctx = feed(BIN, out.toByteArray(), false);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).isEmpty(); // no build-info header: nothing claims to be Go
  }

  @Test
  void stdlibVersions() {
    assertThat(dev.stowaway.analyzers.lang.golang.GoModules.stdlibVersion("go1.21")).isEqualTo("v1.21.0");
    assertThat(dev.stowaway.analyzers.lang.golang.GoModules.stdlibVersion("go1.22rc1")).isEqualTo("v1.22.0-rc.1");
    assertThat(dev.stowaway.analyzers.lang.golang.GoModules.stdlibVersion("devel go1.23-abc")).isNull();
  }

  private static Package crate(String path, String name, String version, String... props) {
    Package.Builder b = Package.builder("crates.io", name, version).purl("pkg:cargo/" + name + "@" + version)
        .location(at(path)).property("identifiedBy", "cargo-auditable");
    for (int i = 0; i < props.length; i += 2) {
      b.property(props[i], props[i + 1]);
    }
    return b.build();
  }

  /** cargo-auditable in ELF, PE and Mach-O (trivy rust/binary parse_test.go). */
  @ParameterizedTest
  @CsvSource({"trivy-binary-test.elf/test.elf, false", "trivy-binary-test.exe/test.exe, false",
      "trivy-binary-test.macho/test.macho, true"})
  void cargoAuditableInEveryContainerFormat(String file, boolean throttled) throws IOException {
    byte[] bytes = Files.readAllBytes(SharedTestData.testdata("fixtures/rust/" + file));
    RecordingAnalysisContext ctx = feed(BIN, bytes, throttled);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).containsExactly(
        crate(BIN, "crate_with_features", "0.1.0", "root", "true", "source", "local"),
        crate(BIN, "library_crate", "0.1.0", "source", "local"));
  }

  @Test
  void syntheticCargoAuditableSkipsBuildDependenciesAndTruncationIsAnIssue() {
    String json = "{\"packages\":[{\"name\":\"app\",\"version\":\"1.0.0\",\"source\":\"local\",\"root\":true},"
        + "{\"name\":\"serde\",\"version\":\"1.0.190\",\"source\":\"crates.io\"},"
        + "{\"name\":\"cc\",\"version\":\"1.0.83\",\"source\":\"crates.io\",\"kind\":\"build\"}]}";
    Deflater d = new Deflater(9);
    d.setInput(json.getBytes(StandardCharsets.UTF_8));
    d.finish();
    byte[] z = new byte[1000];
    int n = d.deflate(z);
    d.end();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x7f, 'E', 'L', 'F'});
    out.writeBytes(new byte[300]);
    out.write(z, 0, n);
    out.writeBytes(new byte[64]);
    RecordingAnalysisContext ctx = feed(BIN, out.toByteArray(), false);
    assertThat(ctx.packages).containsExactly(
        crate(BIN, "app", "1.0.0", "root", "true", "source", "local"),
        crate(BIN, "serde", "1.0.190", "source", "crates.io"));

    ByteArrayOutputStream cut = new ByteArrayOutputStream();
    cut.writeBytes(new byte[] {0x7f, 'E', 'L', 'F'});
    cut.write(z, 0, n / 2);
    RecordingAnalysisContext truncated = feed(BIN, cut.toByteArray(), false);
    assertThat(truncated.packages).isEmpty();
    assertThat(truncated.issues).extracting(RecordingAnalysisContext.Issue::message)
        .containsExactly("cargo-auditable data truncated");
  }

  /**
   * The deflate-header precheck must never reject real data: the JSON at every compression level (0 is a
   * stored block) and with each strategy, placed after many byte pairs that look like zlib headers.
   */
  @ParameterizedTest
  @CsvSource({"0, 0, false", "1, 0, false", "5, 0, false", "6, 0, true", "9, 0, false", "9, 1, false",
      "9, 2, false", "2, 2, true"})
  void cargoAuditableAtEveryCompressionLevelAfterZlibLookingDecoys(int level, int strategy, boolean throttled) {
    String json = "{\"packages\":[{\"name\":\"app\",\"version\":\"2.0.0\",\"source\":\"local\",\"root\":true},"
        + "{\"name\":\"regex\",\"version\":\"1.10.2\",\"source\":\"crates.io\"}]}";
    Deflater d = new Deflater(level);
    d.setStrategy(strategy);
    d.setInput(json.getBytes(StandardCharsets.UTF_8));
    d.finish();
    byte[] z = new byte[1000];
    int n = 0;
    while (!d.finished()) { // a strategy change makes the first call return nothing
      n += d.deflate(z, n, z.length - n);
    }
    d.end();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x7f, 'E', 'L', 'F'});
    java.util.Random random = new java.util.Random(level * 31L + strategy);
    byte[] flags = {0x01, 0x5e, (byte) 0x9c, (byte) 0xda};
    for (int i = 0; i < 2000; i++) {
      byte[] noise = new byte[random.nextInt(40)];
      random.nextBytes(noise);
      out.writeBytes(noise);
      out.write(0x78);
      out.write(flags[i & 3]);
      if (i % 50 == 0) { // a stored block with a valid LEN/NLEN but other content
        out.writeBytes(new byte[] {0x01, 0x05, 0x00, (byte) 0xfa, (byte) 0xff, '{', '"', 'p', 'k', '"'});
      }
    }
    out.write(z, 0, n);
    out.writeBytes(new byte[64]);
    RecordingAnalysisContext ctx = feed(BIN, out.toByteArray(), throttled);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.packages).containsExactly(
        crate(BIN, "app", "2.0.0", "root", "true", "source", "local"),
        crate(BIN, "regex", "1.10.2", "source", "crates.io"));
  }

  @Test
  void registeredWithServiceLoader() {
    List<String> types = ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()).toList();
    assertThat(types).contains(ExecutableAnalyzer.class.getName());
  }


  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      "-w -X main.version=v1.0.0"                              | v1.0.0
      -X=main.Version=1.2.3                                   | v1.2.3
      "-s -w -X 'example.com/app/internal/build.Version=2.0.1'" | v2.0.1
      "-X example.com/other/version.Version=0.9.0"            | v0.9.0
      "-X main.version=dev"                                    |
      "-X main.commit=abc123"                                  |
      "-X example.com/other/pkg.Version=1.0.0"                 |
      "-X main.version=$(VERSION)"                             |
      """)
  void ldflagsVersionOnlyFromVersionLikeVariablesOfTheMainModule(String ldflags, String expected) {
    assertThat(GoBuildInfo.ldflagsVersion(ldflags, "example.com/app"))
        .isEqualTo(expected); // as go build records it, Go-quoted when the flags hold spaces
  }
}
