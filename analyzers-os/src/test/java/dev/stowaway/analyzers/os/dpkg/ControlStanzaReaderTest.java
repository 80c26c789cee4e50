package dev.stowaway.analyzers.os.dpkg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.core.testing.ThrottledInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControlStanzaReaderTest {

  private static List<Map<String, String>> read(String text, String... wanted) throws IOException {
    ControlStanzaReader r = new ControlStanzaReader(new ThrottledInputStream(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))), Set.of(wanted));
    List<Map<String, String>> out = new ArrayList<>();
    Map<String, String> s;
    while ((s = r.next()) != null) {
      out.add(s);
    }
    return out;
  }

  @Test
  void continuationLinesAreJoinedWithNewlinesUntilTheFieldEnds() throws IOException {
    assertThat(read("""
        Package: a
        Description: short
         line one
        # a comment does not end the field
         line two
        Version: 1
         continued version
        Conffiles:
         /etc/a 0123

        Package: b
        Description: only
        """, "package", "description", "version")).containsExactly(
        Map.of("package", "a", "description", "short\nline one\nline two", "version", "1\ncontinued version"),
        Map.of("package", "b", "description", "only"));
  }

  @Test
  void aRepeatedFieldKeepsTheLastValueWithItsOwnContinuation() throws IOException {
    assertThat(read("""
        License: first
         text of the first
        License: second
         text of the second
        """, "license")).containsExactly(Map.of("license", "second\ntext of the second"));
  }

  @Test
  void aMalformedLineEndsTheFieldAndIsCounted() throws IOException {
    ControlStanzaReader r = new ControlStanzaReader(new ByteArrayInputStream("""
        Description: d
         one
        not a field
         orphan continuation
        """.getBytes(StandardCharsets.UTF_8)), Set.of("description"));
    assertThat(r.next()).containsExactly(Map.entry("description", "d\none"));
    assertThat(r.malformedLines()).isEqualTo(1);
    assertThat(r.next()).isNull();
  }

  @Test
  void aFieldOfManyThousandLinesIsReadWhole() throws IOException {
    // a copyright file's licence texts: each continuation line used to copy the whole value so far
    StringBuilder text = new StringBuilder("License: GPL-2+\n");
    for (int i = 0; i < 50_000; i++) {
      text.append(" line ").append(i).append('\n');
    }
    List<Map<String, String>> stanzas = read(text.toString(), "license");
    assertThat(stanzas).hasSize(1);
    String value = stanzas.get(0).get("license");
    assertThat(value.lines().count()).isEqualTo(50_001);
    assertThat(value).startsWith("GPL-2+\nline 0\n").endsWith("\nline 49999");
  }
}
