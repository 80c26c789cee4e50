package dev.stowaway.analyzers.lang.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.lang.python.PythonMetadataAnalyzer;
import dev.stowaway.api.analysis.InventoryFinisher;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OsOwnershipFinisherTest {
  private final OsOwnershipFinisher finisher = new OsOwnershipFinisher();
  private static final Location DPKG = new Location(RecordingAnalysisContext.LAYER0.ref(), "var/lib/dpkg/status", null);

  static Package lang(String eco, String name, String version, String path) {
    return Package.builder(eco, name, version).purl("pkg:x/" + name + "@" + version)
        .location(new Location(RecordingAnalysisContext.LAYER0.ref(), path, null)).build();
  }

  @Test
  void languagePackageInstalledByAnOsPackageIsLinkedAndKept() {
    Package deb = Package.builder("Debian:12", "python3-urllib3", "1.26.12-1").purl("pkg:deb/debian/python3-urllib3@1.26.12-1")
        .location(DPKG).installedFiles(List.of("/usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO",
            "/usr/lib/python3/dist-packages/urllib3/__init__.py")).build();
    Package owned = lang("PyPI", "urllib3", "1.26.12", "usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO");
    Package pipInstalled = lang("PyPI", "requests", "2.31.0", "usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA");
    List<Package> out = finisher.finish(null, List.of(deb, owned, pipInstalled));
    assertThat(out).hasSize(3);
    assertThat(out.get(0)).isSameAs(deb);
    assertThat(out.get(1).properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "osPackage", "python3-urllib3 1.26.12-1",
        "osPackageEcosystem", "Debian:12",
        "osPackagePurl", "pkg:deb/debian/python3-urllib3@1.26.12-1"));
    assertThat(out.get(1)).usingRecursiveComparison().ignoringFields("properties").isEqualTo(owned);
    assertThat(out.get(2)).isSameAs(pipInstalled);
  }

  @Test
  void withoutOsFileListsTheInventoryIsReturnedAsIs() {
    List<Package> in = List.of(lang("npm", "lodash", "4.17.20", "srv/web/node_modules/lodash/package.json"));
    assertThat(finisher.finish(null, in)).isSameAs(in);
  }

  @Test
  void languagePackagesNeverOwnEachOther() {
    Package weird = Package.builder("npm", "x", "1").location(DPKG).installedFiles(List.of("a/b.jar")).build();
    Package jar = lang("Maven", "g:a", "1", "a/b.jar");
    assertThat(finisher.finish(null, List.of(weird, jar)).get(1)).isSameAs(jar);
  }

  /**
   * The real debian-app image: every Python distribution in dist-packages came from a Debian python3-*
   * package (expected/debian-app.json python_dist_dirs), and each one is linked to it through the dpkg file
   * lists of the unpacked root file system.
   */
  @Test
  void realDebianAppPythonPackagesAreLinkedToTheirDpkgOwners() throws IOException {
    Path root = SharedTestData.corpus().resolve("rootfs/debian-app");
    List<Package> inventory = new ArrayList<>();
    Path info = root.resolve("var/lib/dpkg/info");
    try (var lists = Files.list(info)) {
      for (Path list : lists.filter(p -> p.getFileName().toString().endsWith(".list")).sorted().toList()) {
        String name = list.getFileName().toString().replaceFirst("(:[a-z0-9]+)?\\.list$", "");
        inventory.add(Package.builder("Debian:12", name, "v").location(DPKG)
            .installedFiles(Files.readAllLines(list)).build());
      }
    }
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    String dist = "usr/lib/python3/dist-packages/";
    try (var dirs = Files.list(root.resolve(dist))) {
      for (Path d : dirs.filter(p -> p.getFileName().toString().endsWith("-info")).sorted().toList()) {
        String n = d.getFileName().toString();
        String rel = dist + n + (Files.isDirectory(d) ? (n.endsWith(".dist-info") ? "/METADATA" : "/PKG-INFO") : "");
        ctx.feed(new PythonMetadataAnalyzer(), rel, root.resolve(rel), false);
      }
    }
    assertThat(ctx.packages).hasSize(8);
    inventory.addAll(ctx.packages);
    Map<String, String> owners = new TreeMap<>();
    for (Package p : finisher.finish(null, inventory)) {
      if (p.ecosystem().equals("PyPI")) {
        owners.put(p.name(), p.properties().get("osPackage"));
      }
    }
    assertThat(owners).containsExactlyInAnyOrderEntriesOf(Map.of(
        "PyYAML", "python3-yaml v", "certifi", "python3-certifi v", "chardet", "python3-chardet v",
        "charset-normalizer", "python3-charset-normalizer v", "idna", "python3-idna v",
        "requests", "python3-requests v", "six", "python3-six v", "urllib3", "python3-urllib3 v"));
  }

  @Test
  void registeredWithServiceLoader() {
    assertThat(ServiceLoader.load(InventoryFinisher.class).stream().map(ServiceLoader.Provider::type))
        .contains(OsOwnershipFinisher.class);
  }
}
