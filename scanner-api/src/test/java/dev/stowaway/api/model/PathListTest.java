package dev.stowaway.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathListTest {

  private static final List<String> PATHS = List.of("/usr/bin/bash", "", "/usr/share/doc/naïve/copyright", "/é/😀");

  @Test
  void isEqualToTheSameStringsInAnyList() {
    PathList p = PathList.copyOf(PATHS);
    assertThat(p).containsExactlyElementsOf(PATHS).hasSize(4);
    assertThat(p).isEqualTo(PATHS);
    assertThat(PATHS).isEqualTo(p);
    assertThat(p.hashCode()).isEqualTo(PATHS.hashCode());
    assertThat(p.get(3)).isEqualTo("/é/😀");
    assertThat(p.indexOf("")).isEqualTo(1);
    assertThat(PathList.copyOf(List.of())).isEmpty();
    assertThat(PathList.copyOf(p)).isSameAs(p);
  }

  @Test
  void readsConsecutiveRunsOfBytesInsideALargerArray() {
    byte[] a = "/a".getBytes(StandardCharsets.UTF_8);
    byte[] b = "/bé".getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[3 + a.length + b.length + 2];
    System.arraycopy(a, 0, buf, 3, a.length);
    System.arraycopy(b, 0, buf, 3 + a.length, b.length);
    PathList p = PathList.fromUtf8(buf, 3, a.length + b.length, new int[] {a.length, b.length});
    buf[3] = 'X'; // copied: the caller's array may change afterwards
    assertThat(p).containsExactly("/a", "/bé");
  }

  @Test
  void rejectsLengthsThatDoNotDescribeTheRange() {
    byte[] buf = new byte[10];
    assertThatThrownBy(() -> PathList.fromUtf8(buf, 0, 4, new int[] {2, 3}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PathList.fromUtf8(buf, 0, 4, new int[] {2, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 4");
    assertThatThrownBy(() -> PathList.fromUtf8(buf, 0, 4, new int[] {5, -1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PathList.fromUtf8(buf, 8, 4, new int[] {4}))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> PathList.fromUtf8(buf, -1, 1, new int[] {1}))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void isImmutableAndHoldsNoNull() {
    PathList p = PathList.copyOf(PATHS);
    assertThatThrownBy(() -> p.add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> PathList.copyOf(java.util.Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aPackageKeepsAPathListAndEqualsOneWithTheSamePathsInAnotherList() {
    PathList files = PathList.copyOf(PATHS);
    Location at = new Location(null, "var/lib/dpkg/status", null);
    Package kept = new Package("deb", "bash", "5.2", null, null, null, null, List.of(), at, files, Map.of());
    Package copied = new Package("deb", "bash", "5.2", null, null, null, null, List.of(), at, PATHS, Map.of());
    assertThat(kept.installedFiles()).isSameAs(files);
    assertThat(kept).isEqualTo(copied).hasSameHashCodeAs(copied);
  }
}
