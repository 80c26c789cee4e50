package dev.stowaway.core.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.core.ResultOrder;
import dev.stowaway.core.ScannerVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html): one run, one
 * rule per distinct finding id (sorted), one result per finding with a {@code layerIndex/path} location,
 * a line region when known, and {@code partialFingerprints} so code-scanning services de-duplicate
 * across runs. Suppressed findings carry a SARIF {@code suppressions} entry. Stateless, thread-safe.
 */
public final class SarifReporter implements Reporter {
  static final String SCHEMA =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
  private static final JsonFactory FACTORY = new JsonFactory();

  @Override
  public String format() {
    return "sarif";
  }

  /** Maps a severity to a SARIF level: critical/high → error, medium → warning, low/unknown → note. */
  static String level(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, UNKNOWN -> "note";
    };
  }

  /** The GitHub {@code security-severity} score for a severity. */
  static String securitySeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "2.0";
      case UNKNOWN -> "0.0";
    };
  }

  @Override
  public void write(ScanResult r, OutputStream out) throws IOException {
    List<Finding> findings = r.findings().stream().sorted(ResultOrder.FINDINGS).toList();
    // the first finding (in canonical order) of each id defines the rule
    Map<String, Finding> rules = new TreeMap<>();
    for (Finding f : findings) {
      rules.putIfAbsent(f.id(), f);
    }
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      ReportPrettyPrinter.use(g);
      g.writeStartObject();
      g.writeStringField("$schema", SCHEMA);
      g.writeStringField("version", "2.1.0");
      g.writeArrayFieldStart("runs");
      g.writeStartObject();
      g.writeObjectFieldStart("tool");
      g.writeObjectFieldStart("driver");
      g.writeStringField("name", "stowaway");
      g.writeStringField("version", ScannerVersion.get());
      g.writeStringField("informationUri", "https://stowaway.dev");
      g.writeArrayFieldStart("rules");
      for (Finding f : rules.values()) {
        ruleIndex.put(f.id(), ruleIndex.size());
        g.writeStartObject();
        g.writeStringField("id", f.id());
        g.writeStringField("name", f.kind());
        g.writeObjectFieldStart("shortDescription");
        g.writeStringField("text", f.title());
        g.writeEndObject();
        g.writeObjectFieldStart("help");
        g.writeStringField("text", help(f));
        g.writeEndObject();
        g.writeObjectFieldStart("defaultConfiguration");
        g.writeStringField("level", level(f.severity()));
        g.writeEndObject();
        g.writeObjectFieldStart("properties");
        g.writeStringField("security-severity", f instanceof VulnerabilityFinding v && v.cvss() != null
            ? String.format(Locale.ROOT, "%.1f", v.cvss().baseScore()) : securitySeverity(f.severity()));
        g.writeArrayFieldStart("tags");
        g.writeString("security");
        g.writeString(f.kind());
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("results");
      for (Finding f : findings) {
        writeResult(g, f, ruleIndex.get(f.id()), r.suppression(f));
      }
      g.writeEndArray();
      g.writeObjectFieldStart("properties");
      g.writeStringField("artifact", r.artifact().name());
      g.writeStringField("scannedAt", r.scannedAt().toString());
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  private static void writeResult(JsonGenerator g, Finding f, int index, Suppression sup) throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", f.id());
    g.writeNumberField("ruleIndex", index);
    g.writeStringField("level", level(f.severity()));
    g.writeObjectFieldStart("message");
    g.writeStringField("text", message(f));
    g.writeEndObject();
    g.writeArrayFieldStart("locations");
    g.writeStartObject();
    g.writeObjectFieldStart("physicalLocation");
    g.writeObjectFieldStart("artifactLocation");
    g.writeStringField("uri", FindingText.uri(f.location()));
    g.writeEndObject();
    if (f.line() > 0) {
      g.writeObjectFieldStart("region");
      g.writeNumberField("startLine", f.line());
      if (f instanceof SecretFinding s && s.column() > 0) {
        g.writeNumberField("startColumn", s.column());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField("stowawayFinding/v1", FindingText.fingerprint(f));
    g.writeEndObject();
    if (f instanceof VulnerabilityFinding v && (v.cvss() != null || v.distroSeverity() != null)) {
      g.writeObjectFieldStart("properties");
      if (v.cvss() != null) {
        g.writeStringField("cvssVersion", v.cvss().version());
        g.writeStringField("cvssVector", v.cvss().vector());
        g.writeNumberField("cvssBaseScore", v.cvss().baseScore());
        if (v.cvss().source() != null) {
          g.writeStringField("cvssSource", v.cvss().source());
        }
      }
      if (v.distroSeverity() != null) {
        g.writeStringField("distroSeverity", v.distroSeverity());
      }
      g.writeEndObject();
    }
    if (sup != null && sup.active()) {
      g.writeArrayFieldStart("suppressions");
      g.writeStartObject();
      g.writeStringField("kind", "external");
      g.writeStringField("justification", sup.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + sup.reason());
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static String message(Finding f) {
    if (f instanceof VulnerabilityFinding v) {
      return v.id() + " in " + v.packageName() + (v.installedVersion() == null ? "" : " " + v.installedVersion())
          + (v.fixedVersion() == null ? " (no fix yet)" : " (fixed in " + v.fixedVersion() + ")") + ": " + v.title();
    }
    return f.title();
  }

  private static String help(Finding f) {
    StringBuilder sb = new StringBuilder(f.title()).append(" (").append(f.kind()).append(", ")
        .append(f.severity().name().toLowerCase(java.util.Locale.ROOT)).append(')');
    if (f instanceof VulnerabilityFinding v && !v.aliases().isEmpty()) {
      sb.append(". Aliases: ").append(String.join(", ", v.aliases()));
    } else if (f instanceof dev.stowaway.api.model.MisconfigurationFinding m && m.remediation() != null) {
      sb.append(". Remediation: ").append(m.remediation());
    }
    return sb.toString();
  }
}
