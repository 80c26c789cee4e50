package dev.stowaway.analyzers.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordMatcherTest {

  @Test
  void findsOverlappingAndNestedKeywordsCaseInsensitively() {
    KeywordMatcher m = new KeywordMatcher(List.of("he", "she", "his", "hers", "ghp_", "xoxb-", "caf\u00e9"));
    assertThat(m.present("uSHErs")).containsExactly(true, true, false, true, false, false, false);
    assertThat(m.present("token GHP_abc and xoxb-1")).containsExactly(false, false, false, false, true, true, false);
    assertThat(m.present("")).containsOnly(false);
    assertThat(m.present("h\u00e9 s\u0130he")).containsExactly(true, false, false, false, false, false, false);
  }

  @Test
  void agreesWithIndexOfOnEveryBuiltInKeyword() {
    List<String> kws = SecretRules.builtIn().rules().stream().flatMap(r -> r.keywords().stream()).distinct().toList();
    KeywordMatcher m = new KeywordMatcher(kws);
    String text = "export AWS_SECRET_ACCESS_KEY=x; curl https://hooks.slack.com/x -H 'Authorization: Bearer eyJ'";
    boolean[] found = m.present(text);
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    for (int i = 0; i < kws.size(); i++) {
      assertThat(found[i]).as(kws.get(i)).isEqualTo(lower.contains(kws.get(i)));
    }
  }
}
