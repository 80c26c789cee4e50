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

  /** On bytes: every occurrence's start, overlapping ones included; bytes from 0x80 never match. */
  @Test
  void hitsOnBytesGiveEveryOccurrenceStart() {
    KeywordMatcher m = new KeywordMatcher(List.of("he", "she", "hers", "keykey", "caf\u00e9"));
    byte[] text = "ushers SHE hehe keykeykey caf\u00e9 h\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    KeywordMatcher.Hits h = m.hits(text, text.length);
    assertThat(java.util.Arrays.copyOf(h.starts(0), h.count(0))).containsExactly(2, 8, 11, 13);
    assertThat(java.util.Arrays.copyOf(h.starts(1), h.count(1))).containsExactly(1, 7);
    assertThat(java.util.Arrays.copyOf(h.starts(2), h.count(2))).containsExactly(2);
    assertThat(java.util.Arrays.copyOf(h.starts(3), h.count(3))).containsExactly(16, 19);
    assertThat(h.present(4)).isFalse();
    KeywordMatcher.Hits prefix = m.hits(text, 9);
    assertThat(prefix.count(0)).as("only the first 9 bytes").isEqualTo(1);
    assertThat(prefix.count(1)).isEqualTo(1);
  }
}
