package dev.stowaway.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.report.JsonReportReader;
import dev.stowaway.core.report.Reporters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SbomReaderTest {

  private static final Instant AT = Instant.parse("2026-05-01T00:00:00Z");

  private static ScanResult read(String json) throws ImageFormatException {
    return SbomReader.read(json.getBytes(StandardCharsets.UTF_8), "bom.json", AT);
  }

  private static String line(Package p) {
    return p.ecosystem() + " " + p.name() + " " + p.version() + " src=" + p.sourceName() + "@" + p.sourceVersion();
  }

  private static ScanResult golden() throws IOException {
    return JsonReportReader.read(Path.of("src/test/resources/golden/report.json"));
  }

  private static byte[] render(String format, ScanResult r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Reporters.forFormat(format).write(r, out);
    return out.toByteArray();
  }

  @Test
  void readsOurOwnCycloneDxBackWithEcosystemsSourcesAndLayers() throws IOException {
    ScanResult original = golden();
    ScanResult r = SbomReader.read(render("cyclonedx", original), "bom.json", AT);
    assertThat(r.artifact().name()).isEqualTo("oci:/images/demo:latest");
    assertThat(r.packages()).extracting(SbomReaderTest::line).containsExactly(
        "Debian:12 bash 5.2.15-2+b2 src=bash@5.2.15-2",
        "Debian:12 curl 7.88.1-10+deb12u5 src=curl@7.88.1-10+deb12u5",
        "Maven org.apache.logging.log4j:log4j-core 2.14.1 src=null@null");
    assertThat(r.packages()).extracting(Package::purl).containsExactlyElementsOf(
        original.packages().stream().map(Package::purl).toList());
    Package log4j = r.packages().get(2);
    assertThat(log4j.location().layer().index()).isEqualTo(1);
    assertThat(log4j.location().path()).isEqualTo("app/app.jar");
    assertThat(log4j.location().nestedPath()).isEqualTo("BOOT-INF/lib/log4j-core-2.14.1.jar");
    assertThat(r.findings()).isEmpty();
    assertThat(r.scannedAt()).isEqualTo(AT);
  }

  @Test
  void readsOurOwnSpdxBackWithTheDistroFromThePurl() throws IOException {
    ScanResult r = SbomReader.read(render("spdx-json", golden()), "bom.spdx.json", AT);
    assertThat(r.packages()).extracting(p -> p.ecosystem() + " " + p.name() + " " + p.version()).containsExactly(
        "Debian:12 bash 5.2.15-2+b2", "Debian:12 curl 7.88.1-10+deb12u5",
        "Maven org.apache.logging.log4j:log4j-core 2.14.1");
    assertThat(r.issues()).isEmpty();
  }

  /** Shaped like Syft's CycloneDX output: an OS component, upstream= qualifiers, nested components. */
  static final String SYFT_STYLE = """
      {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
       "metadata": {"component": {"type": "container", "name": "registry.example/app:2.0"}},
       "components": [
        {"type": "library", "name": "libssl3", "version": "3.0.11-1~deb12u2",
         "purl": "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&upstream=openssl&distro=debian-12",
         "properties": [{"name": "syft:location:0:path", "value": "/var/lib/dpkg/status"}]},
        {"type": "library", "name": "jackson-databind", "version": "2.9.8",
         "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.8",
         "licenses": [{"license": {"id": "Apache-2.0"}}],
         "components": [{"type": "library", "name": "@babel/core", "version": "7.0.0",
                         "purl": "pkg:npm/%40babel/core@7.0.0"}]},
        {"type": "library", "name": "Django", "version": "3.2", "purl": "pkg:pypi/django@3.2"},
        {"type": "library", "name": "x/net", "version": "v0.1.0", "purl": "pkg:golang/golang.org/x/net@v0.1.0"},
        {"type": "file", "name": "/etc/passwd"},
        {"type": "operating-system", "name": "debian", "version": "12", "description": "Debian GNU/Linux 12"}
       ]}
      """;

  @Test
  void readsASyftStyleCycloneDx() throws ImageFormatException {
    ScanResult r = read(SYFT_STYLE);
    assertThat(r.artifact().name()).isEqualTo("registry.example/app:2.0");
    assertThat(r.os().id()).isEqualTo("debian");
    assertThat(r.os().versionId()).isEqualTo("12");
    assertThat(r.packages()).extracting(SbomReaderTest::line).containsExactly(
        "Debian:12 libssl3 3.0.11-1~deb12u2 src=openssl@3.0.11-1~deb12u2",
        "Go golang.org/x/net v0.1.0 src=null@null",
        "Maven com.fasterxml.jackson.core:jackson-databind 2.9.8 src=null@null",
        "PyPI django 3.2 src=null@null",
        "npm @babel/core 7.0.0 src=null@null");
    assertThat(r.packages().get(0).location().path()).isEqualTo("/var/lib/dpkg/status");
    assertThat(r.packages().get(0).arch()).isEqualTo("amd64");
    assertThat(r.packages().get(2).licenses()).containsExactly("Apache-2.0");
    assertThat(r.issues()).singleElement().satisfies(i -> assertThat(i.message()).startsWith("1 component(s)"));
  }

  /** Shaped like Trivy's SPDX output: an OPERATING-SYSTEM package and a distro qualifier with a point release. */
  static final String TRIVY_STYLE_SPDX = """
      {"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "alpine:3.19",
       "packages": [
        {"SPDXID": "SPDXRef-OperatingSystem-1", "name": "alpine", "versionInfo": "3.19.1",
         "primaryPackagePurpose": "OPERATING-SYSTEM"},
        {"SPDXID": "SPDXRef-Package-1", "name": "libcrypto3", "versionInfo": "3.1.4-r5",
         "licenseDeclared": "Apache-2.0",
         "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
           "referenceLocator": "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=3.19.1"}]},
        {"SPDXID": "SPDXRef-Package-2", "name": "busybox", "versionInfo": "1.36.1-r15", "licenseDeclared": "NOASSERTION",
         "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
           "referenceLocator": "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&upstream=busybox&distro=alpine-3.19.1"}]},
        {"SPDXID": "SPDXRef-Package-3", "name": "no-purl", "versionInfo": "1"}
       ]}
      """;

  @Test
  void readsATrivyStyleSpdx() throws ImageFormatException {
    ScanResult r = read(TRIVY_STYLE_SPDX);
    assertThat(r.artifact().name()).isEqualTo("alpine:3.19");
    assertThat(r.os().id()).isEqualTo("alpine");
    // "distro=3.19.1" (no id) falls back to the OS package; "alpine-3.19.1" is read directly
    assertThat(r.packages()).extracting(SbomReaderTest::line).containsExactly(
        "Alpine:v3.19 busybox 1.36.1-r15 src=busybox@1.36.1-r15",
        "Alpine:v3.19 libcrypto3 3.1.4-r5 src=null@null");
    assertThat(r.packages().get(1).licenses()).containsExactly("Apache-2.0");
    assertThat(r.issues()).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.15?distro=ubuntu-22.04;Ubuntu:22.04:LTS",
      "pkg:deb/ubuntu/curl@8.2?distro=ubuntu-23.10;Ubuntu:23.10",
      "pkg:deb/debian/curl@7.88?distro=debian-12.5;Debian:12",
      "pkg:rpm/rocky/openssl@3.0.7?distro=rocky-9.3;Rocky Linux:9",
      "pkg:apk/wolfi/glibc@2.39;Wolfi",
      "pkg:cargo/serde@1.0.0;crates.io",
      "pkg:gem/rails@7.0.0;RubyGems",
      "pkg:nuget/Newtonsoft.Json@13.0.1;NuGet",
      "pkg:composer/laravel/framework@10.0.0;Packagist",
      "pkg:generic/thing@1;generic"})
  void mapsPurlTypesToEcosystems(String purl, String ecosystem) {
    assertThat(SbomReader.ecosystem(PackageUrl.parse(purl), null)).isEqualTo(ecosystem);
  }

  @Test
  void rejectsUnsupportedVersionsAndOtherDocuments() {
    assertThatThrownBy(() -> read("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.2\"}"))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("1.2").hasMessageContaining("bom.json");
    assertThatThrownBy(() -> read("{\"spdxVersion\": \"SPDX-2.1\"}"))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("SPDX-2.1");
    assertThatThrownBy(() -> read("{\"schemaVersion\": 1}"))
        .isInstanceOf(ImageFormatException.class).hasMessageContaining("not a CycloneDX or SPDX");
    assertThatThrownBy(() -> read("[1, 2"))
        .isInstanceOf(ImageFormatException.class);
    assertThatThrownBy(() -> read("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": 7}"))
        .isInstanceOf(ImageFormatException.class);
  }

  @Test
  void purlsAreDecoded() {
    PackageUrl p = PackageUrl.parse("pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12#sub/path");
    assertThat(p.version()).isEqualTo("5.2.15-2+b2");
    assertThat(p.qualifiers()).containsEntry("arch", "amd64").containsEntry("distro", "debian-12");
    assertThat(PackageUrl.parse("pkg:npm/%40scope/name@1.0.0").namespace()).isEqualTo("@scope");
    assertThat(PackageUrl.parse("not-a-purl")).isNull();
    assertThat(PackageUrl.parse("pkg:maven")).isNull();
  }
}
