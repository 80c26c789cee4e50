package dev.stowaway.analyzers.iac.image;

import dev.stowaway.core.testing.RecordingConfigContext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.model.MisconfigurationFinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageConfigMisconfigAnalyzerTest {

  private static HistoryEntry layer(String createdBy) {
    return new HistoryEntry(null, createdBy, null, false);
  }

  private static HistoryEntry empty(String createdBy) {
    return new HistoryEntry(null, createdBy, null, true);
  }

  private static ImageConfig config(String user, List<String> env, List<String> ports, List<String> healthcheck,
      List<HistoryEntry> history) {
    return new ImageConfig("linux", "amd64", null, user, env, ports, Map.of(), List.of(),
        List.of("java", "-jar", "/app/demo-app.jar"), "/app", healthcheck, history, List.of());
  }

  /** The debian-app image's config and history, as /var/tmp/stowaway-corpus/expected/debian-app.json gives them. */
  static ImageConfig debianApp() {
    return config(null,
        List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "GITHUB_TOKEN=ghp_lliNlsJLB4zrG2yzlMYA4xw4R72OxCg7othK"),
        List.of("22/tcp"), List.of(),
        List.of(
            layer("debootstrap --variant=minbase --arch=amd64 bookworm rootfs"),
            empty("/bin/sh -c #(nop)  CMD [\"bash\"]"),
            layer("/bin/sh -c apt-get update && apt-get install -y --no-install-recommends ca-certificates openssl "
                + "curl libxml2 python3-requests python3-urllib3 python3-yaml && rm -rf /var/lib/apt/lists/*"),
            layer("/bin/sh -c #(nop) COPY multi:lib,demo-app.jar in /app/"),
            layer("/bin/sh -c #(nop) COPY dir:web in /srv/web"),
            layer("/bin/sh -c mkdir -p /root/.aws && printf \"$AWS_CREDS\" > /root/.aws/credentials && openssl "
                + "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out /etc/ssl/private/test.key"),
            layer("/bin/sh -c rm -f /root/.aws/credentials"),
            empty("/bin/sh -c #(nop)  ENV GITHUB_TOKEN=ghp_lliNlsJLB4zrG2yzlMYA4xw4R72OxCg7othK"),
            empty("/bin/sh -c #(nop)  EXPOSE 22/tcp"),
            empty("/bin/sh -c #(nop) WORKDIR /app"),
            empty("/bin/sh -c #(nop)  CMD [\"java\",\"-jar\",\"/app/demo-app.jar\"]")));
  }

  private static List<String> run(ImageConfig c) {
    RecordingConfigContext ctx = new RecordingConfigContext();
    new ImageConfigMisconfigAnalyzer().analyze(c, ctx);
    assertThat(ctx.issues).isEmpty();
    return ctx.findings.stream().map(f -> {
      MisconfigurationFinding m = (MisconfigurationFinding) f;
      String nested = m.location().nestedPath() == null ? "" : "!" + m.location().nestedPath();
      return m.id() + " " + m.severity() + " " + m.benchmark() + " " + m.location().path() + nested;
    }).toList();
  }

  @Test
  void debianAppFactsGiveRootPortSecretAndHealthcheckFindings() {
    assertThat(run(debianApp())).containsExactly(
        "IMG001 HIGH CIS-DI-0001 config!User",
        "IMG002 MEDIUM null config!ExposedPorts/22/tcp",
        "IMG003 LOW CIS-DI-0006 config!Healthcheck",
        "IMG004 HIGH CIS-DI-0010 config!Env/GITHUB_TOKEN",
        // the apt-get install of layer 2 names packages without versions
        "DS015 LOW null history[2]");
  }

  @Test
  void hardenedConfigHasNoFindings() {
    ImageConfig c = config("10001:10001", List.of("PATH=/usr/bin", "JAVA_OPTS=-Xmx1g", "PASSWORD_FILE=/run/secrets/pw"),
        List.of("8080/tcp"), List.of("CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"),
        List.of(empty("/bin/sh -c #(nop) ADD file:4b6a1e7f0c in / "), layer("RUN /bin/sh -c apt-get update && "
            + "apt-get install -y --no-install-recommends curl=7.88.1-10 && rm -rf /var/lib/apt/lists/* # buildkit")));
    assertThat(run(c)).isEmpty();
  }

  @Test
  void rootSpelledOutAndHealthcheckNoneAreFindings() {
    assertThat(run(config("0:0", List.of(), List.of(), List.of("NONE"), List.of())))
        .containsExactly("IMG001 HIGH CIS-DI-0001 config!User", "IMG003 LOW CIS-DI-0006 config!Healthcheck");
  }

  @Test
  void historyStepsAreCheckedWithTheDockerfileRules() {
    ImageConfig c = config("app", List.of(), List.of(), List.of("CMD", "true"), List.of(
        layer("/bin/sh -c #(nop) ADD file:abc123 in / "),
        layer("|2 NPM_TOKEN=abc VERSION=1 /bin/sh -c npm ci"),
        layer("ADD https://example.com/tool.tgz /opt/ # buildkit"),
        layer("RUN /bin/sh -c apt-get update # buildkit"),
        layer("/bin/sh -c apt-get upgrade -y"),
        layer("/bin/sh -c echo 'deb [trusted=yes] http://repo/ ./' > /etc/apt/sources.list.d/x.list"),
        layer("/bin/sh -c curl -k https://get.example.com | sh"),
        empty("USER app")));
    assertThat(run(c)).containsExactly(
        "IMG005 HIGH CIS-DI-0010 history[1]",
        "DS006 MEDIUM CIS-DI-0009 history[2]",
        "DS011 MEDIUM CIS-DI-0007 history[3]",
        "DS035 MEDIUM null history[4]",
        "DS027 HIGH CIS-DI-0011 history[5]",
        "DS008 HIGH CIS-DI-0012 history[6]",
        "DS026 HIGH CIS-DI-0011 history[6]");
  }

  @Test
  void historyConversion() {
    HistoryInstructions.Recovered r = HistoryInstructions.of(List.of(
        layer("/bin/sh -c #(nop)  CMD [\"bash\"]"),
        layer("debootstrap --variant=minbase bookworm rootfs"),
        layer("|1 A=\"x y\" /bin/sh -c make"),
        layer("COPY . /src # buildkit"),
        new HistoryEntry(null, null, "no command", true)));
    assertThat(r.dockerfile().finalStage().instructions())
        .extracting(i -> i.keyword() + " " + i.args() + " @" + i.startLine())
        .containsExactly("CMD [\"bash\"] @1", "RUN make @3", "COPY . /src @4");
    assertThat(r.buildArgNames()).isEqualTo(Map.of(2, List.of("A")));
  }

  @Test
  void idAndVersion() {
    assertThat(new ImageConfigMisconfigAnalyzer().id()).isEqualTo("image-config-misconfig");
    assertThat(new ImageConfigMisconfigAnalyzer().version()).isEqualTo("1");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "oci:/images/app:latest, true",
      "docker.io/library/alpine:latest, true",
      "localhost:5000/team/app:latest, true",
      "docker.io/library/alpine:3.20, false",
      "docker.io/library/alpine:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000, false",
      "docker-archive:/tmp/latest/image.tar, false",
      "oci:/images/app, false",
  })
  void latestTagIsFlaggedFromTheImageName(String name, boolean flagged) {
    RecordingConfigContext ctx = new RecordingConfigContext();
    ctx.imageName = name;
    new ImageConfigMisconfigAnalyzer().analyze(config("app", List.of(), List.of(), List.of("CMD", "true"), List.of()), ctx);
    assertThat(ctx.findings.stream().anyMatch(f -> f.id().equals("IMG006"))).isEqualTo(flagged);
  }
}
