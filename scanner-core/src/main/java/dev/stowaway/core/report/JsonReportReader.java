package dev.stowaway.core.report;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Cvss;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.LicenseFinding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.PolicyViolation;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.AnalyzerInfo;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JSON report written by {@link JsonReporter} (schema version {@value JsonReporter#SCHEMA_VERSION})
 * back into a {@link ScanResult}, so a saved report can be re-rendered in another format or compared with
 * another one without scanning again. Members this reader does not know (added by later versions of the
 * schema, such as CVSS details) are ignored.
 *
 * <p>What the report does not carry is absent from the result: the image config's environment, history
 * and diffIDs, and each package's installed files. Writing the result with {@link JsonReporter} again
 * gives the same bytes as the report that was read (for reports written by this scanner version).
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonReportReader {

  /** The largest report read, in bytes. */
  public static final long MAX_BYTES = 512L * 1024 * 1024;

  private JsonReportReader() {}

  /**
   * Reads a report file.
   *
   * @param file the report; not null
   * @return the result; never null
   * @throws ImageFormatException if the file is not a Stowaway JSON report or is too large
   * @throws IOException if the file cannot be read
   */
  public static ScanResult read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new ImageFormatException(file + ": larger than " + MAX_BYTES + " bytes, not read as a report");
    }
    return read(Files.readAllBytes(file), file.toString());
  }

  /**
   * Reads a report from a stream, which it does not close.
   *
   * @param in the report bytes; not null; read to the end
   * @param what the name used in error messages; not null
   * @return the result; never null
   * @throws ImageFormatException if the bytes are not a Stowaway JSON report
   * @throws IOException if the stream fails
   */
  public static ScanResult read(InputStream in, String what) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 1));
    if (bytes.length > MAX_BYTES) {
      throw new ImageFormatException(what + ": larger than " + MAX_BYTES + " bytes, not read as a report");
    }
    return read(bytes, what);
  }

  /**
   * Tells whether bytes look like a Stowaway JSON report (a JSON object with {@code schemaVersion} and
   * {@code scanner.name = stowaway}), without judging the rest.
   *
   * @param bytes the candidate; not null
   * @return true if they do
   */
  public static boolean isReport(byte[] bytes) {
    try {
      JsonObject root = Json.parseObject(bytes, "report");
      JsonObject scanner = root.object("scanner");
      return root.longValue("schemaVersion") != null && scanner != null
          && "stowaway".equals(scanner.string("name"));
    } catch (ImageFormatException e) {
      return false;
    }
  }

  /**
   * Reads a report from bytes.
   *
   * @param bytes the report (UTF-8 JSON); not null
   * @param what the name used in error messages; not null
   * @return the result; never null
   * @throws ImageFormatException if the bytes are not a Stowaway JSON report of a known schema version
   */
  public static ScanResult read(byte[] bytes, String what) throws ImageFormatException {
    JsonObject root = Json.parseObject(bytes, what);
    Long schema = root.longValue("schemaVersion");
    if (schema == null) {
      throw root.error("not a Stowaway JSON report (no schemaVersion)");
    }
    if (schema != JsonReporter.SCHEMA_VERSION) {
      throw root.error("report schema version " + schema + " is not supported (this scanner reads "
          + JsonReporter.SCHEMA_VERSION + ")");
    }
    try {
      ArtifactInfo artifact = artifact(root.requireObject("artifact"));
      OsRelease os = os(root.object("os"));
      List<Package> packages = new ArrayList<>();
      for (JsonObject p : root.objects("packages")) {
        packages.add(pkg(p));
      }
      List<Finding> findings = new ArrayList<>();
      Map<Finding, Suppression> suppressions = new LinkedHashMap<>();
      for (JsonObject f : root.objects("findings")) {
        Finding finding = finding(f);
        findings.add(finding);
        JsonObject s = f.object("suppression");
        if (s != null) {
          suppressions.put(finding, suppression(s, f.bool("suppressed")));
        }
      }
      List<AnalysisIssue> issues = new ArrayList<>();
      for (JsonObject i : root.objects("issues")) {
        issues.add(new AnalysisIssue(i.requireString("analyzer"), location(i), i.requireString("message")));
      }
      List<AnalyzerInfo> analyzers = new ArrayList<>();
      for (JsonObject a : root.objects("analyzers")) {
        analyzers.add(new AnalyzerInfo(a.requireString("id"), a.requireString("version")));
      }
      return new ScanResult(artifact, os, packages, findings, issues, analyzers,
          instant(root, "createdAt", true), suppressions);
    } catch (IllegalArgumentException | DateTimeException e) {
      // a malformed digest, layer index or date inside an otherwise well-formed document
      throw new ImageFormatException(what + ": " + e.getMessage(), e);
    }
  }

  private static ArtifactInfo artifact(JsonObject a) throws ImageFormatException {
    ImageConfig config = null;
    JsonObject c = a.object("config");
    if (c != null) {
      config = new ImageConfig(c.string("os"), c.string("architecture"), null, c.string("user"), List.of(),
          c.strings("exposedPorts"), c.stringMap("labels"), c.strings("entrypoint"), c.strings("cmd"),
          c.string("workingDir"), List.of(), List.of(), List.of());
    }
    List<LayerInfo> layers = new ArrayList<>();
    for (JsonObject l : a.objects("layers")) {
      Long size = l.longValue("size");
      layers.add(new LayerInfo(intValue(l, "index"), Digest.parse(l.requireString("digest")),
          Digest.parse(l.requireString("diffId")), size == null ? -1 : size, l.string("createdBy")));
    }
    return new ArtifactInfo(a.requireString("name"), digest(a, "manifestDigest"), digest(a, "configDigest"),
        config, layers);
  }

  private static OsRelease os(JsonObject o) throws ImageFormatException {
    if (o == null) {
      return null;
    }
    return new OsRelease(o.requireString("id"), o.string("versionId"), o.string("version"),
        o.string("versionCodename"), o.string("name"), o.string("prettyName"), o.strings("idLike"));
  }

  private static Package pkg(JsonObject p) throws ImageFormatException {
    Location location = location(p);
    if (location == null) {
      throw p.error("package " + p.string("name") + " has no path");
    }
    return new Package(p.requireString("ecosystem"), p.requireString("name"), p.string("version"),
        p.string("purl"), p.string("sourceName"), p.string("sourceVersion"), p.string("arch"),
        p.strings("licenses"), location, List.of(), p.stringMap("properties"));
  }

  private static Finding finding(JsonObject f) throws ImageFormatException {
    String kind = f.requireString("kind");
    String id = f.requireString("id");
    Severity severity = severity(f);
    String title = f.requireString("title");
    Location location = location(f);
    Long lineValue = f.longValue("line");
    int line = lineValue == null ? 0 : Math.toIntExact(lineValue);
    return switch (kind) {
      case "vulnerability" -> new VulnerabilityFinding(id, f.strings("aliases"), severity, title, f.string("purl"),
          f.requireString("packageName"), f.string("installedVersion"), f.string("fixedVersion"), location,
          cvss(f.object("cvss")), f.string("distroSeverity"));
      case "secret" -> {
        if (location == null) {
          throw f.error("secret " + id + " has no path");
        }
        Long removedIn = f.longValue("removedInLayer");
        Long column = f.longValue("column");
        Double entropy = f.doubleValue("entropy");
        yield new SecretFinding(id, severity, title, location, line, f.requireString("match"),
            f.requireString("fingerprint"), removedIn == null ? null : Math.toIntExact(removedIn),
            column == null ? 0 : Math.toIntExact(column), entropy == null ? 0 : entropy);
      }
      case "misconfiguration" -> new MisconfigurationFinding(id, severity, title, f.string("remediation"),
          f.string("benchmark"), location, line);
      case "license" -> new LicenseFinding(id, severity, title, f.string("purl"), location);
      case "policy" -> new PolicyViolation(id, severity, title, location);
      default -> throw f.error("unknown finding kind '" + kind + "'");
    };
  }

  private static Cvss cvss(JsonObject c) throws ImageFormatException {
    if (c == null) {
      return null;
    }
    Double score = c.doubleValue("baseScore");
    if (score == null) {
      throw c.error("missing " + c.field("baseScore"));
    }
    return new Cvss(c.requireString("version"), c.requireString("vector"), score, c.string("source"));
  }

  private static Suppression suppression(JsonObject s, Boolean suppressed) throws ImageFormatException {
    String kind = s.requireString("kind").toUpperCase(Locale.ROOT);
    Suppression.Kind k;
    try {
      k = Suppression.Kind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw s.error("unknown suppression kind '" + s.string("kind") + "'");
    }
    String expires = s.string("expires");
    Boolean active = s.bool("active");
    boolean isActive = active != null ? active : suppressed == null || suppressed;
    return new Suppression(k, s.requireString("reason"), expires == null ? null : LocalDate.parse(expires),
        s.string("source"), isActive);
  }

  private static Location location(JsonObject o) throws ImageFormatException {
    String path = o.string("path");
    if (path == null) {
      return null;
    }
    JsonObject l = o.object("layer");
    LayerRef layer = l == null ? null : new LayerRef(intValue(l, "index"), Digest.parse(l.requireString("diffId")));
    return new Location(layer, path, o.string("nestedPath"));
  }

  private static Severity severity(JsonObject f) throws ImageFormatException {
    String s = f.requireString("severity");
    try {
      return Severity.valueOf(s);
    } catch (IllegalArgumentException e) {
      return Severity.parseLenient(s);
    }
  }

  private static int intValue(JsonObject o, String key) throws ImageFormatException {
    Long v = o.longValue(key);
    if (v == null) {
      throw o.error("missing " + o.field(key));
    }
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw o.error(o.field(key) + " out of range: " + v);
    }
    return v.intValue();
  }

  private static Digest digest(JsonObject o, String key) throws ImageFormatException {
    String s = o.string(key);
    return s == null ? null : Digest.parse(s);
  }

  private static Instant instant(JsonObject o, String key, boolean required) throws ImageFormatException {
    String s = required ? o.requireString(key) : o.string(key);
    return s == null ? null : Instant.parse(s);
  }
}
