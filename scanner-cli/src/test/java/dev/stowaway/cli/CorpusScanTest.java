package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Scans the real images built by {@code ../shared/scripts/build-test-images.sh} in every form it writes
 * (OCI layout, docker-archive, OCI archive, and the zstd variant) and checks the result against the
 * corpus's ground truth ({@code expected/<name>.json}): layer count, diffIDs, history, OS. Runs in CI.
 */
class CorpusScanTest {

  private static final Scanner SCANNER = Scanner.builder().build();

  @TestFactory
  Stream<DynamicTest> everyCorpusImageInEveryForm() throws IOException {
    Path corpus = SharedTestData.corpus();
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(corpus.resolve("expected"))) {
      for (Path expectedFile : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonObject expected = Json.parseObject(Files.readAllBytes(expectedFile), expectedFile.toString());
        String name = expected.requireString("image");
        for (String spec : forms(corpus, name)) {
          tests.add(DynamicTest.dynamicTest(spec, () -> check(spec, expected)));
        }
      }
    }
    assertThat(tests).isNotEmpty();
    return tests.stream();
  }

  static List<String> forms(Path corpus, String name) {
    List<String> specs = new ArrayList<>();
    List<String> names = new ArrayList<>(List.of(name));
    if (Files.isDirectory(corpus.resolve("oci/" + name + "-zstd"))) {
      names.add(name + "-zstd");
    }
    for (String n : names) {
      if (Files.isDirectory(corpus.resolve("oci/" + n))) {
        specs.add("oci:" + corpus.resolve("oci/" + n));
      }
      if (Files.isRegularFile(corpus.resolve(n + ".docker.tar"))) {
        specs.add("docker-archive:" + corpus.resolve(n + ".docker.tar"));
      }
      if (Files.isRegularFile(corpus.resolve(n + ".oci.tar"))) {
        specs.add("oci-archive:" + corpus.resolve(n + ".oci.tar"));
      }
    }
    return specs;
  }

  static void check(String spec, JsonObject expected) throws IOException {
    ScanResult r;
    try (Image image = ImageSources.open(spec, SourceOptions.defaults())) {
      r = SCANNER.scan(image);
    }
    List<JsonObject> layers = expected.objects("layers");
    assertThat(r.artifact().layers()).hasSize(layers.size());
    for (int i = 0; i < layers.size(); i++) {
      LayerInfo actual = r.artifact().layers().get(i);
      assertThat(actual.diffId()).isEqualTo(Digest.parse(layers.get(i).requireString("diff_id")));
      assertThat(actual.createdBy()).isEqualTo(layers.get(i).string("created_by"));
    }
    assertThat(r.os()).isNotNull();
    assertThat(r.os().id()).isEqualTo("debian");
    assertThat(r.os().versionId()).isEqualTo("12");
    assertThat(r.issues()).noneMatch(i -> i.analyzer().equals("walker"));

    checkLanguagePackages(r, expected);

    // Every dpkg package, with version, architecture and source package, exactly as dpkg-query saw them.
    List<String> expectedDebs = new ArrayList<>();
    for (JsonObject d : expected.objects("debs")) {
      expectedDebs.add(d.requireString("name") + " " + d.requireString("version") + " " + d.requireString("arch")
          + " " + d.requireString("source") + " " + d.requireString("source_version"));
    }
    List<String> actualDebs = r.packages().stream().filter(p -> p.ecosystem().equals("Debian:12"))
        .map(p -> p.name() + " " + p.version() + " " + p.arch() + " " + p.sourceName() + " " + p.sourceVersion())
        .toList();
    assertThat(actualDebs).containsExactlyInAnyOrderElementsOf(expectedDebs);
    assertThat(r.packages()).filteredOn(p -> p.ecosystem().equals("Debian:12"))
        .allSatisfy(p -> assertThat(p.purl()).startsWith("pkg:deb/debian/").contains("distro=debian-12"));
    // Packages a later apt layer installed are attributed to that layer, the base ones to the base layer.
    if (expected.has("layer2_requested_debs")) {
      for (String requested : expected.strings("layer2_requested_debs")) {
        assertThat(r.packages()).filteredOn(p -> p.name().equals(requested)).singleElement()
            .satisfies(p -> assertThat(p.location().layer().index()).isEqualTo(1));
      }
      assertThat(r.packages()).filteredOn(p -> p.name().equals("base-files")).singleElement()
          .satisfies(p -> assertThat(p.location().layer().index()).isZero());
      // The visible status file is layer 1's, but base packages' file lists and copyrights are in layer 0.
      assertThat(r.packages()).filteredOn(p -> p.name().equals("bash")).singleElement().satisfies(p -> {
        assertThat(p.installedFiles()).contains("bin/bash");
        assertThat(p.licenses()).isNotEmpty();
      });
    }
  }

  /**
   * Maven jars in app/lib and nested in the fat jar, each with group, artifact and version; the npm tree as
   * installed under srv/web (each package at its node_modules path, dev flags as the lock file says; the
   * lock file's list is what {@code npm ls --all --json} prints for that folder); Python dist folders, each
   * linked to the Debian package that installed it.
   */
  static void checkLanguagePackages(ScanResult r, JsonObject expected) throws IOException {
    if (expected.has("jars")) {
      List<String> gavs = new ArrayList<>();
      java.util.Map<String, String> libVersions = new java.util.HashMap<>();
      for (JsonObject a : expected.object("jars").objects("artifacts")) {
        gavs.add(a.requireString("group") + ":" + a.requireString("artifact") + "@" + a.requireString("version"));
        libVersions.put(a.requireString("artifact"), a.requireString("version"));
      }
      List<String> inAppLib = r.packages().stream()
          .filter(p -> p.ecosystem().equals("Maven") && p.location().path().startsWith("app/lib/")
              && p.location().nestedPath() == null)
          .map(p -> p.name() + "@" + p.version()).toList();
      assertThat(inAppLib).containsExactlyInAnyOrderElementsOf(gavs);
      assertThat(r.packages()).filteredOn(p -> p.name().equals("org.apache.logging.log4j:log4j-core"))
          .extracting(p -> p.location().path() + "!" + p.location().nestedPath())
          .contains("app/demo-app.jar!BOOT-INF/lib/log4j-core-2.14.1.jar");
      JsonObject fat = expected.object("jars").object("fat_jar");
      if (fat != null) {
        String fatPath = fat.requireString("path").substring(1);
        List<dev.stowaway.api.model.Package> inFat = r.packages().stream()
            .filter(p -> p.ecosystem().equals("Maven") && p.location().path().equals(fatPath)).toList();
        // the fat jar itself, by its pom.properties
        String[] gav = fat.requireString("gav").split(":");
        assertThat(inFat).filteredOn(p -> p.location().nestedPath() == null)
            .extracting(p -> p.name() + "@" + p.version()).containsExactly(gav[0] + ":" + gav[1] + "@" + gav[2]);
        // every nested jar, with a group (name group:artifact, a purl) and the version the same build put in app/lib
        List<dev.stowaway.api.model.Package> nested = inFat.stream().filter(p -> p.location().nestedPath() != null).toList();
        List<String> nestedArtifacts = nested.stream().map(p -> p.name().substring(p.name().indexOf(':') + 1)).toList();
        assertThat(nestedArtifacts).containsExactlyInAnyOrderElementsOf(fat.strings("nested_artifact_ids"));
        for (dev.stowaway.api.model.Package p : nested) {
          String artifact = p.name().substring(p.name().indexOf(':') + 1);
          assertThat(p.name()).as("group of " + artifact).contains(":");
          assertThat(p.purl()).isEqualTo("pkg:maven/" + p.name().replace(':', '/') + "@" + p.version());
          assertThat(p.location().nestedPath()).isEqualTo(fat.requireString("nested_dir") + artifact + "-"
              + p.version() + ".jar");
          if (libVersions.containsKey(artifact)) {
            assertThat(p.version()).as(artifact).isEqualTo(libVersions.get(artifact));
          }
        }
        assertThat(nested).extracting(p -> p.name() + "@" + p.version())
            .contains("org.apache.logging.log4j:log4j-core@2.14.1", "org.apache.logging.log4j:log4j-api@2.14.1");
      }
    }
    if (expected.has("npm")) {
      JsonObject npmTruth = expected.object("npm");
      String dir = npmTruth.requireString("dir").substring(1) + "/";
      List<String> npm = new ArrayList<>();
      List<String> tree = new ArrayList<>();
      for (JsonObject n : npmTruth.objects("packages")) {
        npm.add(n.requireString("name") + "@" + n.requireString("version"));
        tree.add(dir + n.requireString("path") + "/package.json " + n.requireString("name") + "@"
            + n.requireString("version") + (Boolean.TRUE.equals(n.bool("dev")) ? " dev" : ""));
      }
      List<dev.stowaway.api.model.Package> found = r.packages().stream().filter(p -> p.ecosystem().equals("npm")).toList();
      assertThat(found.stream().map(p -> p.name() + "@" + p.version())).containsExactlyInAnyOrderElementsOf(npm);
      // the tree: every package at the node_modules path npm installed it to
      assertThat(found.stream().map(p -> p.location().path() + " " + p.name() + "@" + p.version()
          + ("true".equals(p.properties().get("dev")) ? " dev" : ""))).containsExactlyInAnyOrderElementsOf(tree);
    }
    if (expected.has("python_dist_dirs")) {
      List<String> dists = new ArrayList<>();
      for (String dir : expected.strings("python_dist_dirs")) {
        String stem = dir.substring(0, dir.lastIndexOf('.'));
        int dash = stem.indexOf('-');
        dists.add(stem.substring(0, dash).toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "@" + stem.substring(dash + 1));
      }
      List<dev.stowaway.api.model.Package> python = r.packages().stream().filter(p -> p.ecosystem().equals("PyPI")).toList();
      assertThat(python.stream().map(p -> p.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "@" + p.version()))
          .containsExactlyInAnyOrderElementsOf(dists);
      // each is Debian's build: linked to the python3-* package that installed it, at its dpkg version
      java.util.Map<String, String> debVersions = new java.util.HashMap<>();
      for (JsonObject d : expected.objects("debs")) {
        debVersions.put(d.requireString("name"), d.requireString("version"));
      }
      for (dev.stowaway.api.model.Package p : python) {
        String owner = p.properties().get("osPackage");
        assertThat(owner).as("dpkg owner of " + p.name()).isNotNull().startsWith("python3-");
        String deb = owner.substring(0, owner.indexOf(' '));
        assertThat(owner).isEqualTo(deb + " " + debVersions.get(deb));
        assertThat(p.properties()).containsEntry("osPackageEcosystem", "Debian:12");
      }
      assertThat(python).filteredOn(p -> p.name().equals("urllib3")).singleElement()
          .satisfies(p -> assertThat(p.properties().get("osPackage")).startsWith("python3-urllib3 "));
      assertThat(python).filteredOn(p -> p.name().equals("PyYAML")).singleElement()
          .satisfies(p -> assertThat(p.properties().get("osPackage")).startsWith("python3-yaml "));
    }
  }
}
