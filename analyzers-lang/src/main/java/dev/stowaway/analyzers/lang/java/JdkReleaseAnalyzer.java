package dev.stowaway.analyzers.lang.java;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reports a JDK or JRE installation from its {@code release} file (for example {@code
 * usr/lib/jvm/java-17-openjdk-amd64/release} or {@code opt/java/openjdk/release}): {@code KEY="value"}
 * lines with IMPLEMENTOR, JAVA_VERSION and JAVA_RUNTIME_VERSION
 * (<a href="https://openjdk.org/jeps/220">JEP 220</a> describes the file).
 *
 * <p>OSV has no JDK ecosystem, so the package has ecosystem {@code generic}, name {@code openjdk}, the
 * JAVA_VERSION as version, purl {@code pkg:generic/openjdk@<version>}, and properties {@code implementor},
 * {@code runtimeVersion}, {@code cpe} (the NVD product {@code oracle:openjdk}) and a {@code note}.
 * Stateless and thread-safe.
 */
public final class JdkReleaseAnalyzer implements Analyzer {

  private static final int MAX_SIZE = 64 * 1024;
  private static final EntrySelector SELECTOR =
      EntrySelector.builder().basenames("release").maxSize(MAX_SIZE).build();

  /** Creates the analyzer (ServiceLoader). */
  public JdkReleaseAnalyzer() {}

  @Override
  public String id() {
    return "jdk-release";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Reports the JDK when the file has a JAVA_VERSION; other {@code release} files are ignored. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    byte[] bytes = content.readNBytes(MAX_SIZE + 1);
    if (bytes.length > MAX_SIZE) {
      context.addIssue(entry.path(), "release file larger than " + MAX_SIZE + " bytes");
      return;
    }
    Map<String, String> kv = new HashMap<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String v = line.substring(eq + 1).trim();
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
        v = v.substring(1, v.length() - 1);
      }
      kv.put(line.substring(0, eq).trim(), v);
    }
    String version = kv.get("JAVA_VERSION");
    if (version == null || version.isBlank()) {
      return;
    }
    Package.Builder b = Package.builder("generic", "openjdk", version)
        .purl("pkg:generic/openjdk@" + JavaArchiveAnalyzer.enc(version))
        .location(context.location(entry.path()))
        .property("identifiedBy", "release")
        .property("confidence", "high")
        .property("cpe", "cpe:2.3:a:oracle:openjdk:" + version + ":*:*:*:*:*:*:*")
        .property("note", "JDK/JRE found by its release file; OSV has no JDK ecosystem, match by CPE");
    if (kv.containsKey("IMPLEMENTOR")) {
      b.property("implementor", kv.get("IMPLEMENTOR"));
    }
    if (kv.containsKey("JAVA_RUNTIME_VERSION")) {
      b.property("runtimeVersion", kv.get("JAVA_RUNTIME_VERSION"));
    }
    context.addPackage(b.build());
  }
}
