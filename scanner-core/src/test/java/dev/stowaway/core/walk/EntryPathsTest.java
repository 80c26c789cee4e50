package dev.stowaway.core.walk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryPathsTest {

  @ParameterizedTest
  @CsvSource({
      "etc/passwd, etc/passwd",
      "./etc/passwd, etc/passwd",
      "/etc/passwd, etc/passwd",
      "etc/, etc",
      "., ''",
      "./, ''",
      "a//b, a/b",
      "a/./b, a/b",
      "a/b/../c, a/c",
      "...a, ...a",
      "a/..b, a/..b",
  })
  void normalizes(String in, String out) {
    assertThat(EntryPaths.normalize(in)).isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource({"../x", "a/../../x", "/../x", "./.."})
  void rejectsEscapes(String in) {
    assertThat(EntryPaths.normalize(in)).isSameAs(EntryPaths.ESCAPES_ROOT);
  }

  @ParameterizedTest
  @CsvSource({
      "etc/os-release, ../usr/lib/os-release, usr/lib/os-release",
      "etc/os-release, /usr/lib/os-release, usr/lib/os-release",
      "bin, usr/bin, usr/bin",
      "a/b/c, ../../../../x, x",
  })
  void resolvesSymlinks(String link, String target, String out) {
    assertThat(EntryPaths.resolveSymlink(link, target)).isEqualTo(out);
  }
}
