package dev.stowaway.analyzers.lang.python;

import dev.stowaway.analyzers.lang.text.LineBudget;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reports installed Python distributions from their core metadata: {@code *.dist-info/METADATA},
 * {@code *.egg-info/PKG-INFO}, {@code *.egg-info} files and unzipped eggs ({@code *.egg/EGG-INFO/PKG-INFO});
 * zipped {@code .egg} files are {@link PythonEggAnalyzer}'s.
 *
 * <p>Format: <a href="https://packaging.python.org/en/latest/specifications/core-metadata/">core
 * metadata specification</a> (RFC 822 style headers up to the first empty line). The package name is
 * the declared {@code Name}; the purl uses the name normalised as
 * <a href="https://peps.python.org/pep-0503/#normalized-names">PEP 503</a> says. Ecosystem {@code PyPI}.
 * Stateless and thread-safe.
 */
public final class PythonMetadataAnalyzer implements Analyzer {

  private static final int MAX_SIZE = 4 << 20;
  private static final EntrySelector SELECTOR = EntrySelector.builder()
      .globs("**/*.dist-info/METADATA", "**/*.egg-info/PKG-INFO", "**/*.egg/EGG-INFO/PKG-INFO")
      .suffixes(".egg-info")
      .maxSize(MAX_SIZE)
      .build();

  /** Creates the analyzer (ServiceLoader). */
  public PythonMetadataAnalyzer() {}

  @Override
  public String id() {
    return "python-metadata";
  }

  @Override
  public String version() {
    return "2";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Reads the headers; a file without a {@code Name} header is recorded as an issue. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    byte[] bytes = content.readNBytes(MAX_SIZE + 1);
    if (bytes.length > MAX_SIZE) {
      context.addIssue(entry.path(), "python metadata larger than " + MAX_SIZE + " bytes");
      return;
    }
    String identifiedBy = entry.path().contains(".dist-info/") ? "dist-info"
        : entry.path().contains("/EGG-INFO/") ? "egg" : "egg-info";
    Package pkg = fromMetadata(bytes, context.location(entry.path()), identifiedBy,
        new LineBudget(context, entry.path(), "later headers"));
    if (pkg == null) {
      context.addIssue(entry.path(), "python metadata without a Name header");
      return;
    }
    context.addPackage(pkg);
  }

  /**
   * The package that core metadata describes (headers up to the first empty line), or null when it
   * has no {@code Name}. Shared with the {@code .egg} reader, which finds the same format in a zip.
   */
  static Package fromMetadata(byte[] bytes, Location location, String identifiedBy, LineBudget budget) {
    String name = null;
    String version = null;
    List<String> licenses = new ArrayList<>();
    String license = null;
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
      if (line.isEmpty() || !budget.take()) {
        break; // the body (description) starts here
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "name" -> name = name == null ? value : name;
        case "version" -> version = version == null ? value : version;
        case "license-expression" -> licenses.add(0, value);
        case "license" -> license = value;
        case "classifier" -> {
          if (value.startsWith("License :: ")) {
            licenses.add(value.substring(value.lastIndexOf("::") + 2).trim());
          }
        }
        default -> { }
      }
    }
    if (name == null || name.isEmpty()) {
      return null;
    }
    if (version != null && version.isEmpty()) {
      version = null;
    }
    if (licenses.isEmpty() && license != null && !license.isEmpty() && !"UNKNOWN".equals(license)
        && license.length() < 200) {
      licenses.add(license);
    }
    String normalized = normalize(name);
    return Package.builder("PyPI", name, version)
        .purl("pkg:pypi/" + normalized + (version == null ? "" : "@" + version))
        .licenses(licenses)
        .location(location)
        .property("identifiedBy", identifiedBy)
        .build();
  }

  /** PEP 503: lower case, runs of {@code -}, {@code _} and {@code .} become one {@code -}. */
  static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }
}
