package dev.stowaway.analyzers.lang.java;

import dev.stowaway.analyzers.lang.zip.StreamingZipReader;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.LimitExceededException;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds Maven artifacts in Java archives ({@code .jar .war .ear .par .sar .nar .jpi .hpi .kar}), read in
 * streaming mode, including archives nested in archives (Spring Boot {@code BOOT-INF/lib}, {@code
 * WEB-INF/lib}, EAR {@code lib/}, jars in jars) within the scan's nesting depth, entry and byte limits.
 *
 * <p>Each package has ecosystem {@code Maven}, name {@code group:artifact} (just the artifact when no
 * group is known, then without purl), purl {@code pkg:maven/group/artifact@version}, a location whose
 * nested path is the {@code !}-separated chain of archives inside the layer file (null for the file
 * itself), and properties {@code identifiedBy} ({@code pom.properties}, {@code pom.xml}, {@code
 * manifest}, {@code native-image}, {@code filename}, {@code sbom}), {@code confidence} ({@code high}, {@code medium}, {@code low}) and
 * {@code evidence} (the path inside the archive that identified it). A Spring Boot SBOM
 * ({@code META-INF/sbom/application.cdx.json}, also under {@code BOOT-INF/classes/}) adds the Maven
 * components it lists that the archive's own evidence did not already name ({@code identifiedBy=sbom},
 * confidence high, located at the archive holding the SBOM).
 *
 * <p>Coverage: after each layer one issue {@code coverage: N of M Java archives identified with group,
 * artifact and version} is recorded (M counts top-level and nested archives that are ZIP files).
 *
 * <p>Stateless and thread-safe; per-layer counts live in the context's state.
 */
public final class JavaArchiveAnalyzer implements Analyzer {

  /** The archive suffixes handled, lower case with the dot. */
  static final Set<String> EXTENSIONS =
      Set.of(".jar", ".war", ".ear", ".par", ".sar", ".nar", ".jpi", ".hpi", ".kar");

  /** The largest manifest, pom.properties or pom.xml read into memory. */
  private static final int MAX_SMALL_ENTRY = 1 << 20;
  /** The largest embedded SBOM read into memory. */
  private static final int MAX_SBOM = 16 << 20;

  private static final EntrySelector SELECTOR = EntrySelector.builder()
      .suffixes(EXTENSIONS.toArray(String[]::new))
      .matching(e -> isArchiveName(e.basename()))
      .build();

  /** Per-layer coverage counts. */
  static final class Coverage {
    int archives;
    int identified;
  }

  /** Creates the analyzer (ServiceLoader). */
  public JavaArchiveAnalyzer() {}

  @Override
  public String id() {
    return "java-archive";
  }

  @Override
  public String version() {
    return "3";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /**
   * Reads one archive and everything nested in it. Malformed archives and exhausted limits are
   * recorded as issues; whatever was identified before stays.
   */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    Coverage coverage = context.state(Coverage.class, Coverage::new);
    StreamingZipReader.Budget budget = new StreamingZipReader.Budget(
        context.limits().maxNestedEntries(), context.limits().maxNestedBytes());
    Map<String, Package> found = new LinkedHashMap<>();
    Walk walk = new Walk(entry.path(), context, budget, coverage, found);
    try {
      walk.archive(entry.basename(), null, content, 0);
    } catch (LimitExceededException e) {
      context.addIssue(entry.path(), "java archive not fully read: " + e.getMessage());
    }
    walk.addSbomComponentsNotFoundOtherwise();
    found.values().forEach(context::addPackage);
  }

  /** Records the layer's coverage as an issue with a stable {@code coverage:} prefix. */
  @Override
  public void finishLayer(AnalysisContext context) {
    Coverage c = context.state(Coverage.class, Coverage::new);
    if (c.archives > 0) {
      context.addIssue(null, "coverage: " + c.identified + " of " + c.archives
          + " Java archives identified with group, artifact and version");
    }
  }

  static boolean isArchiveName(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot).toLowerCase(Locale.ROOT));
  }

  /** The walk of one top-level archive. */
  private static final class Walk {
    private final String path;
    private final AnalysisContext context;
    private final StreamingZipReader.Budget budget;
    private final Coverage coverage;
    private final Map<String, Package> found;
    private final Location base;
    /** Components of embedded SBOMs, with the nested path of the archive that holds the SBOM ("" for the top). */
    private final List<Map.Entry<String, ArchiveIdentifier.Coordinates>> sbomComponents = new ArrayList<>();

    Walk(String path, AnalysisContext context, StreamingZipReader.Budget budget, Coverage coverage,
        Map<String, Package> found) {
      this.path = path;
      this.context = context;
      this.budget = budget;
      this.coverage = coverage;
      this.found = found;
      this.base = context.location(path);
    }

    void archive(String fileName, String nestedPath, InputStream in, int depth) throws IOException {
      String where = nestedPath == null ? path : path + "!" + nestedPath;
      ArchiveIdentifier id = new ArchiveIdentifier(fileName);
      StreamingZipReader reader = new StreamingZipReader(in, budget, where);
      boolean zip;
      try {
        zip = reader.read(new StreamingZipReader.EntryHandler() {
          @Override
          public boolean wants(String name) {
            id.seeEntryName(name);
            return name.equals("META-INF/MANIFEST.MF") || ArchiveIdentifier.isPomProperties(name)
                || ArchiveIdentifier.isPomXml(name) || SpringBootSbom.isSbom(name)
                || (!name.endsWith("/") && isArchiveName(baseName(name)));
          }

          @Override
          public void entry(String name, InputStream content) throws IOException {
            if (isArchiveName(baseName(name)) && !name.endsWith("/")) {
              nested(name, nestedPath == null ? name : nestedPath + "!" + name, content, depth + 1);
              return;
            }
            boolean sbom = SpringBootSbom.isSbom(name);
            byte[] bytes = readBounded(content, where + "!" + name, sbom ? MAX_SBOM : MAX_SMALL_ENTRY);
            if (bytes == null) {
              return;
            }
            try {
              if (sbom) {
                for (ArchiveIdentifier.Coordinates c : SpringBootSbom.read(bytes, name)) {
                  sbomComponents.add(Map.entry(nestedPath == null ? "" : nestedPath, c));
                }
              } else if (name.equals("META-INF/MANIFEST.MF")) {
                id.setManifest(bytes);
              } else if (ArchiveIdentifier.isPomProperties(name)) {
                id.addPomProperties(name, bytes);
              } else {
                id.addPomXml(name, bytes);
              }
            } catch (IOException | IllegalArgumentException e) {
              context.addIssue(path, "cannot parse " + where + "!" + name + ": " + e.getMessage());
            }
          }
        });
      } catch (LimitExceededException e) {
        record(id.identify(), nestedPath);
        throw e;
      } catch (IOException e) {
        context.addIssue(path, "malformed java archive " + where + ": " + e.getMessage());
        record(id.identify(), nestedPath);
        return;
      }
      if (!zip) {
        context.addIssue(path, "not a zip archive: " + where);
        return;
      }
      record(id.identify(), nestedPath);
    }

    private void nested(String name, String nestedPath, InputStream content, int depth) throws IOException {
      if (depth > context.limits().maxNestingDepth()) {
        context.addIssue(path, "nested archive not opened, maxNestingDepth (" + context.limits().maxNestingDepth()
            + ") reached at " + path + "!" + nestedPath);
        ArchiveIdentifier.Coordinates c = ArchiveIdentifier.fromFileNameOnly(baseName(name));
        record(c == null ? List.of() : List.of(c), nestedPath);
        return;
      }
      archive(baseName(name), nestedPath, content, depth);
    }

    private void record(List<ArchiveIdentifier.Coordinates> coords, String nestedPath) {
      coverage.archives++;
      if (coords.stream().anyMatch(ArchiveIdentifier.Coordinates::complete)) {
        coverage.identified++;
      }
      for (ArchiveIdentifier.Coordinates c : coords) {
        add(c, nestedPath);
      }
    }

    /**
     * Reports what an embedded SBOM lists and the archive walk did not find itself (a dependency shaded
     * into a jar without its pom.properties, or one named differently by its file name); a component the
     * walk found by its own evidence is reported once, from that evidence.
     */
    void addSbomComponentsNotFoundOtherwise() {
      java.util.Set<String> known = new java.util.HashSet<>();
      for (Package p : found.values()) {
        known.add(p.name() + "@" + p.version());
      }
      for (Map.Entry<String, ArchiveIdentifier.Coordinates> e : sbomComponents) {
        ArchiveIdentifier.Coordinates c = e.getValue();
        if (known.add(c.group() + ":" + c.artifact() + "@" + c.version())) {
          add(c, e.getKey().isEmpty() ? null : e.getKey());
        }
      }
    }

    private void add(ArchiveIdentifier.Coordinates c, String nestedPath) {
      Location loc = new Location(base.layer(), base.path(), nestedPath);
      {
        String name = c.group() == null ? c.artifact() : c.group() + ":" + c.artifact();
        Package.Builder b = Package.builder("Maven", name, c.version())
            .location(loc)
            .licenses(c.licenses())
            .property("identifiedBy", c.identifiedBy())
            .property("confidence", c.confidence());
        if (c.evidence() != null) {
          b.property("evidence", c.evidence());
        }
        if (c.classifier() != null) {
          b.property("classifier", c.classifier());
        }
        if (c.group() != null && c.version() != null) {
          b.purl("pkg:maven/" + enc(c.group()) + "/" + enc(c.artifact()) + "@" + enc(c.version())
              + (c.classifier() == null ? "" : "?classifier=" + enc(c.classifier())));
        }
        found.putIfAbsent(nestedPath + "|" + name + "|" + c.version(), b.build());
      }
    }

    private byte[] readBounded(InputStream in, String where, int max) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] b = new byte[8192];
      int n;
      while ((n = in.read(b)) >= 0) {
        out.write(b, 0, n);
        if (out.size() > max) {
          context.addIssue(path, "skipped " + where + ": larger than " + max + " bytes");
          return null;
        }
      }
      return out.toByteArray();
    }
  }

  static String baseName(String name) {
    String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    return n.substring(n.lastIndexOf('/') + 1);
  }

  /** Percent-encodes a purl component (purl spec: encode all but unreserved characters). */
  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
  }
}
