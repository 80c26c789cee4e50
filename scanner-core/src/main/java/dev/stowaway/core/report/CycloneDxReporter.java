package dev.stowaway.core.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.core.ResultOrder;
import dev.stowaway.core.ScannerVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Writes a CycloneDX 1.6 JSON BOM (https://cyclonedx.org/docs/1.6/json/): the image as
 * {@code metadata.component}, one component per package (purl, bom-ref, licences, layer and path as
 * properties), and a {@code vulnerabilities} section with ratings, affects and, for findings with a
 * suppression, an analysis. The serial number is derived from the config digest, so the output is
 * deterministic. Stateless, thread-safe.
 */
public final class CycloneDxReporter implements Reporter {
  private static final JsonFactory FACTORY = new JsonFactory();
  private final boolean includeVulnerabilities;

  /** Creates the full reporter (components and vulnerabilities). */
  public CycloneDxReporter() {
    this(true);
  }

  /**
   * Creates a reporter.
   *
   * @param includeVulnerabilities false for a packages-only SBOM ({@code stowaway sbom})
   */
  public CycloneDxReporter(boolean includeVulnerabilities) {
    this.includeVulnerabilities = includeVulnerabilities;
  }

  @Override
  public String format() {
    return "cyclonedx";
  }

  @Override
  public void write(ScanResult r, OutputStream out) throws IOException {
    List<Package> packages = r.packages().stream().sorted(ResultOrder.PACKAGES).toList();
    Map<Package, String> refs = bomRefs(packages);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      ReportPrettyPrinter.use(g);
      g.writeStartObject();
      g.writeStringField("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
      g.writeStringField("bomFormat", "CycloneDX");
      g.writeStringField("specVersion", "1.6");
      g.writeStringField("serialNumber", "urn:uuid:" + UUID.nameUUIDFromBytes(identity(r)));
      g.writeNumberField("version", 1);
      g.writeObjectFieldStart("metadata");
      g.writeStringField("timestamp", r.scannedAt().truncatedTo(ChronoUnit.SECONDS).toString());
      g.writeObjectFieldStart("tools");
      g.writeArrayFieldStart("components");
      g.writeStartObject();
      g.writeStringField("type", "application");
      g.writeStringField("name", "stowaway");
      g.writeStringField("version", ScannerVersion.get());
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeObjectFieldStart("component");
      g.writeStringField("type", "container");
      g.writeStringField("bom-ref", "image");
      g.writeStringField("name", r.artifact().name());
      if (r.artifact().manifestDigest() != null) {
        g.writeStringField("version", r.artifact().manifestDigest().toString());
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("components");
      for (Package p : packages) {
        writeComponent(g, p, refs.get(p));
      }
      g.writeEndArray();
      g.writeArrayFieldStart("dependencies");
      g.writeStartObject();
      g.writeStringField("ref", "image");
      g.writeArrayFieldStart("dependsOn");
      for (String ref : new TreeSet<>(refs.values())) {
        g.writeString(ref);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      if (includeVulnerabilities) {
        writeVulnerabilities(g, r, packages, refs);
      }
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  private static byte[] identity(ScanResult r) {
    String id = r.artifact().configDigest() != null ? r.artifact().configDigest().toString()
        : r.artifact().name() + "@" + r.scannedAt();
    return ("stowaway-cyclonedx:" + id).getBytes(StandardCharsets.UTF_8);
  }

  /** Unique bom-refs: the purl, or ecosystem/name@version; a counter suffix for repeats. */
  private static Map<Package, String> bomRefs(List<Package> packages) {
    Map<Package, String> refs = new HashMap<>();
    Set<String> used = new HashSet<>();
    for (Package p : packages) {
      String base = p.purl() != null ? p.purl()
          : p.ecosystem() + "/" + p.name() + (p.version() == null ? "" : "@" + p.version());
      String ref = base;
      for (int n = 2; !used.add(ref); n++) {
        ref = base + "#" + n;
      }
      refs.put(p, ref);
    }
    return refs;
  }

  private static void writeComponent(JsonGenerator g, Package p, String ref) throws IOException {
    g.writeStartObject();
    g.writeStringField("bom-ref", ref);
    g.writeStringField("type", "library");
    g.writeStringField("name", p.name());
    if (p.version() != null) {
      g.writeStringField("version", p.version());
    }
    if (p.purl() != null) {
      g.writeStringField("purl", p.purl());
    }
    if (!p.licenses().isEmpty()) {
      g.writeArrayFieldStart("licenses");
      for (String l : p.licenses()) {
        // licence names as found in package metadata are not always SPDX ids; "name" accepts any text
        g.writeStartObject();
        g.writeObjectFieldStart("license");
        g.writeStringField("name", l);
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeArrayFieldStart("properties");
    property(g, "stowaway:ecosystem", p.ecosystem());
    if (p.location().layer() != null) {
      property(g, "stowaway:layer:index", String.valueOf(p.location().layer().index()));
      property(g, "stowaway:layer:diffId", p.location().layer().diffId().toString());
    }
    property(g, "stowaway:path", p.location().path());
    if (p.location().nestedPath() != null) {
      property(g, "stowaway:nestedPath", p.location().nestedPath());
    }
    if (p.sourceName() != null) {
      property(g, "stowaway:source", p.sourceName() + (p.sourceVersion() == null ? "" : "@" + p.sourceVersion()));
    }
    for (Map.Entry<String, String> e : p.properties().entrySet()) {
      property(g, "stowaway:" + e.getKey(), e.getValue());
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void property(JsonGenerator g, String name, String value) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("value", value);
    g.writeEndObject();
  }

  private static void writeVulnerabilities(JsonGenerator g, ScanResult r, List<Package> packages,
      Map<Package, String> refs) throws IOException {
    List<VulnerabilityFinding> vulns = new ArrayList<>();
    for (Finding f : r.findings().stream().sorted(ResultOrder.FINDINGS).toList()) {
      if (f instanceof VulnerabilityFinding v) {
        vulns.add(v);
      }
    }
    g.writeArrayFieldStart("vulnerabilities");
    Set<String> usedRefs = new HashSet<>();
    for (VulnerabilityFinding v : vulns) {
      String ref = "vuln:" + v.id() + ":" + FindingText.fingerprint(v);
      if (!usedRefs.add(ref)) {
        continue; // the same finding twice adds nothing
      }
      g.writeStartObject();
      g.writeStringField("bom-ref", ref);
      g.writeStringField("id", v.id());
      g.writeObjectFieldStart("source");
      g.writeStringField("name", source(v.id()));
      g.writeEndObject();
      writeRatings(g, v);
      g.writeStringField("description", v.title());
      if (v.fixedVersion() != null) {
        g.writeStringField("recommendation", "Upgrade " + v.packageName() + " to " + v.fixedVersion());
      }
      if (!v.aliases().isEmpty()) {
        g.writeArrayFieldStart("references");
        for (String a : v.aliases()) {
          g.writeStartObject();
          g.writeStringField("id", a);
          g.writeObjectFieldStart("source");
          g.writeStringField("name", source(a));
          g.writeEndObject();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      Suppression sup = r.suppression(v);
      if (sup != null) {
        g.writeObjectFieldStart("analysis");
        g.writeStringField("state", analysisState(sup));
        g.writeStringField("detail", sup.kind().name().toLowerCase(Locale.ROOT) + ": " + sup.reason());
        g.writeEndObject();
      }
      g.writeArrayFieldStart("affects");
      g.writeStartObject();
      g.writeStringField("ref", affectedRef(v, packages, refs));
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** The CVSS rating (score, method, vector) when known, else the plain severity; the distro's rating beside. */
  private static void writeRatings(JsonGenerator g, VulnerabilityFinding v) throws IOException {
    g.writeArrayFieldStart("ratings");
    g.writeStartObject();
    if (v.cvss() != null) {
      if (v.cvss().source() != null) {
        g.writeObjectFieldStart("source");
        g.writeStringField("name", source(v.cvss().source()));
        g.writeEndObject();
      }
      g.writeNumberField("score", v.cvss().baseScore());
    }
    g.writeStringField("severity", v.severity().name().toLowerCase(Locale.ROOT));
    if (v.cvss() != null) {
      g.writeStringField("method", switch (v.cvss().version()) {
        case "2.0" -> "CVSSv2";
        case "3.0" -> "CVSSv3";
        case "3.1" -> "CVSSv31";
        case "4.0" -> "CVSSv4";
        default -> "other";
      });
      g.writeStringField("vector", v.cvss().vector());
    }
    g.writeEndObject();
    if (v.distroSeverity() != null && v.cvss() != null) {
      // without CVSS the severity above already is the distro's
      g.writeStartObject();
      Severity distro = Severity.parseLenient(v.distroSeverity());
      // Debian's "unimportant": known, but of no consequence for the distro's binaries
      String rating = distro != Severity.UNKNOWN ? distro.name().toLowerCase(Locale.ROOT)
          : v.distroSeverity().equalsIgnoreCase("unimportant") ? "info" : "unknown";
      g.writeStringField("severity", rating);
      g.writeStringField("method", "other");
      g.writeStringField("justification", "distribution rating: " + v.distroSeverity());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static String analysisState(Suppression s) {
    String reason = s.reason().toLowerCase(Locale.ROOT);
    if (s.kind() == Suppression.Kind.VEX) {
      if (reason.startsWith("fixed")) {
        return "resolved";
      }
      if (reason.startsWith("affected")) {
        return "exploitable";
      }
      if (reason.startsWith("under_investigation")) {
        return "in_triage";
      }
      return "not_affected";
    }
    if (s.kind() == Suppression.Kind.BACKPORT) {
      return "resolved_with_pedigree";
    }
    return s.active() ? "not_affected" : "in_triage";
  }

  /** The bom-ref of the package the vulnerability is in: same purl, else same name; else the image. */
  private static String affectedRef(VulnerabilityFinding v, List<Package> packages, Map<Package, String> refs) {
    for (Package p : packages) {
      if (v.purl() != null && v.purl().equals(p.purl())) {
        return refs.get(p);
      }
    }
    for (Package p : packages) {
      if (p.name().equals(v.packageName()) && java.util.Objects.equals(p.version(), v.installedVersion())) {
        return refs.get(p);
      }
    }
    return "image";
  }

  private static String source(String id) {
    int dash = id.indexOf('-');
    return dash > 0 ? id.substring(0, dash) : "stowaway";
  }
}
