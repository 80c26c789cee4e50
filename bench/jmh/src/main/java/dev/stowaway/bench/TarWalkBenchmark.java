package dev.stowaway.bench;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.LayerCoordinates;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Digest;
import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.walk.LayerResult;
import dev.stowaway.core.walk.LayerWalker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tar entry dispatch: {@link LayerWalker#walk} over an in-memory, uncompressed layer shaped like a Debian
 * package layer (20,000 entries: shared libraries, binaries, docs, copyright files, locale catalogues,
 * dpkg lists, Python modules), with no analyzer (tar reading and the dispatch index alone), the OS and
 * language analyzers, or every analyzer found on the class path (secrets included).
 *
 * <p>Not thread-safe state; one walk per invocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TarWalkBenchmark {

  /** Which analyzers the walker runs: none, every one but the secret scanners, or all. */
  @Param({"none", "os-lang", "all"})
  public String analyzers;

  private byte[] tar;
  private LayerWalker walker;
  private final LayerCoordinates layer = new LayerCoordinates(0, Digest.sha256Of(new byte[0]), "bench");

  /** Builds the layer and the walker. */
  @Setup
  public void setUp() {
    tar = debianLikeLayer(20_000, 42);
    List<Analyzer> chosen = new ArrayList<>();
    if (!analyzers.equals("none")) {
      for (Analyzer a : ServiceLoader.load(Analyzer.class)) {
        if (analyzers.equals("all") || !a.id().startsWith("secret")) {
          chosen.add(a);
        }
      }
    }
    walker = new LayerWalker(chosen, ScanLimits.defaults());
  }

  /**
   * Walks the layer once.
   *
   * @return the result (consumed by JMH)
   * @throws IOException never for this in-memory tar
   */
  @Benchmark
  public LayerResult walk() throws IOException {
    return walker.walk(new ByteArrayInputStream(tar), layer);
  }

  /** A deterministic layer with the path mix of a Debian package layer. */
  static byte[] debianLikeLayer(int entries, long seed) {
    Random r = new Random(seed);
    LayerBuilder b = LayerBuilder.create();
    byte[] binary = new byte[4096];
    String text = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        + "Upstream-Name: example\nFiles: *\nCopyright: 2020 Example <dev@example.org>\nLicense: MIT\n"
        + " Permission is hereby granted, free of charge, to any person obtaining a copy of this software.\n";
    for (int i = 0; i < entries; i++) {
      String pkg = "pkg" + (i % 400);
      switch (i % 8) {
        case 0 -> {
          r.nextBytes(binary);
          b.file("usr/lib/x86_64-linux-gnu/lib" + pkg + "-" + i + ".so.1", binary, 0644);
        }
        case 1 -> {
          r.nextBytes(binary);
          b.file("usr/bin/" + pkg + "-tool" + i, binary, 0755);
        }
        case 2 -> b.file("usr/share/doc/" + pkg + "/copyright" + (i < 400 * 8 ? "" : "." + i), text);
        case 3 -> b.file("usr/share/doc/" + pkg + "/changelog" + i + ".Debian.gz", binary, 0644);
        case 4 -> b.file("usr/share/locale/de/LC_MESSAGES/" + pkg + i + ".mo", binary, 0644);
        case 5 -> b.file("var/lib/dpkg/info/" + pkg + "-" + i + ".list",
            ("/usr/bin/" + pkg + "\n/usr/share/doc/" + pkg + "/copyright\n").repeat(8));
        case 6 -> b.file("usr/lib/python3/dist-packages/" + pkg + "/mod" + i + ".py",
            "import os\n\ndef main():\n    return os.environ.get('HOME')\n".repeat(10));
        default -> b.file("etc/" + pkg + "/conf" + i + ".conf",
            ("# settings for " + pkg + "\nlisten = 127.0.0.1\nworkers = 4\n").getBytes(StandardCharsets.UTF_8), 0644);
      }
    }
    return b.toTar();
  }
}
