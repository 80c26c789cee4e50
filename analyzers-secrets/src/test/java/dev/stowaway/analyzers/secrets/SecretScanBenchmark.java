package dev.stowaway.analyzers.secrets;

import dev.stowaway.api.walk.LayerEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Throughput of the secret rule engine on one core, with and without the keyword prefilter. Not a test
 * (the build never runs it): {@code bench/secrets.sh [ROOTFS] [--max-mb N] [--rounds N] [--per-rule] [--prefilter-only]}.
 *
 * <p>Takes the files of an unpacked root filesystem (default: the debian-app image of the test corpus, a
 * Debian rootfs plus an app with {@code node_modules}) that {@link SecretFileAnalyzer} would select, reads
 * them into memory (so the disk is not measured), drops binary ones as the analyzer does, and times
 * {@link SecretScanner#scan} over all of them on the calling thread, in thread CPU time (on a shared machine
 * wall time also measures the neighbours). MB/s counts the text bytes scanned.
 * With {@code --max-mb}, every k-th file is kept so that about N MB remain (both modes scan the same bytes).
 */
public final class SecretScanBenchmark {
  private SecretScanBenchmark() {}

  private record Input(String path, byte[] bytes) {}

  /**
   * @param args {@code [ROOTFS] [--max-mb N] [--rounds N] [--per-rule] [--prefilter-only] [--compare-anchoring]
   *     [--skip-system-dirs]}
   * @throws IOException if the root filesystem cannot be read
   */
  public static void main(String[] args) throws IOException {
    Path root = Paths.get("/var/tmp/stowaway-corpus/rootfs/debian-app");
    long maxBytes = Long.MAX_VALUE;
    int rounds = 3;
    boolean perRule = false;
    boolean prefilterOnly = false;
    boolean compareAnchoring = false;
    boolean skipSystemDirs = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--compare-anchoring" -> compareAnchoring = true;
        case "--skip-system-dirs" -> skipSystemDirs = true;
        case "--max-mb" -> maxBytes = Long.parseLong(args[++i]) << 20;
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--per-rule" -> perRule = true;
        case "--prefilter-only" -> prefilterOnly = true;
        default -> root = Paths.get(args[i]);
      }
    }
    List<Input> all = load(root, skipSystemDirs);
    long total = all.stream().mapToLong(in -> in.bytes().length).sum();
    List<Input> inputs = all;
    if (total > maxBytes) {
      int step = (int) Math.ceil((double) total / maxBytes);
      inputs = new ArrayList<>();
      for (int i = 0; i < all.size(); i += step) {
        inputs.add(all.get(i));
      }
    }
    long bytes = inputs.stream().mapToLong(in -> in.bytes().length).sum();
    System.out.printf(Locale.ROOT, "corpus %s: %d text files, %.1f MB selected; measuring %d files, %.1f MB%n",
        root, all.size(), total / 1e6, inputs.size(), bytes / 1e6);
    SecretRules rules = SecretRules.builtIn();
    if (perRule) {
      perRule(rules, inputs);
      return;
    }
    if (System.getProperty("keywordStats") != null) {
      List<String> kws = new ArrayList<>(new java.util.LinkedHashSet<>(
          rules.rules().stream().flatMap(r -> r.keywords().stream()).toList()));
      KeywordMatcher km = new KeywordMatcher(kws);
      long[] kb = new long[kws.size()];
      for (Input in : inputs) {
        boolean[] p = km.present(new String(in.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
        for (int k = 0; k < p.length; k++) {
          if (p[k]) {
            kb[k] += in.bytes().length;
          }
        }
      }
      for (int k = 0; k < kb.length; k++) {
        if (kb[k] > bytes / 50) {
          System.out.printf(Locale.ROOT, "%6.1f MB  %s%n", kb[k] / 1e6, kws.get(k));
        }
      }
      return;
    }
    if (compareAnchoring) {
      for (boolean anchored : new boolean[] {true, false}) {
        SecretScanner scanner = new SecretScanner(rules, true, anchored);
        int findings = scanAll(scanner, inputs); // warm-up round
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
          long t0 = cpuNanos();
          scanAll(scanner, inputs);
          best = Math.min(best, (cpuNanos() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "anchored=%-5s %8.2f s  %8.1f MB/s  %d findings (best of %d)%n",
            anchored, best, bytes / 1e6 / best, findings, rounds);
      }
      return;
    }
    for (boolean prefilter : prefilterOnly ? new boolean[] {true} : new boolean[] {true, false}) {
      SecretScanner scanner = new SecretScanner(rules, prefilter);
      int findings = scanAll(scanner, inputs); // warm-up round
      double best = Double.MAX_VALUE;
      for (int r = 0; r < rounds; r++) {
        long t0 = cpuNanos();
        scanAll(scanner, inputs);
        best = Math.min(best, (cpuNanos() - t0) / 1e9);
      }
      System.out.printf(Locale.ROOT, "prefilter=%-5s %8.2f s  %8.1f MB/s  %d findings (best of %d)%n",
          prefilter, best, bytes / 1e6 / best, findings, rounds);
    }
  }

  /** Each rule alone (with the prefilter): the ten slowest, to find the rules worth tuning. */
  private static void perRule(SecretRules rules, List<Input> inputs) throws IOException {
    List<String> ids = rules.rules().stream().map(SecretRule::id).toList();
    List<Map.Entry<String, Double>> times = new ArrayList<>();
    for (String id : ids) {
      String others = ids.stream().filter(x -> !x.equals(id)).map(x -> '"' + x + '"')
          .collect(java.util.stream.Collectors.joining(","));
      SecretScanner one = new SecretScanner(
          SecretRules.parse("[extend]\nuseDefault = true\ndisabledRules = [" + others + "]\n", "one"), true);
      scanAll(one, inputs);
      long t0 = cpuNanos();
      scanAll(one, inputs);
      times.add(Map.entry(id, (cpuNanos() - t0) / 1e9));
    }
    SecretScanner none = new SecretScanner(SecretRules.parse("[extend]\nuseDefault = true\ndisabledRules = ["
        + ids.stream().map(x -> '"' + x + '"').collect(java.util.stream.Collectors.joining(",")) + "]\n", "none"), true);
    scanAll(none, inputs);
    long t0 = cpuNanos();
    scanAll(none, inputs);
    System.out.printf(Locale.ROOT, "%8.3f s  (no rule: reading, keyword pass, line counting)%n", (cpuNanos() - t0) / 1e9);
    times.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    times.stream().limit(10).forEach(e -> System.out.printf(Locale.ROOT, "%8.3f s  %s%n", e.getValue(), e.getKey()));
  }

  /** CPU time of this thread: on a shared machine wall time also measures the neighbours. */
  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static int scanAll(SecretScanner scanner, List<Input> inputs) throws IOException {
    int findings = 0;
    for (Input in : inputs) {
      findings += scanner.scan(in.path(), new ByteArrayInputStream(in.bytes())).matches().size();
    }
    return findings;
  }

  private static List<Input> load(Path root, boolean skipSystemDirs) throws IOException {
    List<Input> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
        if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String rel = root.relativize(p).toString().replace('\\', '/');
        long size = Files.size(p);
        LayerEntry entry = LayerEntry.file(rel, size);
        if (size > SecretFileAnalyzer.MAX_SIZE || !(skipSystemDirs ? SecretFileAnalyzer.wantedOutsideSystemDirs(entry)
            : SecretFileAnalyzer.wanted(entry))) {
          continue;
        }
        byte[] b;
        try {
          b = Files.readAllBytes(p);
        } catch (IOException e) {
          continue; // unreadable (permissions): not part of the corpus
        }
        if (!binary(b)) {
          out.add(new Input(rel, b));
        }
      }
    }
    return out;
  }

  private static boolean binary(byte[] b) {
    for (int i = 0, end = Math.min(b.length, SecretScanner.BINARY_PROBE); i < end; i++) {
      if (b[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
