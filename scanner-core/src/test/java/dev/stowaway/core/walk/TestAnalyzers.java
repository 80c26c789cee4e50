package dev.stowaway.core.walk;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
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

/** Small analyzers with obvious behaviour, for walker and merge tests. */
public final class TestAnalyzers {
  private TestAnalyzers() {}

  /** {@code *.pkg} files: one package per line, {@code name version}. */
  public static final class PkgList implements Analyzer {
    @Override
    public String id() {
      return "pkg-list";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public EntrySelector selector() {
      return EntrySelector.builder().suffixes(".pkg").build();
    }

    @Override
    public void analyze(LayerEntry entry, InputStream content, AnalysisContext ctx) throws IOException {
      String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        String[] nv = line.trim().split(" ");
        if (nv.length != 2 && nv.length != 3) {
          throw new IOException("malformed line: " + line);
        }
        // An optional third column lists installed files, comma-separated, like a package DB's file list.
        ctx.addPackage(Package.builder("test", nv[0], nv[1]).location(ctx.location(entry.path()))
            .installedFiles(nv.length == 3 ? List.of(nv[2].split(",")) : List.of()).build());
      }
    }
  }

  /** {@code etc/os-release} (precedence 0) and {@code usr/lib/os-release} (1): the ID= line. */
  static final class Os implements Analyzer {
    @Override
    public String id() {
      return "os";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public EntrySelector selector() {
      return EntrySelector.builder().paths("etc/os-release", "usr/lib/os-release").build();
    }

    @Override
    public void analyze(LayerEntry entry, InputStream content, AnalysisContext ctx) throws IOException {
      String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.startsWith("ID=")) {
          ctx.addOsRelease(entry.path(), entry.path().startsWith("etc/") ? 0 : 1,
              new OsRelease(line.substring(3), null, null, null, null, null, List.of()));
        }
      }
    }
  }

  /** Any file containing {@code SECRET} yields a secret finding. */
  static final class Secret implements Analyzer {
    @Override
    public String id() {
      return "secret";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public EntrySelector selector() {
      return EntrySelector.builder().matching(e -> true).build();
    }

    @Override
    public void analyze(LayerEntry entry, InputStream content, AnalysisContext ctx) throws IOException {
      byte[] buf = new byte[8192];
      StringBuilder sb = new StringBuilder();
      int n;
      while ((n = content.read(buf)) > 0 && sb.length() < 1 << 20) {
        sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
      if (sb.indexOf("SECRET") >= 0) {
        ctx.addFinding(new SecretFinding("test-secret", Severity.HIGH, "a secret", ctx.location(entry.path()), 1,
            "SEC***", entry.path(), null));
      }
    }
  }

  /** Always fails, to show that one analyzer's failure does not stop others. */
  static final class Broken implements Analyzer {
    @Override
    public String id() {
      return "broken";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public EntrySelector selector() {
      return EntrySelector.builder().suffixes(".pkg").build();
    }

    @Override
    public void analyze(LayerEntry entry, InputStream content, AnalysisContext ctx) {
      throw new IllegalStateException("boom on " + entry.path());
    }
  }
}
