package dev.stowaway.core.sbom;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.LayerRef;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.report.AnalyzerInfo;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.ResultOrder;
import dev.stowaway.core.json.Json;
import dev.stowaway.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the package inventory of an SBOM written by another tool (or by Stowaway): CycloneDX 1.4 to 1.6
 * JSON and SPDX 2.2 / 2.3 JSON. Each component or package with a Package URL becomes a {@link Package}:
 * the purl type gives the OSV ecosystem ({@code pkg:maven} is {@code Maven}, {@code pkg:deb/debian/...}
 * with {@code distro=debian-12} is {@code Debian:12}), the namespace and name give the name, and the
 * distro comes from the {@code distro} qualifier or else from the SBOM's operating-system component.
 * Source packages (which distro advisories name) come from the {@code upstream} qualifier, Trivy's
 * {@code SrcName}/{@code SrcVersion} properties or Stowaway's own {@code stowaway:source} property.
 * Components without a purl cannot be matched and are counted in an {@link AnalysisIssue}.
 *
 * <p>The result has no findings and no layers; match it with
 * {@link dev.stowaway.core.match.ResultRematcher}. Stateless and thread-safe.
 *
 * @see <a href="https://cyclonedx.org/docs/1.6/json/">CycloneDX 1.6 JSON reference</a>
 * @see <a href="https://spdx.github.io/spdx-spec/v2.3/">SPDX 2.3 specification</a>
 */
public final class SbomReader {

  /** The largest SBOM read, in bytes. */
  public static final long MAX_BYTES = 256L * 1024 * 1024;
  /** The most components read from one SBOM. */
  public static final int MAX_COMPONENTS = 1_000_000;

  private static final Pattern DISTRO = Pattern.compile("([a-z][a-z0-9._]*?)-(\\d+)(?:\\.(\\d+))?.*");
  private static final Pattern LEADING_NUMBERS = Pattern.compile("^(\\d+)(?:\\.(\\d+))?");

  private SbomReader() {}

  /**
   * Reads an SBOM file.
   *
   * @param file the SBOM; not null
   * @param at the time to give the result; not null
   * @return the inventory as a result without findings; never null
   * @throws ImageFormatException if the file is not CycloneDX or SPDX JSON of a supported version
   * @throws IOException if it cannot be read
   */
  public static ScanResult read(Path file, Instant at) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new ImageFormatException(file + ": larger than " + MAX_BYTES + " bytes, not read as an SBOM");
    }
    return read(Files.readAllBytes(file), file.toString(), at);
  }

  /**
   * Reads an SBOM from bytes.
   *
   * @param bytes the SBOM JSON; not null
   * @param what the name used as artifact name (when the SBOM names no subject) and in messages; not null
   * @param at the time to give the result; not null
   * @return the inventory as a result without findings; never null
   * @throws ImageFormatException if the bytes are not CycloneDX or SPDX JSON of a supported version
   */
  public static ScanResult read(byte[] bytes, String what, Instant at) throws ImageFormatException {
    JsonObject root = Json.parseObject(bytes, what);
    if ("CycloneDX".equals(root.string("bomFormat"))) {
      return cycloneDx(root, what, at);
    }
    String spdx = root.string("spdxVersion");
    if (spdx != null) {
      return spdx(root, spdx, what, at);
    }
    throw root.error("not a CycloneDX or SPDX JSON document (no bomFormat or spdxVersion)");
  }

  private static ScanResult cycloneDx(JsonObject root, String what, Instant at) throws ImageFormatException {
    String spec = root.string("specVersion");
    if (!List.of("1.4", "1.5", "1.6").contains(spec)) {
      throw root.error("CycloneDX specVersion " + spec + " is not supported (1.4, 1.5 and 1.6 are)");
    }
    JsonObject metadata = root.object("metadata");
    JsonObject subject = metadata == null ? null : metadata.object("component");
    String name = subject != null && subject.string("name") != null ? subject.string("name") : "sbom:" + what;
    List<JsonObject> components = new ArrayList<>();
    collect(root.objects("components"), components);
    OsRelease os = null;
    for (JsonObject c : components) {
      if ("operating-system".equals(c.string("type")) && c.string("name") != null) {
        os = new OsRelease(c.string("name").toLowerCase(Locale.ROOT), c.string("version"), c.string("version"),
            null, c.string("name"), c.string("description"), List.of());
        break;
      }
    }
    List<Package> packages = new ArrayList<>();
    int withoutPurl = 0;
    for (JsonObject c : components) {
      if ("operating-system".equals(c.string("type"))) {
        continue;
      }
      Map<String, String> props = new LinkedHashMap<>();
      for (JsonObject p : c.objects("properties")) {
        if (p.string("name") != null && p.string("value") != null) {
          props.putIfAbsent(p.string("name"), p.string("value"));
        }
      }
      String purl = c.string("purl");
      Package pkg = purl == null ? null : toPackage(purl, c.string("name"), c.string("version"), licenses(c), props, os,
          what);
      if (pkg == null) {
        withoutPurl++;
      } else {
        packages.add(pkg);
      }
    }
    return result(name, os, packages, withoutPurl, "sbom-cyclonedx", at);
  }

  private static void collect(List<JsonObject> from, List<JsonObject> into) throws ImageFormatException {
    for (JsonObject c : from) {
      if (into.size() >= MAX_COMPONENTS) {
        throw c.error("more than " + MAX_COMPONENTS + " components");
      }
      into.add(c);
      // nesting depth is bounded by the JSON parser
      collect(c.objects("components"), into);
    }
  }

  private static List<String> licenses(JsonObject c) throws ImageFormatException {
    List<String> out = new ArrayList<>();
    for (JsonObject l : c.objects("licenses")) {
      JsonObject lic = l.object("license");
      if (lic != null) {
        String v = lic.string("id") != null ? lic.string("id") : lic.string("name");
        if (v != null) {
          out.add(v);
        }
      } else if (l.string("expression") != null) {
        out.add(l.string("expression"));
      }
    }
    return out;
  }

  private static ScanResult spdx(JsonObject root, String version, String what, Instant at)
      throws ImageFormatException {
    if (!List.of("SPDX-2.2", "SPDX-2.3").contains(version)) {
      throw root.error("SPDX version " + version + " is not supported (SPDX-2.2 and SPDX-2.3 are)");
    }
    List<JsonObject> all = root.objects("packages");
    if (all.size() > MAX_COMPONENTS) {
      throw root.error("more than " + MAX_COMPONENTS + " packages");
    }
    OsRelease os = null;
    for (JsonObject p : all) {
      if ("OPERATING-SYSTEM".equals(p.string("primaryPackagePurpose")) && p.string("name") != null) {
        os = new OsRelease(p.string("name").toLowerCase(Locale.ROOT), p.string("versionInfo"), p.string("versionInfo"),
            null, p.string("name"), null, List.of());
        break;
      }
    }
    List<Package> packages = new ArrayList<>();
    int withoutPurl = 0;
    for (JsonObject p : all) {
      String purpose = p.string("primaryPackagePurpose");
      if ("OPERATING-SYSTEM".equals(purpose) || "CONTAINER".equals(purpose)) {
        continue;
      }
      String purl = null;
      for (JsonObject ref : p.objects("externalRefs")) {
        if ("purl".equals(ref.string("referenceType"))) {
          purl = ref.string("referenceLocator");
          break;
        }
      }
      List<String> licenses = new ArrayList<>();
      String declared = p.string("licenseDeclared");
      if (declared != null && !declared.equals("NOASSERTION") && !declared.equals("NONE")) {
        licenses.add(declared);
      }
      Package pkg = purl == null ? null
          : toPackage(purl, p.string("name"), p.string("versionInfo"), licenses, Map.of(), os, what);
      if (pkg == null) {
        withoutPurl++;
      } else {
        packages.add(pkg);
      }
    }
    String name = root.string("name") != null ? root.string("name") : "sbom:" + what;
    return result(name, os, packages, withoutPurl, "sbom-spdx", at);
  }

  private static ScanResult result(String name, OsRelease os, List<Package> packages, int withoutPurl,
      String reader, Instant at) {
    List<AnalysisIssue> issues = new ArrayList<>();
    if (withoutPurl > 0) {
      issues.add(new AnalysisIssue(reader, null, withoutPurl + " component(s) without a usable purl were not matched"));
    }
    return new ScanResult(new ArtifactInfo(name, null, null, null, List.of()), os,
        packages.stream().sorted(ResultOrder.PACKAGES).toList(), List.of(), issues,
        List.of(new AnalyzerInfo(reader, "1")), at);
  }

  /** Builds a package from a purl and the document's facts; null when the purl is unusable. */
  private static Package toPackage(String purlText, String docName, String docVersion, List<String> licenses,
      Map<String, String> props, OsRelease os, String what) {
    PackageUrl purl = PackageUrl.parse(purlText);
    if (purl == null) {
      return null;
    }
    String version = purl.version() != null ? purl.version() : docVersion;
    String name = packageName(purl);
    String ecosystem = props.get("stowaway:ecosystem");
    if (ecosystem == null) {
      ecosystem = ecosystem(purl, os);
    }
    String sourceName = null;
    String sourceVersion = null;
    String upstream = purl.qualifiers().get("upstream");
    String ours = props.get("stowaway:source");
    if (ours != null) {
      int at = ours.indexOf('@');
      sourceName = at < 0 ? ours : ours.substring(0, at);
      sourceVersion = at < 0 ? null : ours.substring(at + 1);
    } else if (props.containsKey("aquasecurity:trivy:SrcName")) {
      sourceName = props.get("aquasecurity:trivy:SrcName");
      sourceVersion = props.get("aquasecurity:trivy:SrcVersion");
      if (sourceVersion != null && props.containsKey("aquasecurity:trivy:SrcRelease")) {
        sourceVersion = sourceVersion + "-" + props.get("aquasecurity:trivy:SrcRelease");
      }
    } else if (upstream != null) {
      // Syft writes upstream=name or upstream=name@version
      int at = upstream.indexOf('@');
      sourceName = at < 0 ? upstream : upstream.substring(0, at);
      sourceVersion = at < 0 ? version : upstream.substring(at + 1);
    }
    LayerRef layer = null;
    String index = props.get("stowaway:layer:index");
    String diffId = props.get("stowaway:layer:diffId");
    if (index != null && diffId != null) {
      try {
        layer = new LayerRef(Integer.parseInt(index), Digest.parse(diffId));
      } catch (IllegalArgumentException e) {
        layer = null; // a malformed hint only loses the layer
      }
    }
    String path = firstOf(props, "stowaway:path", "aquasecurity:trivy:FilePath", "syft:location:0:path");
    Package.Builder b = Package.builder(ecosystem, name, version).purl(purlText)
        .source(sourceName, sourceVersion).arch(purl.qualifiers().get("arch")).licenses(licenses)
        .location(new Location(layer, path == null ? what : path, props.get("stowaway:nestedPath")));
    b.property("identifiedBy", "sbom");
    return b.build();
  }

  private static String firstOf(Map<String, String> props, String... keys) {
    for (String k : keys) {
      if (props.get(k) != null) {
        return props.get(k);
      }
    }
    return null;
  }

  private static String packageName(PackageUrl p) {
    String ns = p.namespace();
    return switch (p.type()) {
      case "maven" -> ns == null ? p.name() : ns + ":" + p.name();
      case "npm", "golang", "composer" -> ns == null ? p.name() : ns + "/" + p.name();
      default -> p.name();
    };
  }

  /** The OSV ecosystem of a purl: language types directly, OS types through the distro. */
  static String ecosystem(PackageUrl p, OsRelease os) {
    switch (p.type()) {
      case "maven":
        return "Maven";
      case "npm":
        return "npm";
      case "pypi":
        return "PyPI";
      case "golang":
        return "Go";
      case "cargo":
        return "crates.io";
      case "gem":
        return "RubyGems";
      case "nuget":
        return "NuGet";
      case "composer":
        return "Packagist";
      case "hex":
        return "Hex";
      case "pub":
        return "Pub";
      case "deb":
      case "apk":
      case "rpm":
        return osEcosystem(p, os);
      default:
        return p.type();
    }
  }

  private static String osEcosystem(PackageUrl p, OsRelease os) {
    String id = null;
    String major = null;
    String minor = null;
    String distro = p.qualifiers().get("distro");
    Matcher m = distro == null ? null : DISTRO.matcher(distro.toLowerCase(Locale.ROOT));
    if (m != null && m.matches()) {
      id = m.group(1);
      major = m.group(2);
      minor = m.group(3);
    } else if (os != null) {
      id = os.id();
      Matcher v = os.versionId() == null ? null : LEADING_NUMBERS.matcher(os.versionId());
      if (v != null && v.find()) {
        major = v.group(1);
        minor = v.group(2);
      }
    }
    if (id == null && p.namespace() != null) {
      id = p.namespace().toLowerCase(Locale.ROOT);
    }
    if (id == null) {
      return p.type();
    }
    switch (id) {
      case "debian":
        return major == null ? p.type() : "Debian:" + major;
      case "ubuntu":
        if (major == null || minor == null) {
          return p.type();
        }
        // LTS releases are the April releases of even years
        boolean lts = Integer.parseInt(major) % 2 == 0 && minor.equals("04");
        return "Ubuntu:" + major + "." + minor + (lts ? ":LTS" : "");
      case "alpine":
        return major == null || minor == null ? p.type() : "Alpine:v" + major + "." + minor;
      case "wolfi":
        return "Wolfi";
      case "chainguard":
        return "Chainguard";
      case "rocky":
        return major == null ? p.type() : "Rocky Linux:" + major;
      case "almalinux":
        return major == null ? p.type() : "AlmaLinux:" + major;
      default:
        return p.type();
    }
  }
}
