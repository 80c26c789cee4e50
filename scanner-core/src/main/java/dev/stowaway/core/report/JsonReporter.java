package dev.stowaway.core.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.AnalyzerInfo;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.core.ResultOrder;
import dev.stowaway.core.ScannerVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the JSON report, schema version {@value #SCHEMA_VERSION}. The field names of the contract are
 * fixed (fields may be added, never renamed or removed without a new schema version); lists are sorted
 * with {@link ResultOrder} and maps by key, so the output is deterministic. Absent values are left out,
 * except {@code os}, which is {@code null} when no OS was detected. A finding with a
 * {@link Suppression} carries {@code "suppressed": true|false} and a {@code "suppression"} object
 * ({@code kind}, {@code reason}, optional {@code expires}, {@code source}, and {@code "active": false}
 * when it no longer hides the finding, such as an expired exception). A vulnerability carries
 * {@code "cvss"} ({@code version}, {@code vector}, {@code baseScore}, {@code source}: the record the vector
 * came from) when its severity was rated by a CVSS vector, and {@code "distroSeverity"} when the
 * distribution rated it too; {@code severity} is the CVSS rating when there is one, else the distro's.
 */
public final class JsonReporter implements Reporter {

  /** The report schema version. */
  public static final int SCHEMA_VERSION = 1;

  private static final JsonFactory FACTORY = new JsonFactory();

  @Override
  public String format() {
    return "json";
  }

  @Override
  public void write(ScanResult r, OutputStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      ReportPrettyPrinter.use(g);
      g.writeStartObject();
      g.writeNumberField("schemaVersion", SCHEMA_VERSION);
      g.writeObjectFieldStart("scanner");
      g.writeStringField("name", "stowaway");
      g.writeStringField("version", ScannerVersion.get());
      g.writeEndObject();
      g.writeStringField("createdAt", r.scannedAt().toString());
      writeArtifact(g, r);
      writeOs(g, r.os());
      LayerTexts layers = new LayerTexts(r.artifact().layers());
      g.writeArrayFieldStart("packages");
      for (Package p : r.packages().stream().sorted(ResultOrder.PACKAGES).toList()) {
        writePackage(g, p, layers);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("findings");
      for (Finding f : r.findings().stream().sorted(ResultOrder.FINDINGS).toList()) {
        writeFinding(g, f, layers, r.suppression(f));
      }
      g.writeEndArray();
      g.writeArrayFieldStart("issues");
      for (AnalysisIssue i : r.issues().stream().sorted(ResultOrder.ISSUES).toList()) {
        g.writeStartObject();
        g.writeStringField("analyzer", i.analyzer());
        writeLocation(g, i.location(), layers);
        g.writeStringField("message", i.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("analyzers");
      for (AnalyzerInfo a : r.analyzers()) {
        g.writeStartObject();
        g.writeStringField("id", a.id());
        g.writeStringField("version", a.version());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  private static void writeArtifact(JsonGenerator g, ScanResult r) throws IOException {
    g.writeObjectFieldStart("artifact");
    g.writeStringField("name", r.artifact().name());
    writeDigest(g, "manifestDigest", r.artifact().manifestDigest());
    writeDigest(g, "configDigest", r.artifact().configDigest());
    ImageConfig c = r.artifact().config();
    if (c != null) {
      g.writeObjectFieldStart("config");
      writeString(g, "os", c.os());
      writeString(g, "architecture", c.architecture());
      writeString(g, "user", c.user());
      writeString(g, "workingDir", c.workingDir());
      writeStrings(g, "exposedPorts", c.exposedPorts());
      writeStrings(g, "entrypoint", c.entrypoint());
      writeStrings(g, "cmd", c.cmd());
      if (!c.labels().isEmpty()) {
        g.writeObjectFieldStart("labels");
        for (Map.Entry<String, String> e : new TreeMap<>(c.labels()).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeArrayFieldStart("layers");
    for (LayerInfo l : r.artifact().layers()) {
      g.writeStartObject();
      g.writeNumberField("index", l.index());
      writeDigest(g, "digest", l.digest());
      writeDigest(g, "diffId", l.diffId());
      g.writeNumberField("size", l.size());
      writeString(g, "createdBy", l.createdBy());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeOs(JsonGenerator g, OsRelease os) throws IOException {
    if (os == null) {
      g.writeNullField("os");
      return;
    }
    g.writeObjectFieldStart("os");
    g.writeStringField("id", os.id());
    writeString(g, "versionId", os.versionId());
    writeString(g, "version", os.version());
    writeString(g, "versionCodename", os.versionCodename());
    writeString(g, "name", os.name());
    writeString(g, "prettyName", os.prettyName());
    writeStrings(g, "idLike", os.idLike());
    g.writeEndObject();
  }

  // The names written for every package and location, encoded once (as the layer texts below are).
  private static final SerializedString ECOSYSTEM = new SerializedString("ecosystem");
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString VERSION = new SerializedString("version");
  private static final SerializedString PURL = new SerializedString("purl");
  private static final SerializedString SOURCE_NAME = new SerializedString("sourceName");
  private static final SerializedString SOURCE_VERSION = new SerializedString("sourceVersion");
  private static final SerializedString ARCH = new SerializedString("arch");
  private static final SerializedString LICENSES = new SerializedString("licenses");
  private static final SerializedString PROPERTIES = new SerializedString("properties");
  private static final SerializedString LAYER = new SerializedString("layer");
  private static final SerializedString INDEX = new SerializedString("index");
  private static final SerializedString DIFF_ID = new SerializedString("diffId");
  private static final SerializedString CREATED_BY = new SerializedString("createdBy");
  private static final SerializedString PATH = new SerializedString("path");
  private static final SerializedString NESTED_PATH = new SerializedString("nestedPath");

  private static void writePackage(JsonGenerator g, Package p, LayerTexts layers) throws IOException {
    g.writeStartObject();
    g.writeFieldName(ECOSYSTEM);
    g.writeString(p.ecosystem());
    g.writeFieldName(NAME);
    g.writeString(p.name());
    writeString(g, VERSION, p.version());
    writeString(g, PURL, p.purl());
    writeString(g, SOURCE_NAME, p.sourceName());
    writeString(g, SOURCE_VERSION, p.sourceVersion());
    writeString(g, ARCH, p.arch());
    writeStrings(g, LICENSES, p.licenses());
    writeLocation(g, p.location(), layers);
    if (!p.properties().isEmpty()) {
      g.writeFieldName(PROPERTIES);
      g.writeStartObject();
      for (Map.Entry<String, String> e : p.properties().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeFinding(JsonGenerator g, Finding f, LayerTexts layers, Suppression sup)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("kind", f.kind());
    g.writeStringField("id", f.id());
    g.writeStringField("severity", f.severity().name());
    g.writeStringField("title", f.title());
    writeString(g, "purl", f.purl());
    writeLocation(g, f.location(), layers);
    if (f.line() > 0) {
      g.writeNumberField("line", f.line());
    }
    g.writeBooleanField("removed", f.removed());
    if (f instanceof VulnerabilityFinding v) {
      writeStrings(g, "aliases", v.aliases());
      g.writeStringField("packageName", v.packageName());
      writeString(g, "installedVersion", v.installedVersion());
      writeString(g, "fixedVersion", v.fixedVersion());
      // "fixed": the advisory names a fixed version (upgrade to it); "unfixed": no fix is known yet.
      g.writeStringField("status", v.fixedVersion() == null ? "unfixed" : "fixed");
      // additive to schema 1: the CVSS score behind "severity" and the distro's own rating beside it
      if (v.cvss() != null) {
        g.writeObjectFieldStart("cvss");
        g.writeStringField("version", v.cvss().version());
        g.writeStringField("vector", v.cvss().vector());
        g.writeNumberField("baseScore", v.cvss().baseScore());
        writeString(g, "source", v.cvss().source());
        g.writeEndObject();
      }
      writeString(g, "distroSeverity", v.distroSeverity());
    } else if (f instanceof SecretFinding s) {
      if (s.removedIn() != null) {
        g.writeNumberField("removedInLayer", s.removedIn());
      }
      g.writeStringField("match", s.redacted());
      g.writeStringField("fingerprint", s.fingerprint());
      // column and entropy: additive to schema 1, written only when the analyzer knew them
      if (s.column() > 0) {
        g.writeNumberField("column", s.column());
      }
      if (s.entropy() > 0) {
        g.writeNumberField("entropy", Math.round(s.entropy() * 1000) / 1000.0);
      }
    } else if (f instanceof MisconfigurationFinding m) {
      writeString(g, "remediation", m.remediation());
      writeString(g, "benchmark", m.benchmark());
    }
    if (sup != null) {
      // "suppressed" and "suppression" appear only once a policy or VEX was applied (additive to schema 1)
      g.writeBooleanField("suppressed", sup.active());
      g.writeObjectFieldStart("suppression");
      g.writeStringField("kind", sup.kind().name().toLowerCase(java.util.Locale.ROOT));
      g.writeStringField("reason", sup.reason());
      if (sup.expires() != null) {
        g.writeStringField("expires", sup.expires().toString());
      }
      writeString(g, "source", sup.source());
      if (!sup.active()) {
        g.writeBooleanField("active", false);
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /**
   * The image's layers' diffIDs and history lines, encoded once: every package and finding names its layer,
   * thousands of times the same few strings (a sixth of the large image's report).
   */
  private static final class LayerTexts {
    final List<LayerInfo> layers;
    final SerializedString[] diffIds;
    final SerializedString[] createdBy;

    LayerTexts(List<LayerInfo> layers) {
      this.layers = layers;
      diffIds = new SerializedString[layers.size()];
      createdBy = new SerializedString[layers.size()];
      for (int i = 0; i < layers.size(); i++) {
        diffIds[i] = new SerializedString(layers.get(i).diffId().toString());
        String c = layers.get(i).createdBy();
        createdBy[i] = c == null ? null : new SerializedString(c);
      }
    }

    /** Whether {@code layer} is this image's layer at its index (a location may name another image's). */
    boolean isOwn(LayerRef layer) {
      return layer.index() < layers.size() && layers.get(layer.index()).diffId().equals(layer.diffId());
    }
  }

  private static void writeLocation(JsonGenerator g, Location l, LayerTexts layers) throws IOException {
    if (l == null) {
      return;
    }
    LayerRef layer = l.layer();
    if (layer != null) {
      g.writeFieldName(LAYER);
      g.writeStartObject();
      g.writeFieldName(INDEX);
      g.writeNumber(layer.index());
      if (layers.isOwn(layer)) {
        g.writeFieldName(DIFF_ID);
        g.writeString(layers.diffIds[layer.index()]);
        if (layers.createdBy[layer.index()] != null) {
          g.writeFieldName(CREATED_BY);
          g.writeString(layers.createdBy[layer.index()]);
        }
      } else {
        writeDigest(g, "diffId", layer.diffId());
      }
      g.writeEndObject();
    }
    g.writeFieldName(PATH);
    g.writeString(l.path());
    writeString(g, NESTED_PATH, l.nestedPath());
  }

  private static void writeDigest(JsonGenerator g, String name, Digest d) throws IOException {
    if (d != null) {
      g.writeStringField(name, d.toString());
    }
  }

  private static void writeString(JsonGenerator g, SerializedString name, String value) throws IOException {
    if (value != null) {
      g.writeFieldName(name);
      g.writeString(value);
    }
  }

  private static void writeString(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
    writeStrings(g, new SerializedString(name), values);
  }

  private static void writeStrings(JsonGenerator g, SerializedString name, List<String> values) throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeFieldName(name);
    g.writeStartArray();
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
