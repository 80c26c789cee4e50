package dev.stowaway.analyzers.lang.npm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.InventoryFinisher;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class NpmInventoryFinisherTest {

  static final LayerRef L3 = new LayerRef(3, Digest.sha256Of("l3"));

  static Package npm(String name, String version, String path, String... props) {
    Package.Builder b = Package.builder("npm", name, version).purl("pkg:npm/" + name + "@" + version)
        .location(new Location(L3, path, null));
    for (int i = 0; i < props.length; i += 2) {
      b.property(props[i], props[i + 1]);
    }
    return b.build();
  }

  static List<String> run(Package... in) {
    return new NpmInventoryFinisher().finish(null, List.of(in)).stream()
        .map(p -> p.name() + "@" + p.version() + " " + p.location().path() + (p.properties().containsKey("dev") ? " dev" : ""))
        .toList();
  }

  @Test
  void installedCopyWinsOverBothLockFilesAndInheritsTheDevFlag() {
    assertThat(run(
        npm("debug", "2.6.9", "srv/web/package-lock.json", "dev", "true"),
        npm("debug", "2.6.9", "srv/web/node_modules/.package-lock.json"),
        npm("debug", "2.6.9", "srv/web/node_modules/debug/package.json")))
        .containsExactly("debug@2.6.9 srv/web/node_modules/debug/package.json dev");
  }

  @Test
  void lockEntryWithoutInstalledCopyIsKeptOncePreferringPackageLock() {
    assertThat(run(
        npm("ms", "2.0.0", "srv/web/node_modules/.package-lock.json"),
        npm("ms", "2.0.0", "srv/web/package-lock.json")))
        .containsExactly("ms@2.0.0 srv/web/package-lock.json");
  }

  @Test
  void nestedInstalledCopiesAndOtherProjectsAndVersionsStaySeparate() {
    assertThat(run(
        npm("ms", "2.0.0", "srv/web/node_modules/ms/package.json"),
        npm("ms", "2.0.0", "srv/web/node_modules/debug/node_modules/ms/package.json"),
        npm("ms", "2.1.3", "srv/web/package-lock.json"),
        npm("ms", "2.0.0", "opt/other/package-lock.json")))
        .containsExactlyInAnyOrder(
            "ms@2.0.0 srv/web/node_modules/ms/package.json",
            "ms@2.0.0 srv/web/node_modules/debug/node_modules/ms/package.json",
            "ms@2.1.3 srv/web/package-lock.json",
            "ms@2.0.0 opt/other/package-lock.json");
  }

  @Test
  void otherEcosystemsPassThroughUntouched() {
    Package deb = Package.builder("Debian:12", "bash", "5.2").location(new Location(L3, "var/lib/dpkg/status", null)).build();
    assertThat(new NpmInventoryFinisher().finish(null, List.of(deb))).containsExactly(deb);
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(InventoryFinisher.class).stream().map(ServiceLoader.Provider::type))
        .contains(NpmInventoryFinisher.class);
  }
}
