package dev.stowaway.analyzers.lang.java;

import dev.stowaway.analyzers.lang.json.JsonTree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Maven components listed by a CycloneDX SBOM that Spring Boot (3.3+) embeds in an application at
 * {@code META-INF/sbom/application.cdx.json} (or under {@code BOOT-INF/classes/}); see
 * <a href="https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.sbom">
 * Spring Boot SBOM support</a> and the <a href="https://cyclonedx.org/docs/1.6/json/">CycloneDX 1.6 JSON
 * reference</a>. Only components with a {@code pkg:maven/} purl are taken, nested {@code components}
 * included; the application itself ({@code metadata.component}) is left out because the archive's own
 * {@code pom.properties} names it. Stateless.
 */
final class SpringBootSbom {

  /** Where Spring Boot's plugins put the SBOM. */
  static boolean isSbom(String entryName) {
    return entryName.equals("META-INF/sbom/application.cdx.json")
        || entryName.equals("BOOT-INF/classes/META-INF/sbom/application.cdx.json")
        || entryName.equals("WEB-INF/classes/META-INF/sbom/application.cdx.json");
  }

  private SpringBootSbom() {}

  /**
   * Reads the Maven components.
   *
   * @param json the SBOM's bytes
   * @param evidence the entry name, recorded on each coordinate
   * @return the coordinates, identified by {@code sbom} with high confidence
   * @throws IOException if the JSON is malformed
   */
  static List<ArchiveIdentifier.Coordinates> read(byte[] json, String evidence) throws IOException {
    Map<String, Object> root = JsonTree.obj(JsonTree.read(new ByteArrayInputStream(json)));
    if (!"CycloneDX".equals(root.get("bomFormat"))) {
      throw new IOException("not a CycloneDX document");
    }
    List<ArchiveIdentifier.Coordinates> out = new ArrayList<>();
    components(root.get("components"), evidence, out, 0);
    return out;
  }

  private static void components(Object list, String evidence, List<ArchiveIdentifier.Coordinates> out, int depth) {
    if (depth > 20) {
      return;
    }
    for (Object o : JsonTree.list(list)) {
      Map<String, Object> c = JsonTree.obj(o);
      ArchiveIdentifier.Coordinates coords = fromPurl(JsonTree.str(c.get("purl")), evidence);
      if (coords != null) {
        List<String> licenses = new ArrayList<>();
        for (Object l : JsonTree.list(c.get("licenses"))) {
          Map<String, Object> lic = JsonTree.obj(JsonTree.obj(l).get("license"));
          String id = JsonTree.str(lic.get("id")) != null ? JsonTree.str(lic.get("id")) : JsonTree.str(lic.get("name"));
          if (id != null) {
            licenses.add(id);
          } else if (JsonTree.str(JsonTree.obj(l).get("expression")) != null) {
            licenses.add(JsonTree.str(JsonTree.obj(l).get("expression")));
          }
        }
        out.add(new ArchiveIdentifier.Coordinates(coords.group(), coords.artifact(), coords.version(),
            coords.classifier(), "sbom", "high", evidence, licenses));
      }
      components(c.get("components"), evidence, out, depth + 1);
    }
  }

  /** Parses {@code pkg:maven/group/artifact@version?classifier=x}; null for anything else. */
  static ArchiveIdentifier.Coordinates fromPurl(String purl, String evidence) {
    if (purl == null || !purl.startsWith("pkg:maven/")) {
      return null;
    }
    String rest = purl.substring("pkg:maven/".length());
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    String qualifiers = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      qualifiers = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int at = rest.lastIndexOf('@');
    if (at < 0) {
      return null;
    }
    String version = dec(rest.substring(at + 1));
    String[] path = rest.substring(0, at).split("/");
    if (path.length != 2 || path[0].isEmpty() || path[1].isEmpty() || version.isEmpty()) {
      return null;
    }
    String classifier = null;
    for (String kv : qualifiers.split("&")) {
      if (kv.startsWith("classifier=")) {
        classifier = dec(kv.substring("classifier=".length()));
      }
    }
    return new ArchiveIdentifier.Coordinates(dec(path[0]), dec(path[1]), version, classifier, "sbom", "high",
        evidence, List.of());
  }

  private static String dec(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
