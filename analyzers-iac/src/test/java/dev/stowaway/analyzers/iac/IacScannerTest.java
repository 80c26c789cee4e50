package dev.stowaway.analyzers.iac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.analyzers.iac.IacScanner.FileKind;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.MisconfigurationFinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IacScannerTest {
  @TempDir Path dir;

  private Path write(String rel, String content) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = IacScannerTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "Dockerfile, DOCKERFILE", "dockerfile, DOCKERFILE", "Containerfile, DOCKERFILE", "api.Dockerfile, DOCKERFILE",
      "Dockerfile.prod, DOCKERFILE", "Containerfile.dev, DOCKERFILE", "deploy.yaml, YAML", "svc.YML, YAML",
      "Dockerfile-notes.txt, OTHER", "README.md, OTHER", "values.json, OTHER"})
  void fileKinds(String name, FileKind kind) {
    assertThat(IacScanner.kindOf(name)).isEqualTo(kind);
  }

  @Test
  void scansATreeSkippingVendorDirectories() throws IOException {
    write("Dockerfile", "FROM debian:12.8\nUSER app\nHEALTHCHECK CMD true\nRUN apt-get update\n");
    write("svc/api/Dockerfile.prod", "FROM node\n");
    write("svc/web/web.Containerfile", "FROM nginx:1.27\nUSER nginx\nHEALTHCHECK CMD true\nEXPOSE 22\n");
    write("deploy/app.yaml", resource("/k8s/insecure-app.yaml"));
    write("compose.yaml", "services:\n  web:\n    image: nginx:latest\n");
    write(".git/Dockerfile", "FROM x:latest\n");
    write("node_modules/pkg/Dockerfile", "FROM x:latest\n");
    write("notes.txt", "FROM x:latest\n");
    IacScanner.Result r = IacScanner.scan(dir);
    assertThat(r.files()).containsExactly("Dockerfile", "deploy/app.yaml", "svc/api/Dockerfile.prod",
        "svc/web/web.Containerfile");
    assertThat(r.issues()).isEmpty();
    assertThat(r.findings().stream().filter(f -> !f.location().path().equals("deploy/app.yaml"))
        .map(f -> f.location().path() + ":" + f.line() + " " + f.id()))
        .containsExactly(
            "Dockerfile:4 DS011",
            "svc/api/Dockerfile.prod:1 DS002", "svc/api/Dockerfile.prod:1 DS004", "svc/api/Dockerfile.prod:1 DS022",
            "svc/web/web.Containerfile:4 DS020");
    assertThat(r.findings()).allSatisfy(f -> assertThat(f.location().layer()).isNull());
    assertThat(r.findings().stream().filter(f -> f.location().path().equals("deploy/app.yaml")))
        .extracting(MisconfigurationFinding::id).contains("K8S002", "K8S003", "K8S015").hasSize(19);
  }

  @Test
  void singleFileAnyName() throws IOException {
    Path p = write("build/app.df", "FROM alpine:latest\n");
    IacScanner.Result r = IacScanner.scan(p);
    assertThat(r.files()).containsExactly("app.df");
    assertThat(r.findings()).extracting(f -> f.id() + "@" + f.line() + " " + f.location().path())
        .contains("DS001@1 app.df");
    Path m = write("k8s/pod.txt", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n"
        + "  containers: []\n");
    assertThat(IacScanner.scan(m).findings()).extracting(MisconfigurationFinding::id).contains("K8S002");
  }

  @Test
  @Timeout(20)
  void malformedInputsGiveIssuesWithLines() throws IOException {
    write("Dockerfile", "FROM debian:12.8\nUSER app\nRUN <<EOF\necho never closed\n");
    write("k8s/bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n");
    IacScanner.Result r = IacScanner.scan(dir);
    assertThat(r.issues()).extracting(AnalysisIssue::analyzer, i -> i.location().path(), AnalysisIssue::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dockerfile", "Dockerfile",
                "line 3: unterminated here-document <<EOF (started on line 3)"),
            org.assertj.core.groups.Tuple.tuple("kubernetes", "k8s/bad.yaml",
                r.issues().get(1).message()));
    assertThat(r.issues().get(1).message()).startsWith("line 5: invalid YAML");
  }

  @Test
  @Timeout(30)
  void fiftyMegabyteManifestIsSkippedWithAnIssue() throws IOException {
    Path big = dir.resolve("huge.yaml");
    try (OutputStream out = Files.newOutputStream(big)) {
      out.write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n".getBytes(StandardCharsets.UTF_8));
      byte[] line = "  k: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n"
          .getBytes(StandardCharsets.UTF_8);
      for (long written = 0; written < 50_000_000L; written += line.length) {
        out.write(line);
      }
    }
    IacScanner.Result r = IacScanner.scan(dir);
    assertThat(r.findings()).isEmpty();
    assertThat(r.issues()).singleElement().satisfies(i -> {
      assertThat(i.location().path()).isEqualTo("huge.yaml");
      assertThat(i.message()).startsWith("line 0: file of ").contains("larger than");
    });
  }

  @Test
  void missingPathIsAnException() {
    assertThatThrownBy(() -> IacScanner.scan(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
  }
}
