package dev.stowaway.core.cache;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small analyzers for cache tests. Each counts the entries it analysed, so a test can tell which analyzers
 * ran on a warm scan.
 */
final class CacheTestAnalyzers {
  private CacheTestAnalyzers() {}

  /** Base with a call counter and a settable version. */
  abstract static class Counted implements Analyzer {
    final AtomicLong calls = new AtomicLong();
    private final String version;

    Counted(String version) {
      this.version = version;
    }

    @Override
    public String version() {
      return version;
    }

    @Override
    public final void analyze(LayerEntry entry, InputStream content, AnalysisContext ctx) throws IOException {
      calls.incrementAndGet();
      run(entry, new String(content.readAllBytes(), StandardCharsets.UTF_8), ctx);
    }

    abstract void run(LayerEntry entry, String text, AnalysisContext ctx) throws IOException;
  }

  /** {@code *.pkg}: one package per line, {@code name version}; dpkg-style {@code status} files too. */
  static final class Packages extends Counted {
    Packages(String version) {
      super(version);
    }

    @Override
    public String id() {
      return "test-packages";
    }

    @Override
    public EntrySelector selector() {
      return EntrySelector.builder().suffixes(".pkg").paths("var/lib/dpkg/status").build();
    }

    @Override
    void run(LayerEntry entry, String text, AnalysisContext ctx) {
      String name = null;
      for (String line : text.split("\n")) {
        if (entry.path().endsWith(".pkg")) {
          String[] nv = line.trim().split(" ");
          if (nv.length == 2) {
            ctx.addPackage(Package.builder("test", nv[0], nv[1]).purl("pkg:generic/" + nv[0] + "@" + nv[1])
                .licenses(List.of("MIT")).property("k", "v").location(ctx.location(entry.path())).build());
          } else if (!line.isBlank()) {
            ctx.addIssue(entry.path(), "malformed line: " + line);
          }
        } else if (line.startsWith("Package: ")) {
          name = line.substring(9);
        } else if (line.startsWith("Version: ") && name != null) {
          ctx.addPackage(Package.builder("Debian", name, line.substring(9)).location(ctx.location(entry.path()))
              .build());
        }
      }
    }
  }

  /** Any file with {@code SECRET} or {@code AKIA} in it; also the OS from {@code etc/os-release}. */
  static class Secrets extends Counted {
    Secrets(String version) {
      super(version);
    }

    @Override
    public String id() {
      return "test-secrets";
    }

    @Override
    public EntrySelector selector() {
      return EntrySelector.builder().suffixes(".txt", ".env", ".pkg", ".conf", ".properties", ".xml")
          .basenames("credentials").paths("etc/os-release").build();
    }

    @Override
    void run(LayerEntry entry, String text, AnalysisContext ctx) {
      if (entry.path().equals("etc/os-release")) {
        for (String line : text.split("\n")) {
          if (line.startsWith("ID=")) {
            ctx.addOsRelease(entry.path(), 0, new OsRelease(line.substring(3), "12", null, null, null, null,
                List.of("x")));
          }
        }
      }
      int i = Math.max(text.indexOf("SECRET"), text.indexOf("AKIA"));
      if (i >= 0) {
        int line = 1 + (int) text.substring(0, i).chars().filter(c -> c == '\n').count();
        ctx.addFinding(new SecretFinding("test-secret", Severity.HIGH, "a secret", ctx.location(entry.path()), line,
            "SEC***", "fp-" + entry.path(), null));
      }
    }
  }

  /** Setuid files are misconfigurations (wants mode bits, not content). */
  static final class Setuid extends Counted {
    Setuid(String version) {
      super(version);
    }

    @Override
    public String id() {
      return "test-setuid";
    }

    @Override
    public EntrySelector selector() {
      return EntrySelector.builder().anyModeBits(04000).build();
    }

    @Override
    void run(LayerEntry entry, String text, AnalysisContext ctx) {
      ctx.addFinding(new MisconfigurationFinding("TEST-SUID", Severity.LOW, "setuid file", "drop the bit", null,
          ctx.location(entry.path()), 0));
    }
  }

  /** Takes a few milliseconds per {@code *.slow} file, so that a scan can be killed half-way. */
  static final class Slow extends Counted {
    Slow() {
      super("1");
    }

    @Override
    public String id() {
      return "test-slow";
    }

    @Override
    public EntrySelector selector() {
      return EntrySelector.builder().suffixes(".slow").build();
    }

    @Override
    void run(LayerEntry entry, String text, AnalysisContext ctx) throws java.io.InterruptedIOException {
      try {
        Thread.sleep(4);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException();
      }
      ctx.addPackage(Package.builder("slow", entry.path(), text.trim()).location(ctx.location(entry.path())).build());
    }
  }
}
