package dev.stowaway.core.policy;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A VEX document: OpenVEX (https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md, v0.2.0 and the
 * older string forms) or CycloneDX VEX (https://cyclonedx.org/capabilities/vex/, the
 * {@code vulnerabilities[].analysis} of a BOM). Immutable and thread-safe.
 *
 * <p>A statement applies to a {@link VulnerabilityFinding} when its vulnerability id equals the
 * finding's id or one of its aliases (either side), and the finding's purl matches one of the statement's
 * products: same purl ignoring qualifiers, or any version when the product purl has none. A
 * {@code pkg:oci/...} product without subcomponents means the whole image. A {@code pkg:oci/NAME@DIGEST}
 * product, with or without subcomponents, applies only when the scanned image has that digest (its
 * manifest digest, or its config digest, the "image id"); a scanned image of unknown digest matches no
 * digest, so a statement about another image never hides anything. The repository name is not compared
 * (the same image has many names); a {@code pkg:oci/NAME} without digest applies to any image. The last
 * matching statement wins. {@code not_affected} and {@code fixed} hide the finding; {@code affected} and
 * {@code under_investigation} are recorded as inactive suppressions.
 */
public final class VexDocument {
  /** Inputs larger than this are refused: VEX documents are small, and this bounds memory. */
  static final long MAX_BYTES = 16L << 20;

  private final String id;
  private final List<VexStatement> statements;

  /**
   * Creates a document.
   *
   * @param id the document id (used as the suppression source), or null
   * @param statements the statements in document order
   */
  public VexDocument(String id, List<VexStatement> statements) {
    this.id = id;
    this.statements = List.copyOf(statements);
  }

  /**
   * Returns the statements in document order.
   *
   * @return the statements
   */
  public List<VexStatement> statements() {
    return statements;
  }

  /**
   * Returns the document id ({@code @id} for OpenVEX, {@code serialNumber} for CycloneDX).
   *
   * @return the id, or null
   */
  public String id() {
    return id;
  }

  /**
   * Reads a VEX file (UTF-8, at most 16 MiB).
   *
   * @param file the file; not null
   * @return the document
   * @throws IOException if reading fails
   * @throws PolicyParseException if it is not OpenVEX or CycloneDX VEX, or too large
   */
  public static VexDocument load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new PolicyParseException(0, "VEX document larger than " + MAX_BYTES + " bytes: " + file);
      }
      return parse(new String(bytes, StandardCharsets.UTF_8), file.getFileName().toString());
    }
  }

  /**
   * Parses a VEX document, detecting the format.
   *
   * @param json the document text; not null
   * @param fallbackId the source name to use when the document has no id, or null
   * @return the document
   * @throws PolicyParseException if it is malformed or neither OpenVEX nor CycloneDX
   */
  public static VexDocument parse(String json, String fallbackId) {
    Map<?, ?> root = JsonTree.object(JsonTree.parse(json));
    if ("CycloneDX".equals(root.get("bomFormat"))) {
      return cycloneDx(root, fallbackId);
    }
    String context = JsonTree.string(root.get("@context"));
    if (context != null && context.contains("openvex") || root.containsKey("statements")) {
      return openVex(root, fallbackId);
    }
    throw new PolicyParseException(0, "not a VEX document (neither OpenVEX nor CycloneDX)");
  }

  private static VexDocument openVex(Map<?, ?> root, String fallbackId) {
    List<VexStatement> out = new ArrayList<>();
    for (Object o : JsonTree.array(root.get("statements"))) {
      Map<?, ?> s = JsonTree.object(o);
      Object vuln = s.get("vulnerability");
      String vulnId;
      List<String> aliases = new ArrayList<>();
      if (vuln instanceof String v) {
        vulnId = v;
      } else {
        Map<?, ?> v = JsonTree.object(vuln);
        vulnId = JsonTree.string(v.get("name"));
        if (vulnId == null) {
          vulnId = JsonTree.string(v.get("@id"));
        }
        for (Object a : JsonTree.array(v.get("aliases"))) {
          if (a instanceof String str) {
            aliases.add(str);
          }
        }
      }
      if (vulnId == null) {
        throw new PolicyParseException(0, "OpenVEX statement without a vulnerability name");
      }
      List<String> products = new ArrayList<>();
      List<String> images = new ArrayList<>();
      for (Object p : JsonTree.array(s.get("products"))) {
        if (p instanceof String str) {
          products.add(str);
          continue;
        }
        Map<?, ?> pm = JsonTree.object(p);
        List<?> subs = JsonTree.array(pm.get("subcomponents"));
        if (subs.isEmpty()) {
          addPurl(products, pm);
        } else {
          List<String> product = new ArrayList<>();
          addPurl(product, pm);
          product.stream().filter(x -> x.startsWith("pkg:oci/")).forEach(images::add);
          for (Object sub : subs) {
            addPurl(products, JsonTree.object(sub));
          }
        }
      }
      // v0.0.x put subcomponents next to products
      for (Object sub : JsonTree.array(s.get("subcomponents"))) {
        if (sub instanceof String str) {
          products.add(str);
        }
      }
      VexStatement.Status status = status(JsonTree.string(s.get("status")));
      String detail = JsonTree.string(s.get("impact_statement"));
      if (detail == null) {
        detail = JsonTree.string(s.get("action_statement"));
      }
      out.add(new VexStatement(vulnId, aliases, products, status, JsonTree.string(s.get("justification")), detail,
          images));
    }
    String id = JsonTree.string(root.get("@id"));
    return new VexDocument(id != null ? id : fallbackId, out);
  }

  private static void addPurl(List<String> products, Map<?, ?> component) {
    String purl = JsonTree.string(JsonTree.object(component.get("identifiers")).get("purl"));
    if (purl == null) {
      purl = JsonTree.string(component.get("@id"));
    }
    if (purl != null) {
      products.add(purl);
    }
  }

  private static VexStatement.Status status(String s) {
    if (s == null) {
      throw new PolicyParseException(0, "VEX statement without a status");
    }
    return switch (s) {
      case "not_affected" -> VexStatement.Status.NOT_AFFECTED;
      case "fixed" -> VexStatement.Status.FIXED;
      case "affected" -> VexStatement.Status.AFFECTED;
      case "under_investigation" -> VexStatement.Status.UNDER_INVESTIGATION;
      default -> throw new PolicyParseException(0, "unknown VEX status '" + s + "'");
    };
  }

  private static VexDocument cycloneDx(Map<?, ?> root, String fallbackId) {
    Map<String, String> purlByRef = new HashMap<>();
    List<Object> components = new ArrayList<>(JsonTree.array(root.get("components")));
    components.add(JsonTree.object(root.get("metadata")).get("component"));
    for (int i = 0; i < components.size(); i++) {
      Map<?, ?> c = JsonTree.object(components.get(i));
      String ref = JsonTree.string(c.get("bom-ref"));
      String purl = JsonTree.string(c.get("purl"));
      if (ref != null && purl != null) {
        purlByRef.put(ref, purl);
      }
      if (components.size() < 100_000) {
        components.addAll(JsonTree.array(c.get("components")));
      }
    }
    List<VexStatement> out = new ArrayList<>();
    for (Object o : JsonTree.array(root.get("vulnerabilities"))) {
      Map<?, ?> v = JsonTree.object(o);
      String vulnId = JsonTree.string(v.get("id"));
      Map<?, ?> analysis = JsonTree.object(v.get("analysis"));
      String state = JsonTree.string(analysis.get("state"));
      if (vulnId == null || state == null) {
        continue; // a vulnerability without an analysis says nothing about exploitability
      }
      List<String> aliases = new ArrayList<>();
      for (Object r : JsonTree.array(v.get("references"))) {
        String a = JsonTree.string(JsonTree.object(r).get("id"));
        if (a != null) {
          aliases.add(a);
        }
      }
      List<String> products = new ArrayList<>();
      for (Object a : JsonTree.array(v.get("affects"))) {
        String ref = JsonTree.string(JsonTree.object(a).get("ref"));
        if (ref == null) {
          continue;
        }
        int hash = ref.startsWith("urn:cdx:") ? ref.indexOf('#') : -1;
        String local = hash >= 0 ? ref.substring(hash + 1) : ref;
        String purl = purlByRef.getOrDefault(local, local.startsWith("pkg:") ? local : null);
        if (purl != null) {
          products.add(purl);
        }
      }
      VexStatement.Status status = switch (state) {
        case "not_affected", "false_positive" -> VexStatement.Status.NOT_AFFECTED;
        case "resolved", "resolved_with_pedigree" -> VexStatement.Status.FIXED;
        case "exploitable" -> VexStatement.Status.AFFECTED;
        case "in_triage" -> VexStatement.Status.UNDER_INVESTIGATION;
        default -> throw new PolicyParseException(0, "unknown CycloneDX analysis state '" + state + "'");
      };
      out.add(new VexStatement(vulnId, aliases, products, status, JsonTree.string(analysis.get("justification")),
          JsonTree.string(analysis.get("detail"))));
    }
    String id = JsonTree.string(root.get("serialNumber"));
    return new VexDocument(id != null ? id : fallbackId, out);
  }

  /**
   * Applies the statements to the vulnerability findings of a result. Findings that already have an
   * active suppression keep it. Pure.
   *
   * @param result the scan result; not null
   * @return a new result with VEX suppressions merged in
   */
  public ScanResult apply(ScanResult result) {
    Map<Finding, Suppression> out = new LinkedHashMap<>(result.suppressions());
    for (Finding f : result.findings()) {
      if (!(f instanceof VulnerabilityFinding v)) {
        continue;
      }
      Suppression existing = out.get(f);
      if (existing != null && existing.active()) {
        continue;
      }
      VexStatement match = null;
      for (VexStatement s : statements) {
        if (sameVulnerability(s, v) && imageMatches(s, result.artifact()) && productMatches(s, v, result.artifact())) {
          match = s;
        }
      }
      if (match != null) {
        boolean hides = match.status() == VexStatement.Status.NOT_AFFECTED
            || match.status() == VexStatement.Status.FIXED;
        StringBuilder reason = new StringBuilder(match.status().wire());
        if (match.justification() != null) {
          reason.append(": ").append(match.justification());
        }
        if (match.detail() != null) {
          reason.append(" (").append(match.detail()).append(')');
        }
        out.put(f, new Suppression(Suppression.Kind.VEX, reason.toString(), null,
            id == null ? "vex" : id, hides));
      }
    }
    return result.withSuppressions(out);
  }

  private static boolean sameVulnerability(VexStatement s, VulnerabilityFinding v) {
    if (s.vulnerability().equals(v.id()) || v.aliases().contains(s.vulnerability())) {
      return true;
    }
    for (String a : s.aliases()) {
      if (a.equals(v.id()) || v.aliases().contains(a)) {
        return true;
      }
    }
    return false;
  }

  /** A statement scoped to images (OpenVEX products with subcomponents) needs one naming this image. */
  private static boolean imageMatches(VexStatement s, ArtifactInfo image) {
    return s.images().isEmpty() || s.images().stream().anyMatch(p -> isThisImage(p, image));
  }

  /**
   * Tells whether a {@code pkg:oci/NAME@DIGEST} purl names the scanned image: its digest (the version,
   * {@code sha256%3A...}) is the image's manifest or config digest; without a digest, any image.
   */
  static boolean isThisImage(String ociPurl, ArtifactInfo image) {
    String noQualifiers = Purls.withoutQualifiers(ociPurl);
    int at = noQualifiers.lastIndexOf('@');
    if (at < 0) {
      return true;
    }
    String digest = Purls.decode(noQualifiers.substring(at + 1)).toLowerCase(Locale.ROOT);
    return image.manifestDigest() != null && digest.equals(image.manifestDigest().toString())
        || image.configDigest() != null && digest.equals(image.configDigest().toString());
  }

  private static boolean productMatches(VexStatement s, VulnerabilityFinding v, ArtifactInfo image) {
    if (s.products().isEmpty()) {
      return true;
    }
    for (String p : s.products()) {
      if (p.startsWith("pkg:oci/")) {
        if (isThisImage(p, image)) {
          return true; // the whole image (subcomponents, when given, replaced the image product at parse time)
        }
        continue;
      }
      if (v.purl() == null) {
        continue;
      }
      String product = Purls.decode(Purls.withoutQualifiers(p)).toLowerCase(Locale.ROOT);
      String finding = Purls.decode(Purls.withoutQualifiers(v.purl())).toLowerCase(Locale.ROOT);
      if (product.equals(finding)) {
        return true;
      }
      if (product.indexOf('@') < 0
          && product.equals(Purls.decode(Purls.withoutVersion(v.purl())).toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
