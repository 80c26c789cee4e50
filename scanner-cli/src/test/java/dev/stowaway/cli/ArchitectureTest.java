package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The code rules that a reviewer would otherwise have to remember, checked on the main sources of every
 * module (read from the reactor root, so this test sees the whole tree):
 * <ul>
 *   <li>no cycles between {@code dev.stowaway} packages;</li>
 *   <li>{@code scanner-api} uses nothing of ours outside {@code dev.stowaway.api};</li>
 *   <li>analyzer modules use the api only, never {@code dev.stowaway.core};</li>
 *   <li>no {@code util}/{@code common}/{@code helper} packages.</li>
 * </ul>
 */
class ArchitectureTest {

  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?(dev\\.stowaway\\.[\\w.]+?)\\.[A-Z][\\w.*]*;",
      Pattern.MULTILINE);
  private static final Pattern QUALIFIED = Pattern.compile("\\b(dev\\.stowaway(?:\\.[a-z]\\w*)+)\\.[A-Z]");

  /** package -> packages it uses; package -> module. */
  private static final Map<String, Set<String>> USES = new TreeMap<>();
  private static final Map<String, String> MODULE = new HashMap<>();

  @BeforeAll
  static void readSources() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
          files.filter(f -> f.toString().endsWith(".java")).forEach(f -> read(module.getFileName().toString(), f));
        }
      }
    }
    assertThat(MODULE.values()).contains("scanner-api", "scanner-core", "analyzers-os", "scanner-cli");
  }

  private static void read(String module, Path file) {
    String src;
    try {
      src = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher p = PACKAGE.matcher(src);
    if (!p.find()) {
      return;
    }
    String pkg = p.group(1);
    MODULE.put(pkg, module);
    Set<String> uses = USES.computeIfAbsent(pkg, k -> new TreeSet<>());
    for (Matcher m = IMPORT.matcher(src); m.find(); ) {
      uses.add(m.group(1));
    }
    // Fully qualified uses in code and javadoc links count too.
    for (Matcher m = QUALIFIED.matcher(src); m.find(); ) {
      uses.add(m.group(1));
    }
    uses.remove(pkg);
  }

  @Test
  void apiUsesOnlyTheApi() {
    USES.forEach((pkg, uses) -> {
      if (MODULE.get(pkg).equals("scanner-api")) {
        assertThat(uses).as(pkg).allMatch(u -> u.startsWith("dev.stowaway.api"));
      }
    });
  }

  @Test
  void analyzersUseTheApiNotTheCore() {
    USES.forEach((pkg, uses) -> {
      if (MODULE.get(pkg).startsWith("analyzers-")) {
        assertThat(uses).as(pkg).noneMatch(u -> u.startsWith("dev.stowaway.core") || u.startsWith("dev.stowaway.cli"));
      }
    });
  }

  @Test
  void noDumpingGroundPackages() {
    assertThat(USES.keySet()).noneMatch(p -> p.matches(".*\\.(util|utils|common|helper|helpers|misc)(\\..*)?"));
  }

  @Test
  void noPackageCycles() {
    List<List<String>> cycles = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String start : USES.keySet()) {
      findCycles(start, new ArrayList<>(), new HashSet<>(), done, cycles);
      done.add(start);
    }
    assertThat(cycles).as("package cycles").isEmpty();
  }

  private static void findCycles(String pkg, List<String> path, Set<String> onPath, Set<String> done,
      List<List<String>> cycles) {
    if (onPath.contains(pkg)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(pkg), path.size()));
      cycle.add(pkg);
      cycles.add(cycle);
      return;
    }
    if (done.contains(pkg) || !USES.containsKey(pkg) || cycles.size() > 10) {
      return;
    }
    path.add(pkg);
    onPath.add(pkg);
    for (String next : USES.get(pkg)) {
      findCycles(next, path, onPath, done, cycles);
    }
    path.remove(path.size() - 1);
    onPath.remove(pkg);
  }
}
