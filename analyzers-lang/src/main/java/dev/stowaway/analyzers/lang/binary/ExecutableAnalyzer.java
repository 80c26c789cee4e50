package dev.stowaway.analyzers.lang.binary;

import dev.stowaway.analyzers.lang.golang.GoModules;
import dev.stowaway.analyzers.lang.json.JsonTree;
import dev.stowaway.analyzers.lang.rust.Crates;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reports the modules compiled into Go binaries and the crates recorded in Rust binaries built with
 * cargo-auditable, from ELF, PE and Mach-O executables, in one streaming pass per file (see
 * {@link ExecutableScanner}); the file is never extracted or buffered whole.
 *
 * <p>Go: the main module (property {@code mainModule=true}; when the build info says {@code (devel)}, the
 * version a {@code -ldflags -X main.version=...} build setting stamped, property {@code versionFrom=ldflags},
 * else no version), every {@code dep} (a replacement with a version is reported under the replacement's
 * path and version, property {@code replaces}; a replacement by a local directory keeps the original path
 * without a version, property {@code replacedBy}), and the toolchain as {@code stdlib} at its version.
 * Ecosystem {@code Go}, purl {@code pkg:golang/...}. Rust: the runtime crates of the auditable data (build
 * dependencies are skipped, as trivy does), ecosystem {@code crates.io}, purl {@code pkg:cargo/...}.
 * Properties {@code identifiedBy=go-buildinfo} / {@code cargo-auditable}.
 *
 * <p>Selected: files with an execute bit, and {@code .exe}/{@code .dll}/{@code .so} names; anything
 * that is not an executable is dropped after its first bytes. Stateless and thread-safe.
 */
public final class ExecutableAnalyzer implements Analyzer {

  private static final EntrySelector SELECTOR = EntrySelector.builder()
      .anyModeBits(0111)
      .suffixes(".exe", ".dll", ".so")
      .build();

  /** Creates the analyzer (ServiceLoader). */
  public ExecutableAnalyzer() {}

  @Override
  public String id() {
    return "executable";
  }

  @Override
  public String version() {
    return "3";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Scans one executable; a Go or cargo-auditable marker whose data cannot be read is an issue. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    ExecutableScanner.Result r = new ExecutableScanner().scan(content);
    if (r.format() == ExecutableFormat.NONE) {
      return;
    }
    Location where = context.location(entry.path());
    if (r.goMarker()) {
      if (r.goProblem() != null) {
        context.addIssue(entry.path(), r.goProblem());
      }
      go(r, where, context);
    }
    if (r.cargoProblem() != null) {
      context.addIssue(entry.path(), r.cargoProblem());
    } else if (r.cargoJson() != null) {
      cargo(r.cargoJson(), entry.path(), where, context);
    }
  }

  private static void go(ExecutableScanner.Result r, Location where, AnalysisContext context) {
    if (r.goModInfo() != null) {
      GoBuildInfo info = GoBuildInfo.parse(r.goModInfo());
      if (info.main() != null) {
        Package.Builder main = GoModules.module(info.main().path(), info.main().version(), where)
            .property("identifiedBy", "go-buildinfo").property("mainModule", "true");
        if (info.mainVersionFromLdflags()) {
          main.property("versionFrom", "ldflags");
        }
        context.addPackage(main.build());
      }
      for (GoBuildInfo.Module m : info.deps()) {
        Package.Builder b;
        if (m.replacePath() != null && m.replaceVersion() != null) {
          b = GoModules.module(m.replacePath(), m.replaceVersion(), where)
              .property("replaces", m.path() + (m.version() == null ? "" : "@" + m.version()));
        } else if (m.replacePath() != null) {
          b = GoModules.module(m.path(), null, where).property("replacedBy", m.replacePath());
        } else {
          b = GoModules.module(m.path(), m.version(), where);
        }
        context.addPackage(b.property("identifiedBy", "go-buildinfo").build());
      }
    }
    String stdlib = GoModules.stdlibVersion(r.goVersion());
    if (stdlib != null) {
      context.addPackage(GoModules.module("stdlib", stdlib, where)
          .property("identifiedBy", "go-buildinfo").property("goToolchain", r.goVersion()).build());
    }
  }

  private static void cargo(byte[] json, String path, Location where, AnalysisContext context) throws IOException {
    Object root = JsonTree.readOrRecord(new ByteArrayInputStream(json), context, path, "cargo-auditable JSON");
    if (root == null) {
      return;
    }
    for (Object o : JsonTree.list(JsonTree.obj(root).get("packages"))) {
      Map<String, Object> p = JsonTree.obj(o);
      String name = JsonTree.str(p.get("name"));
      String version = JsonTree.str(p.get("version"));
      if (name == null || version == null || "build".equals(p.get("kind"))) {
        continue;
      }
      Package.Builder b = Crates.crate(name, version, where).property("identifiedBy", "cargo-auditable");
      if (JsonTree.str(p.get("source")) != null) {
        b.property("source", JsonTree.str(p.get("source")));
      }
      if (Boolean.TRUE.equals(p.get("root"))) {
        b.property("root", "true");
      }
      context.addPackage(b.build());
    }
  }
}
