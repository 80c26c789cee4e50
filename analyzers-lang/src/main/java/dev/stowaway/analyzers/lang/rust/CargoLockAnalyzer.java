package dev.stowaway.analyzers.lang.rust;

import dev.stowaway.analyzers.lang.text.TomlText;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reports crates from {@code Cargo.lock}, lock file versions 1 to 4: every {@code [[package]]} table with
 * its {@code name} and {@code version}
 * (<a href="https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html">Cargo.lock</a>; the
 * format is TOML, <a href="https://toml.io/en/v1.0.0">TOML 1.0</a>). Workspace members (no {@code source})
 * are reported too, with property {@code source=local}; others carry their {@code source}. Ecosystem
 * {@code crates.io}. Stateless and thread-safe.
 */
public final class CargoLockAnalyzer implements Analyzer {

  private static final int MAX_SIZE = 16 << 20;
  private static final EntrySelector SELECTOR =
      EntrySelector.builder().basenames("Cargo.lock").maxSize(MAX_SIZE).build();

  /** Creates the analyzer (ServiceLoader). */
  public CargoLockAnalyzer() {}

  @Override
  public String id() {
    return "cargo-lock";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Parses the lock file; TOML errors and packages without name or version are recorded as issues. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    byte[] bytes = content.readNBytes(MAX_SIZE + 1);
    if (bytes.length > MAX_SIZE) {
      context.addIssue(entry.path(), "Cargo.lock larger than " + MAX_SIZE + " bytes");
      return;
    }
    TomlParseResult toml = TomlText.parseOrRecord(new String(bytes, StandardCharsets.UTF_8), context, entry.path(),
        "Cargo.lock");
    if (toml == null) {
      return;
    }
    TomlArray packages;
    try {
      packages = toml.getArray("package");
    } catch (org.tomlj.TomlInvalidTypeException e) {
      context.addIssue(entry.path(), "malformed Cargo.lock: package is not an array of tables");
      return;
    }
    if (packages == null) {
      return;
    }
    int skipped = 0;
    for (int i = 0; i < packages.size(); i++) {
      if (!(packages.get(i) instanceof TomlTable t) || !(t.get("name") instanceof String name)
          || !(t.get("version") instanceof String version)) {
        skipped++;
        continue;
      }
      Package.Builder b = Crates.crate(name, version, context.location(entry.path()))
          .property("identifiedBy", "Cargo.lock");
      b.property("source", t.get("source") instanceof String s ? s : "local");
      context.addPackage(b.build());
    }
    if (skipped > 0) {
      context.addIssue(entry.path(), skipped + " [[package]] entries without name or version skipped");
    }
  }
}
