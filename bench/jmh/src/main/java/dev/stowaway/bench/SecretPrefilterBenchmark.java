package dev.stowaway.bench;

import dev.stowaway.analyzers.secrets.SecretRules;
import dev.stowaway.analyzers.secrets.SecretScanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * The secret scanner's keyword prefilter and rules over 64 KiB of text, through its public API
 * ({@link SecretScanner#scan}) with the built-in rules: prose with no rule keyword (the prefilter alone),
 * configuration text full of keywords but holding no secret (prefilter hits, regexes run), and shell-like
 * source. Throughput in MB/s is 0.0655 / (ms per op) * 1000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SecretPrefilterBenchmark {

  /** What the 64 KiB hold. */
  @Param({"prose", "config-keywords", "shell"})
  public String text;

  private SecretScanner scanner;
  private byte[] bytes;

  /** Compiles the built-in rules and makes the text. */
  @Setup
  public void setUp() {
    scanner = new SecretScanner(SecretRules.builtIn());
    String unit = switch (text) {
      case "prose" -> "The quick brown fox jumps over the lazy dog while the river runs to the sea.\n";
      case "config-keywords" -> "aws_region = eu-west-1\npassword_file = /run/secrets/db\n"
          + "github_url = https://github.com/example/repo\nslack_channel = #builds\napi_version = v2\n";
      default -> "#!/bin/sh\nset -e\nfor f in /etc/*.conf; do echo \"$f\"; grep -q token \"$f\" || true; done\n";
    };
    StringBuilder sb = new StringBuilder(65536 + unit.length());
    while (sb.length() < 65536) {
      sb.append(unit);
    }
    bytes = sb.substring(0, 65536).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Scans the text once.
   *
   * @return the result (consumed by JMH)
   * @throws IOException never for in-memory text
   */
  @Benchmark
  public SecretScanner.Result scan() throws IOException {
    return scanner.scan("etc/app/settings.conf", new ByteArrayInputStream(bytes));
  }
}
