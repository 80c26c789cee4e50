package dev.stowaway.analyzers.secrets;

import dev.stowaway.core.testing.RecordingConfigContext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import dev.stowaway.core.testing.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The planted secrets of the real debian-app image (ground truth in expected/debian-app.json). */
class DebianAppCorpusTest {

  private static String expectedValue(String json, String kind) {
    Matcher m = Pattern.compile("\"kind\"\\s*:\\s*\"" + kind + "\"\\s*,\\s*\"value\"\\s*:\\s*\"([^\"]+)\"")
        .matcher(json);
    assertThat(m.find()).as(kind + " in expected json").isTrue();
    return m.group(1);
  }

  @Test
  void plantedSecretsAreFoundInFilesEnvAndHistory() throws Exception {
    Path corpus = SharedTestData.corpus();
    String json = Files.readString(corpus.resolve("expected/debian-app.json"));
    String keyId = expectedValue(json, "aws_access_key_id");
    String secret = expectedValue(json, "aws_secret_access_key");
    String token = expectedValue(json, "github_token");

    SecretFileAnalyzer files = new SecretFileAnalyzer();
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    // the credentials file is deleted by a later layer, so it is not in the rootfs: rebuild it
    String credentials = "[default]\naws_access_key_id = " + keyId + "\naws_secret_access_key = " + secret + "\n";
    assertThat(ctx.feed(files, "root/.aws/credentials", credentials)).isTrue();
    assertThat(ctx.feed(files, "etc/ssl/private/test.key",
        corpus.resolve("rootfs/debian-app/etc/ssl/private/test.key"), true)).isTrue();
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.findings).extracting(f -> ((SecretFinding) f).id() + "@" + f.location().path() + ":"
        + ((SecretFinding) f).line()).containsExactlyInAnyOrder(
            "aws-access-key-id@root/.aws/credentials:2",
            "aws-secret-access-key@root/.aws/credentials:3",
            "private-key-pkcs8@etc/ssl/private/test.key:1");
    assertThat(ctx.findings).extracting(f -> ((SecretFinding) f).redacted())
        .contains(keyId.substring(0, 4) + "****", secret.substring(0, 4) + "****");

    ImageConfig config = new ImageConfig("linux", "amd64", Instant.EPOCH, "app",
        List.of("PATH=/usr/bin", "GITHUB_TOKEN=" + token), List.of(), Map.of(), List.of(), List.of("sh"), "/",
        List.of(), List.of(new HistoryEntry(Instant.EPOCH, "/bin/sh -c #(nop) ADD file:abc in /", null, false),
            new HistoryEntry(Instant.EPOCH, "ENV GITHUB_TOKEN=" + token, null, true)), List.of());
    RecordingConfigContext cctx = new RecordingConfigContext();
    new SecretConfigAnalyzer().analyze(config, cctx);
    assertThat(cctx.findings).extracting(f -> ((SecretFinding) f).id() + "@" + f.location().path() + "/"
        + f.location().nestedPath()).containsExactlyInAnyOrder("github-pat@config/Env/GITHUB_TOKEN",
            "github-pat@history[1]/null");
  }

  @Test
  void fullScanOfTheImageReportsTheDeletedAwsKeysAsRemovedAndNothingFromTheBase() throws Exception {
    Path tar = SharedTestData.corpus().resolve("debian-app.docker.tar");
    ScanResult result;
    try (Image image = ImageSources.open("docker-archive:" + tar, SourceOptions.defaults())) {
      result = Scanner.builder().build().scan(image);
    }
    List<String> secrets = new ArrayList<>();
    for (Finding f : result.findings()) {
      if (f instanceof SecretFinding s) {
        secrets.add(s.id() + "@" + s.location().path() + (s.removed() ? " removed" : "")
            + (s.location().nestedPath() != null ? " " + s.location().nestedPath() : ""));
      }
    }
    assertThat(secrets).contains("aws-access-key-id@root/.aws/credentials removed",
        "aws-secret-access-key@root/.aws/credentials removed", "private-key-pkcs8@etc/ssl/private/test.key",
        "github-pat@config Env/GITHUB_TOKEN");
    assertThat(result.issues()).as("issues from the secret analyzers other than the skip counts")
        .filteredOn(i -> i.analyzer().startsWith("secrets"))
        .allSatisfy(i -> assertThat(i.message()).startsWith(SecretFileAnalyzer.SKIPPED_PREFIX));
    assertThat(result.analyzers()).extracting(a -> a.id()).contains("secrets", "secrets-config");
    assertThat(secrets).as("secrets outside the planted ones").allMatch(s -> s.contains("root/.aws/credentials")
        || s.contains("etc/ssl/private/test.key") || s.contains("github-pat@"));
  }
}
