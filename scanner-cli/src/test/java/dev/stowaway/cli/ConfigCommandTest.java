package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowaway config}: Dockerfiles and manifests before the build. */
class ConfigCommandTest {

  @TempDir
  Path tmp;

  static final String DOCKERFILE = """
      FROM debian:latest
      RUN apt-get update && apt-get install curl
      EXPOSE 22
      CMD ["bash"]
      """;

  @Test
  void checksADirectoryAndReportsFileAndLine() throws IOException {
    Files.writeString(tmp.resolve("Dockerfile"), DOCKERFILE);
    CliRunner r = CliRunner.run("config", "-f", "json", tmp.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"kind\" : \"misconfiguration\"").contains("\"path\" : \"Dockerfile\"")
        .contains("\"line\" : 3");
  }

  @Test
  void failOnGivesExitCodeOne() throws IOException {
    Path f = Files.writeString(tmp.resolve("Dockerfile"), DOCKERFILE);
    assertThat(CliRunner.run("config", "--fail-on", "low", f.toString()).exitCode()).isEqualTo(1);
    Path clean = Files.writeString(tmp.resolve("clean.Dockerfile"), """
        FROM debian:12.5@sha256:0000000000000000000000000000000000000000000000000000000000000000
        USER 1000
        HEALTHCHECK CMD ["true"]
        CMD ["bash"]
        """);
    CliRunner ok = CliRunner.run("config", "--fail-on", "critical", clean.toString());
    assertThat(ok.exitCode()).as(ok.out()).isZero();
  }

  @Test
  void complianceReportPassesOrFailsPerControl() throws IOException {
    Path f = Files.writeString(tmp.resolve("Dockerfile"), DOCKERFILE);
    CliRunner r = CliRunner.run("config", "--compliance", "docker-cis-1.6", f.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("FAIL").contains("FAILED");
  }

  @Test
  void missingPathAndUnknownBenchmarkAreUsageErrors() {
    CliRunner missing = CliRunner.run("config", tmp.resolve("nope").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).startsWith("stowaway: ").contains("nope");
    CliRunner bench = CliRunner.run("config", "--compliance", "nist", tmp.toString());
    assertThat(bench.exitCode()).isEqualTo(2);
    assertThat(bench.err()).contains("unknown benchmark 'nist'");
  }
}
