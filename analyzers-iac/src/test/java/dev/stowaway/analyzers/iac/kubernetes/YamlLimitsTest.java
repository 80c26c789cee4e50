package dev.stowaway.analyzers.iac.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.model.Location;
import org.junit.jupiter.api.Test;

/** {@link ScanLimits#maxYamlAliases()} and {@link ScanLimits#maxYamlDepth()} in manifest scanning. */
class YamlLimitsTest {
  private static final Location AT = new Location(null, "k8s/deploy.yaml", null);

  @Test
  void billionLaughsIsRejectedWithAnIssue() {
    StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      String prev = String.valueOf((char) ('a' + i - 1));
      String cur = String.valueOf((char) ('a' + i));
      y.append(cur).append(": &").append(cur).append(" [").append(("*" + prev + ", ").repeat(9)).append("*")
          .append(prev).append("]\n");
    }
    ManifestScanner.Result r = ManifestScanner.scan(y.toString(), AT);
    assertThat(r.issues()).singleElement().satisfies(i -> {
      assertThat(i.location()).isEqualTo(AT);
      assertThat(i.message()).contains("YAML rejected").containsIgnoringCase("alias");
    });
  }

  @Test
  void tooDeepYamlIsAnIssueNamingTheLimitNotAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    ManifestScanner.Result r = ManifestScanner.scan(deep, AT);
    assertThat(r.issues()).singleElement().satisfies(i -> assertThat(i.message())
        .contains("nested deeper than 64 levels (limit maxYamlDepth)"));
  }

  @Test
  void aSmallerDepthLimitIsHonoured() {
    String yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n";
    assertThat(ManifestScanner.scan(yaml, AT, ScanLimits.defaults().withMaxYamlDepth(2)).issues())
        .singleElement().satisfies(i -> assertThat(i.message()).contains("limit maxYamlDepth"));
    assertThat(ManifestScanner.scan(yaml, AT, ScanLimits.defaults()).issues()).isEmpty();
  }
}
