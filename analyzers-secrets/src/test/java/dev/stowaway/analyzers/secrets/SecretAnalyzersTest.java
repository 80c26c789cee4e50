package dev.stowaway.analyzers.secrets;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.core.testing.RecordingConfigContext;
import static dev.stowaway.analyzers.secrets.RuleFamilyTest.AN;
import static dev.stowaway.analyzers.secrets.RuleFamilyTest.r;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.ConfigAnalyzer;
import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.api.walk.LayerEntry;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretAnalyzersTest {
  private final SecretFileAnalyzer analyzer = new SecretFileAnalyzer();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "root/.aws/credentials, true",
      "etc/ssl/private/test.key, true",
      "app/.env, true",
      "app/config/application.yml, true",
      "home/u/.ssh/id_rsa, true",
      "app/keystore.p12, true",
      "usr/share/doc/bash/README, false",
      "usr/share/man/man1/ls.1.gz, false",
      "usr/share/locale/de/LC_MESSAGES/x.mo, false",
      "usr/share/zoneinfo/Europe/Berlin, false",
      "etc/ssl/certs/ca-certificates.crt, false",
      "var/lib/dpkg/info/bash.list, false",
      "usr/lib/x86_64-linux-gnu/libssl.so.3, false",
      "app/lib/guava.jar, false",
      "app/static/logo.PNG, false",
      "usr/lib/python3/dist-packages/x.cpython-311.pyc, false",
      "app/Main.class, false",
      "srv/fonts/a.woff2, false",
  })
  void selectorTable(String path, boolean selected) {
    assertThat(analyzer.selector().matches(LayerEntry.file(path, 100))).isEqualTo(selected);
  }

  /** System directories: skipped by default, scanned with the opt-out flag; user directories always scanned. */
  @ParameterizedTest(name = "{0} -> default {1}, with system dirs {2}")
  @CsvSource({
      "usr/share/nodejs/acorn/dist/acorn.js, false, true",
      "usr/include/openssl/evp.h, false, true",
      "usr/lib/python3/dist-packages/requests/auth.py, false, true",
      "/usr/lib/jvm/java-17/conf/security/java.security, false, true",
      "./usr/local/go/src/crypto/tls/handshake_test.go, false, true",
      "usr/local/lib/python3.11/site-packages/botocore/data/x.json, false, true",
      "usr/local/lib/python3/x.py, false, true",
      "opt/yarn-v1.22.19/lib/cli.js, false, true",
      "usr/local/lib/pythonista/x.py, true, true",
      "usr/local/lib/node_modules/x/index.js, true, true",
      "opt/yarn-vx/cli.js, true, true",
      "opt/yarn-v1.22.19, true, true",
      "opt/app/config.yml, true, true",
      "usr/local/bin/entrypoint.sh, true, true",
      "usr/local/etc/app.conf, true, true",
      "usr/src/app/.env, true, true",
      "usr/libexec/x.sh, true, true",
      "usr/shared/x.conf, true, true",
      "etc/environment, true, true",
      "root/.aws/credentials, true, true",
      "home/u/.npmrc, true, true",
      "app/usr/lib/x.js, true, true",
      "usr/share/doc/bash/README, false, false",
  })
  void systemDirectories(String path, boolean byDefault, boolean withSystemDirs) {
    LayerEntry e = LayerEntry.file(path, 100);
    assertThat(analyzer.selector().matches(e)).isEqualTo(byDefault);
    assertThat(new SecretFileAnalyzer(SecretRules.builtIn(), true).selector().matches(e)).isEqualTo(withSystemDirs);
  }

  @Test
  void selectorTakesOnlyRegularFilesUpToTenMiB() {
    assertThat(analyzer.selector().maxSize()).isEqualTo(10L << 20);
    assertThat(analyzer.selector().matches(new LayerEntry("app/.env", EntryType.SYMLINK, 0, 0777, 0, 0, "x",
        Instant.EPOCH))).isFalse();
  }

  @Test
  void findingHasRuleLocationLineRedactionAndFingerprintThroughAOneByteStream() {
    String token = "ghp_" + r(AN, 36);
    byte[] content = ("# deploy\nexport GH=" + token + "\n").getBytes(StandardCharsets.UTF_8);
    for (boolean throttled : new boolean[] {false, true}) {
      RecordingAnalysisContext ctx = new RecordingAnalysisContext();
      assertThat(ctx.feed(analyzer, LayerEntry.file("app/deploy.sh", content.length), content, throttled)).isTrue();
      assertThat(ctx.issues).isEmpty();
      assertThat(ctx.findings).singleElement().isInstanceOfSatisfying(SecretFinding.class, f -> {
        assertThat(f.id()).isEqualTo("github-pat");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.title()).isEqualTo("GitHub personal access token");
        assertThat(f.location()).isEqualTo(ctx.location("app/deploy.sh"));
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.redacted()).isEqualTo("ghp_****");
        assertThat(f.column()).as("after 'export GH='").isEqualTo(11);
        assertThat(f.entropy()).isEqualTo(SecretScanner.entropy(token)).isGreaterThan(4.0);
        assertThat(f.fingerprint()).isEqualTo(SecretScanner.fingerprint("github-pat", "app/deploy.sh",
            RecordingAnalysisContext.LAYER0.diffId().toString(), token));
        assertThat(f.removedIn()).isNull();
      });
    }
  }

  @Test
  void theSameSecretInTwoLayersHasTwoFingerprintsStableAcrossRuns() {
    String token = "ghp_" + r(AN, 36);
    List<String> fingerprints = new java.util.ArrayList<>();
    for (String layer : new String[] {"layer-a", "layer-b", "layer-a"}) {
      RecordingAnalysisContext ctx = new RecordingAnalysisContext(
          new LayerCoordinates(0, Digest.sha256Of(layer), null), ScanLimits.defaults());
      ctx.feed(analyzer, "app/deploy.sh", "GH=" + token + "\n");
      assertThat(ctx.findings).singleElement().isInstanceOf(SecretFinding.class);
      fingerprints.add(((SecretFinding) ctx.findings.get(0)).fingerprint());
    }
    assertThat(fingerprints.get(0)).isNotEqualTo(fingerprints.get(1)).isEqualTo(fingerprints.get(2));
  }

  @Test
  void binaryAndAllowlistedFilesAreCountedInOneIssuePerLayer() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    String token = "ghp_" + r(AN, 36);
    byte[] elf = ("\u007fELF\0\0\0" + token).getBytes(StandardCharsets.ISO_8859_1);
    ctx.feed(analyzer, LayerEntry.file("usr/bin/tool", elf.length), elf, false);
    ctx.feed(analyzer, LayerEntry.file("usr/bin/tool2", elf.length), elf, true);
    ctx.feed(analyzer, "app/node_modules/lib/test/fixture.js", "t = '" + token + "'");
    ctx.feed(analyzer, "app/.git/objects/ab/cdef", token);
    ctx.feed(analyzer, "app/plain.txt", "nothing here");
    assertThat(ctx.findings).isEmpty();
    assertThat(ctx.issues).isEmpty();
    ctx.finish(analyzer);
    assertThat(ctx.issues).singleElement().satisfies(i -> {
      assertThat(i.path()).isNull();
      assertThat(i.message()).isEqualTo("files not scanned for secrets: 2 binary, 2 allowlisted path");
    });

    RecordingAnalysisContext clean = new RecordingAnalysisContext();
    clean.feed(analyzer, "app/plain.txt", "nothing here");
    clean.finish(analyzer);
    assertThat(clean.issues).as("nothing skipped, no issue").isEmpty();
  }

  @Test
  void keystoreIsReportedByNameAndBinaryContentIsNotAnIssue() {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    byte[] der = {0x30, (byte) 0x82, 0x0a, 0x00, 0x02, 0x01, 0x03, 0x30};
    ctx.feed(analyzer, LayerEntry.file("opt/app/server.p12", der.length), der, false);
    assertThat(ctx.issues).isEmpty();
    assertThat(ctx.findings).singleElement().isInstanceOfSatisfying(SecretFinding.class, f -> {
      assertThat(f.id()).isEqualTo("pkcs12-keystore-file");
      assertThat(f.line()).isZero();
      assertThat(f.location().path()).isEqualTo("opt/app/server.p12");
    });
  }

  @Test
  void hostileFileWithTooManyMatchesGivesAnIssueNotAnException() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      sb.append("ghp_").append(r(AN, 36)).append('\n');
    }
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(analyzer, "app/tokens.txt", sb.toString());
    assertThat(ctx.findings).hasSize(SecretScanner.MAX_MATCHES_PER_FILE);
    assertThat(ctx.issues).singleElement().satisfies(i -> assertThat(i.message()).contains("more than 200"));
  }

  @Test
  void userRulesThroughTheConstructor() {
    SecretRules rules = SecretRules.parse("""
        [[rules]]
        id = "acme"
        regex = '''acme_[0-9]{6}'''
        keywords = ["acme_"]
        """, "u.toml");
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ctx.feed(new SecretFileAnalyzer(rules), "app/a.txt", "x acme_123456 ghp_" + r(AN, 36));
    assertThat(ctx.findings).extracting(f -> ((SecretFinding) f).id()).containsExactly("acme");
  }

  @Test
  void configAnalyzerScansEnvLabelsAndHistory() {
    String token = "glpat-" + r(AN, 20);
    ImageConfig config = new ImageConfig("linux", "amd64", Instant.EPOCH, null,
        List.of("HOME=/root", "CI_TOKEN=" + token), List.of(), Map.of("deploy.key", "sk_live_" + r(AN, 24)),
        List.of(), List.of(), "/", List.of(),
        List.of(new HistoryEntry(Instant.EPOCH, "RUN /bin/sh -c echo hi", null, false),
            new HistoryEntry(Instant.EPOCH, "ARG NPM=npm_" + r(AN, 36), null, true)), List.of());
    RecordingConfigContext ctx = new RecordingConfigContext();
    SecretConfigAnalyzer a = new SecretConfigAnalyzer();
    assertThat(a.id()).isEqualTo("secrets-config");
    a.analyze(config, ctx);
    assertThat(ctx.findings).extracting(f -> ((SecretFinding) f).id() + " " + f.location())
        .containsExactlyInAnyOrder(
            "gitlab-pat " + new Location(null, "config", "Env/CI_TOKEN"),
            "stripe-secret-key " + new Location(null, "config", "Labels/deploy.key"),
            "npm-access-token " + new Location(null, "history[1]", null));
    assertThat(ctx.findings).extracting(f -> ((SecretFinding) f).line()).containsOnly(0);
  }

  @Test
  void bothAnalyzersAreRegisteredWithServiceLoader() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()))
        .contains(SecretFileAnalyzer.class.getName());
    assertThat(ServiceLoader.load(ConfigAnalyzer.class).stream().map(p -> p.type().getName()))
        .contains(SecretConfigAnalyzer.class.getName());
    assertThat(analyzer.id()).isEqualTo("secrets");
    assertThat(analyzer.version()).isEqualTo("2");
  }
}
