package dev.stowaway.analyzers.os.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.InventoryFinisher;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OsPackageEcosystemFinisherTest {

  private final OsPackageEcosystemFinisher finisher = new OsPackageEcosystemFinisher();

  private static Package pkg(String type, String purl) {
    return Package.builder(type, "curl", "7.88.1-10+deb12u5").purl(purl).arch("amd64")
        .location(new Location(null, "var/lib/dpkg/status", null)).build();
  }

  private static OsRelease os(String id, String versionId, String version) {
    return new OsRelease(id, versionId, version, null, null, null, List.of());
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      // id | versionId | version | type | emitted purl | ecosystem | purl
      "debian | 12 | 12 (bookworm) | deb | pkg:deb/curl@7.88.1-10%2Bdeb12u5?arch=amd64 | Debian:12 | pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12",
      "debian | 10.8 | NULL | deb | pkg:deb/curl@1?arch=amd64 | Debian:10 | pkg:deb/debian/curl@1?arch=amd64&distro=debian-10",
      "debian | 6.0.10 | NULL | deb | pkg:deb/curl@1?arch=amd64 | Debian:6.0 | pkg:deb/debian/curl@1?arch=amd64&distro=debian-6",
      "debian | NULL | bookworm/sid | deb | pkg:deb/curl@1?arch=amd64 | deb | pkg:deb/debian/curl@1?arch=amd64",
      "alpine | NULL | NULL | apk | pkg:apk/curl@1 | apk | pkg:apk/alpine/curl@1",
      "ubuntu | 22.04 | 22.04.4 LTS (Jammy Jellyfish) | deb | pkg:deb/curl@1%3A2?arch=arm64 | Ubuntu:22.04:LTS | pkg:deb/ubuntu/curl@1%3A2?arch=arm64&distro=ubuntu-22.04",
      "ubuntu | 23.10 | 23.10 (Mantic Minotaur) | deb | pkg:deb/curl@1?arch=amd64 | Ubuntu:23.10 | pkg:deb/ubuntu/curl@1?arch=amd64&distro=ubuntu-23.10",
      "ubuntu | 10.04 | NULL | deb | pkg:deb/curl@1 | Ubuntu:10.04:LTS | pkg:deb/ubuntu/curl@1?distro=ubuntu-10.04",
      "alpine | 3.19.1 | NULL | apk | pkg:apk/curl@8.5.0-r0?arch=x86_64 | Alpine:v3.19 | pkg:apk/alpine/curl@8.5.0-r0?arch=x86_64&distro=alpine-3.19",
      "wolfi | 20230201 | NULL | apk | pkg:apk/curl@8.5.0-r0?arch=x86_64 | Wolfi | pkg:apk/wolfi/curl@8.5.0-r0?arch=x86_64&distro=wolfi-20230201",
      "chainguard | NULL | NULL | apk | pkg:apk/curl@8.5.0-r0?arch=x86_64 | Chainguard | pkg:apk/chainguard/curl@8.5.0-r0?arch=x86_64",
      "rhel | 9.4 | 9.4 (Plow) | rpm | pkg:rpm/curl@7.76.1-29.el9?arch=x86_64&epoch=1 | Red Hat | pkg:rpm/redhat/curl@7.76.1-29.el9?arch=x86_64&distro=rhel-9.4&epoch=1",
      "rocky | 9.3 | NULL | rpm | pkg:rpm/curl@1?arch=x86_64 | Rocky Linux:9 | pkg:rpm/rocky/curl@1?arch=x86_64&distro=rocky-9.3",
      "almalinux | 8.4 | NULL | rpm | pkg:rpm/curl@1?arch=x86_64 | AlmaLinux:8 | pkg:rpm/almalinux/curl@1?arch=x86_64&distro=almalinux-8.4",
      "opensuse-leap | 15.5 | NULL | rpm | pkg:rpm/curl@1 | openSUSE:Leap 15.5 | pkg:rpm/opensuse/curl@1?distro=opensuse-leap-15.5",
      "opensuse-tumbleweed | 20220412 | NULL | rpm | pkg:rpm/curl@1 | openSUSE:Tumbleweed | pkg:rpm/opensuse/curl@1?distro=opensuse-tumbleweed-20220412",
      "sles | 15.5 | 15-SP5 | rpm | pkg:rpm/curl@1 | SUSE:Linux Enterprise Server 15 SP5 | pkg:rpm/suse/curl@1?distro=sles-15.5",
      "sles | 15 | 15 | rpm | pkg:rpm/curl@1 | SUSE:Linux Enterprise Server 15 | pkg:rpm/suse/curl@1?distro=sles-15",
      "sle-micro | 5.3 | 5.3 | rpm | pkg:rpm/curl@1 | SUSE:Linux Enterprise Micro 5.3 | pkg:rpm/suse/curl@1?distro=sle-micro-5.3",
      "photon | 5.0 | 5.0 | rpm | pkg:rpm/curl@1 | Photon OS:5.0 | pkg:rpm/photon/curl@1?distro=photon-5.0",
      "mageia | 9 | 9 | rpm | pkg:rpm/curl@1 | Mageia:9 | pkg:rpm/mageia/curl@1?distro=mageia-9",
      "azurelinux | 3.0 | 3.0.20240624 | rpm | pkg:rpm/curl@1 | Azure Linux:3 | pkg:rpm/azurelinux/curl@1?distro=azurelinux-3.0",
      "centos | 7 | 7 (Core) | rpm | pkg:rpm/curl@1?arch=x86_64 | rpm | pkg:rpm/centos/curl@1?arch=x86_64&distro=centos-7",
      "ol | 8.10 | 8.10 | rpm | pkg:rpm/curl@1 | rpm | pkg:rpm/oracle/curl@1?distro=ol-8.10",
      // a package of another manager than the OS's is left alone
      "alpine | 3.19.1 | NULL | deb | pkg:deb/curl@1?arch=amd64 | deb | pkg:deb/curl@1?arch=amd64",
      // an OS without a mapping leaves packages as emitted
      "arch | NULL | NULL | rpm | pkg:rpm/curl@1 | rpm | pkg:rpm/curl@1",
      "vyos | 1.4-rolling-202307070317 | NULL | deb | pkg:deb/curl@1 | deb | pkg:deb/curl@1"})
  void rewritesEcosystemAndPurl(String id, String versionId, String version, String type, String emitted,
      String ecosystem, String purl) {
    Package in = pkg(type, emitted);
    List<Package> out = finisher.finish(os(id, versionId, version), List.of(in));
    assertThat(out).singleElement().satisfies(p -> {
      assertThat(p.ecosystem()).isEqualTo(ecosystem);
      assertThat(p.purl()).isEqualTo(purl);
      assertThat(p.name()).isEqualTo(in.name());
      assertThat(p.version()).isEqualTo(in.version());
      assertThat(p.location()).isEqualTo(in.location());
    });
  }

  @Test
  void withoutOsPackagesStayAsEmitted() {
    Package deb = pkg("deb", "pkg:deb/curl@1?arch=amd64");
    Package maven = Package.builder("Maven", "g:a", "1").purl("pkg:maven/g/a@1")
        .location(new Location(null, "app.jar", null)).build();
    assertThat(finisher.finish(null, List.of(deb, maven))).containsExactly(deb, maven);
  }

  @Test
  void languagePackagesAreNeverRewritten() {
    Package maven = Package.builder("Maven", "g:a", "1").purl("pkg:maven/g/a@1")
        .location(new Location(null, "app.jar", null)).build();
    assertThat(finisher.finish(os("debian", "12", null), List.of(maven))).containsExactly(maven);
  }

  @Test
  void packageWithoutPurlStillGetsItsEcosystem() {
    Package p = Package.builder("deb", "x", "1").location(new Location(null, "var/lib/dpkg/status", null)).build();
    assertThat(finisher.finish(os("debian", "12", null), List.of(p)))
        .singleElement().satisfies(q -> {
          assertThat(q.ecosystem()).isEqualTo("Debian:12");
          assertThat(q.purl()).isNull();
        });
  }

  @Test
  void ecosystemForIsExposedForOtherUsers() {
    assertThat(OsPackageEcosystemFinisher.ecosystemFor(os("ubuntu", "24.04", "24.04.1 LTS (Noble Numbat)")))
        .isEqualTo("Ubuntu:24.04:LTS");
    assertThat(OsPackageEcosystemFinisher.ecosystemFor(os("unknown", "4.3.2", null))).isNull();
  }

  @Test
  void purlRoundTrips() {
    OsPackageUrl u = OsPackageUrl.parse("pkg:rpm/redhat/glibc@2.34-100.el9?epoch=2&arch=x86_64");
    assertThat(u).isEqualTo(new OsPackageUrl("rpm", "redhat", "glibc", "2.34-100.el9",
        Map.of("arch", "x86_64", "epoch", "2")));
    assertThat(u.toString()).isEqualTo("pkg:rpm/redhat/glibc@2.34-100.el9?arch=x86_64&epoch=2");
    assertThat(new OsPackageUrl("deb", null, "libstdc++6", "1:12.2.0-14", Map.of("arch", "amd64")).toString())
        .isEqualTo("pkg:deb/libstdc%2B%2B6@1%3A12.2.0-14?arch=amd64");
    assertThat(OsPackageUrl.parse("pkg:deb/libstdc%2B%2B6@1%3A12.2.0-14?arch=amd64").name()).isEqualTo("libstdc++6");
    assertThat(OsPackageUrl.parse("not a purl")).isNull();
    assertThat(OsPackageUrl.parse("pkg:deb")).isNull();
  }

  @Test
  void isRegisteredWithServiceLoader() {
    assertThat(ServiceLoader.load(InventoryFinisher.class).stream().map(ServiceLoader.Provider::type))
        .contains(OsPackageEcosystemFinisher.class);
  }
}
