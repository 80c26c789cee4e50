package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.build.LayerBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan --secret-config FILE}: a team's own gitleaks rule file from the command line. */
class SecretConfigCliTest {

  @TempDir
  Path tmp;

  private static final String ACME = "acme_live_" + "0123456789abcdef0123456789abcdef";

  private Path image() throws IOException {
    BuiltImage image = ImageBuilder.create()
        .layer(LayerBuilder.create().file("app/settings.ini", "token=" + ACME + "\n")
            .file("root/.aws/credentials", "[default]\naws_access_key_id = AKIA4T6MP42IYXA5LAIA\n"), "COPY app")
        .build();
    Path layout = tmp.resolve("layout");
    ImageWriters.writeOciLayout(image, layout, "latest");
    return layout;
  }

  private Path rules(String extra) throws IOException {
    Path f = tmp.resolve("gitleaks.toml");
    Files.writeString(f, extra + "[[rules]]\nid = \"acme-live-token\"\ndescription = \"ACME live token\"\n"
        + "regex = '''acme_live_[0-9a-f]{32}'''\nkeywords = [\"acme_live_\"]\nunknownKey = 1\n");
    return f;
  }

  @Test
  void ownRulesReplaceTheBuiltInOnesAndUnsupportedKeysAreWarnings() throws IOException {
    Path layout = image();
    CliRunner r = CliRunner.run("scan", "--skip-db", "--no-cache", "--scanners", "secret", "-f", "json",
        "--secret-config", rules("").toString(), "oci:" + layout);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"id\" : \"acme-live-token\"", "app/settings.ini").doesNotContain("AKIA");
    assertThat(r.err()).contains("warning: gitleaks.toml").contains("unknownKey");
  }

  @Test
  void useDefaultKeepsTheBuiltInRules() throws IOException {
    Path layout = image();
    CliRunner r = CliRunner.run("scan", "--skip-db", "--no-cache", "--scanners", "secret", "-f", "json",
        "--secret-config", rules("[extend]\nuseDefault = true\n\n").toString(), "oci:" + layout);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"id\" : \"acme-live-token\"", "AKIA");
  }

  @Test
  void aBrokenRuleFileIsAUsageError() throws IOException {
    Path bad = tmp.resolve("bad.toml");
    Files.writeString(bad, "[[rules]]\nid = \"x\"\nregex = '''([a-'''\n");
    CliRunner r = CliRunner.run("scan", "--skip-db", "--no-cache", "--secret-config", bad.toString(),
        "oci:" + image());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--secret-config").contains("bad.toml");
  }

  /** usr/lib is skipped by default (package files); --secret-scan-system-dirs scans it, with or without a rule file. */
  @Test
  void systemDirectoriesAreScannedOnlyOnRequest() throws IOException {
    BuiltImage image = ImageBuilder.create()
        .layer(LayerBuilder.create().file("usr/lib/app/settings.ini", "token=" + ACME + "\n")
            .file("root/.aws/credentials", "[default]\naws_access_key_id = AKIA4T6MP42IYXA5LAIA\n"), "COPY app")
        .build();
    Path layout = tmp.resolve("sys");
    ImageWriters.writeOciLayout(image, layout, "latest");
    String rules = rules("[extend]\nuseDefault = true\n\n").toString();
    CliRunner skipped = CliRunner.run("scan", "--skip-db", "--no-cache", "--scanners", "secret", "-f", "json",
        "--secret-config", rules, "oci:" + layout);
    assertThat(skipped.exitCode()).as(skipped.err()).isZero();
    assertThat(skipped.out()).contains("root/.aws/credentials").doesNotContain("usr/lib/app/settings.ini");
    CliRunner scanned = CliRunner.run("scan", "--skip-db", "--no-cache", "--scanners", "secret", "-f", "json",
        "--secret-config", rules, "--secret-scan-system-dirs", "oci:" + layout);
    assertThat(scanned.exitCode()).as(scanned.err()).isZero();
    assertThat(scanned.out()).contains("root/.aws/credentials", "\"id\" : \"acme-live-token\"", "usr/lib/app/settings.ini");
    CliRunner builtIns = CliRunner.run("scan", "--skip-db", "--no-cache", "--scanners", "secret", "-f", "json",
        "--secret-scan-system-dirs", "oci:" + layout);
    assertThat(builtIns.exitCode()).as(builtIns.err()).isZero();
    assertThat(builtIns.out()).contains("root/.aws/credentials").doesNotContain("acme-live-token");
  }
}
