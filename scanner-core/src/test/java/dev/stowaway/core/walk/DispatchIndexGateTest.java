package dev.stowaway.core.walk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.api.walk.LayerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dispatch index's glob gates are necessary conditions: a closed gate never hides a match. */
class DispatchIndexGateTest {

  /** The globs the built-in analyzers declare, plus edge forms. */
  private static final List<String> GLOBS = List.of("**/*.dist-info/METADATA", "**/*.egg-info/PKG-INFO",
      "**/node_modules/*/package.json", "**/node_modules/@*/*/package.json", "var/lib/dpkg/status.d/*",
      "var/lib/dpkg/info/*.list", "usr/share/doc/*/copyright", "etc/yum.repos.d/*.repo", "**/.git/HEAD",
      "etc/apt/sources.list.d/*", "*.jar", "usr/**.so", "a/b", "**x", "app/?.txt", "**", "*");

  private static LayerEntry file(String path) {
    return new LayerEntry(path, EntryType.FILE, 1, 0644, 0, 0, null, Instant.EPOCH);
  }

  @ParameterizedTest
  @CsvSource({
      "**/*.dist-info/METADATA, '', METADATA, ",
      "var/lib/dpkg/info/*.list, var/lib/dpkg/info/, , .list",
      "usr/share/doc/*/copyright, usr/share/doc/, copyright, ",
      "etc/apt/sources.list.d/*, etc/apt/sources.list.d/, , ",
      "a/b, a/b, b, ",
      "usr/**.so, usr/, , ",
      "app/?.txt, app/, , ",
  })
  void gateOfAGlob(String glob, String prefix, String basename, String suffix) {
    assertThat(DispatchIndex.Gate.ofGlob(glob)).isEqualTo(new DispatchIndex.Gate(prefix, basename, suffix));
  }

  @Test
  void aClosedGateNeverHidesAMatch() {
    List<String> segments = List.of("usr", "lib", "python3", "dist-packages", "requests-2.28.1.dist-info", "METADATA",
        "PKG-INFO", "x.egg-info", "node_modules", "@types", "node", "package.json", "var", "dpkg", "info", "status.d",
        "libc6.list", "share", "doc", "copyright", "etc", "yum.repos.d", "base.repo", ".git", "HEAD", "apt",
        "sources.list.d", "app", "a.jar", "b", "a", "libz.so", "x", "1.txt", "ab.txt");
    Random r = new Random(11);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      int n = 1 + r.nextInt(6);
      StringBuilder p = new StringBuilder();
      for (int k = 0; k < n; k++) {
        p.append(k == 0 ? "" : "/").append(segments.get(r.nextInt(segments.size())));
      }
      paths.add(p.toString());
    }
    paths.addAll(List.of("a/b", "usr/lib/python3/dist-packages/requests-2.28.1.dist-info/METADATA",
        "srv/web/node_modules/@types/node/package.json", "var/lib/dpkg/info/libc6.list", "etc/yum.repos.d/base.repo",
        "app/1.txt", "a.jar", "usr/lib/libz.so"));
    int matched = 0;
    for (String glob : GLOBS) {
      EntrySelector s = EntrySelector.builder().globs(glob).build();
      DispatchIndex.Gate gate = DispatchIndex.Gate.ofGlob(glob);
      for (String path : paths) {
        LayerEntry e = file(path);
        if (s.matches(e)) {
          matched++;
          assertThat(gate.open(path, e.basename())).as("%s vs %s", glob, path).isTrue();
        }
      }
    }
    assertThat(matched).as("the generated paths exercise the globs").isGreaterThan(200);
  }

  @Test
  void selectorsWithModeBitsOrPredicatesHaveNoGate() {
    assertThat(DispatchIndex.gatesOf(EntrySelector.builder().globs("*.sh").anyModeBits(04000).build())).isNull();
    assertThat(DispatchIndex.gatesOf(EntrySelector.builder().suffixes(".jar").globs("**/x/*.war").build()))
        .containsExactly(new DispatchIndex.Gate("", null, ".jar"), new DispatchIndex.Gate("", null, ".war"));
  }
}
