package dev.stowaway.analyzers.lang.java;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Turns what was collected from one Java archive into Maven coordinates, strongest evidence first:
 * every {@code META-INF/maven/**}{@code /pom.properties}, else {@code pom.xml}, else the manifest's main
 * section combined with the file name, else the file name alone.
 *
 * <p>Formats: <a href="https://maven.apache.org/shared/maven-archiver/">Maven Archiver</a> (pom.properties,
 * manifest entries), <a href="https://docs.oracle.com/en/java/javase/17/docs/specs/jar/jar.html">JAR file
 * specification</a> (manifest syntax), <a href="https://docs.osgi.org/specification/osgi.core/8.0.0/framework.module.html">
 * OSGi bundle headers</a>. Not thread-safe: one instance per archive.
 */
final class ArchiveIdentifier {

  /** One identified artifact of an archive. */
  record Coordinates(String group, String artifact, String version, String classifier, String identifiedBy,
      String confidence, String evidence, List<String> licenses) {
    boolean complete() {
      return notBlank(group) && notBlank(artifact) && notBlank(version);
    }
  }

  private static final Pattern FILE_NAME =
      Pattern.compile("^(?<artifact>[A-Za-z0-9_.]+(?:-[A-Za-z_][A-Za-z0-9_.]*)*)-(?<version>\\d[^/]*)$");
  /** Maven classifiers commonly appended after the version in file names. */
  private static final Pattern CLASSIFIER = Pattern.compile(
      "^(.*?)-((?:linux|osx|windows|macos)-[A-Za-z0-9_]+|sources|javadoc|tests|test-jar|shaded|all|nodeps|"
          + "no_aop|jdk\\d+|jre\\d+|indy|uber|standalone|bin|native)$");
  private static final String[][] KNOWN_GROUPS = {
      {"spring-boot", "org.springframework.boot"}, {"spring-security-", "org.springframework.security"},
      {"spring-data-", "org.springframework.data"}, {"spring-cloud-", "org.springframework.cloud"},
      {"spring-", "org.springframework"}};
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

  private final String fileName;
  private final List<Coordinates> fromPomProperties = new ArrayList<>();
  private final List<Coordinates> fromPomXml = new ArrayList<>();
  private Map<String, String> manifest;
  /** group/artifact pairs named by META-INF/native-image/GROUP/ARTIFACT/ folders (GraalVM convention). */
  private final Set<String> nativeImage = new LinkedHashSet<>();

  /** @param fileName the archive's base name, such as {@code log4j-core-2.14.1.jar} */
  ArchiveIdentifier(String fileName) {
    this.fileName = fileName;
  }

  static boolean isPomProperties(String name) {
    // Usually under META-INF/maven/<group>/<artifact>/, but some builds put it elsewhere.
    return name.equals("pom.properties") || name.endsWith("/pom.properties");
  }

  static boolean isPomXml(String name) {
    return name.startsWith("META-INF/maven/") && name.endsWith("/pom.xml");
  }

  /** Adds a pom.properties file; incomplete ones (no group, artifact or version) are ignored. */
  void addPomProperties(String path, byte[] content) throws IOException {
    Properties p = new Properties();
    p.load(new ByteArrayInputStream(content));
    String g = trim(p.getProperty("groupId"));
    String a = trim(p.getProperty("artifactId"));
    String v = trim(p.getProperty("version"));
    if (notBlank(g) && notBlank(a) && notBlank(v)) {
      fromPomProperties.add(new Coordinates(g, a, v, null, "pom.properties", "high", path, List.of()));
    }
  }

  /**
   * Adds a pom.xml; the project's coordinates fall back to its parent's group and version. Values with
   * unresolved {@code ${...}} properties are dropped.
   *
   * @throws IOException if the XML is malformed
   */
  void addPomXml(String path, byte[] content) throws IOException {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      // pom.xml is untrusted: no DTDs, no external entities.
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      doc = b.parse(new ByteArrayInputStream(content));
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("malformed pom.xml " + path + ": " + e.getMessage(), e);
    }
    Element project = doc.getDocumentElement();
    Element parent = child(project, "parent");
    String g = resolved(text(child(project, "groupId")));
    String a = resolved(text(child(project, "artifactId")));
    String v = resolved(text(child(project, "version")));
    if (g == null && parent != null) {
      g = resolved(text(child(parent, "groupId")));
    }
    if (v == null && parent != null) {
      v = resolved(text(child(parent, "version")));
    }
    List<String> licenses = new ArrayList<>();
    Element ls = child(project, "licenses");
    if (ls != null) {
      NodeList kids = ls.getChildNodes();
      for (int i = 0; i < kids.getLength(); i++) {
        if (kids.item(i) instanceof Element l && "license".equals(l.getTagName())) {
          String n = text(child(l, "name"));
          if (notBlank(n)) {
            licenses.add(n);
          }
        }
      }
    }
    if (notBlank(a)) {
      fromPomXml.add(new Coordinates(g, a, v, null, "pom.xml", "high", path, licenses));
    }
  }

  /**
   * Notes an entry name; {@code META-INF/native-image/GROUP/ARTIFACT/...} names the artifact (GraalVM's
   * convention for native-image configuration, followed by Tomcat, Netty, Quarkus and others).
   */
  void seeEntryName(String name) {
    if (name.startsWith("META-INF/native-image/")) {
      String[] parts = name.split("/");
      if (parts.length >= 5 && ID.matcher(parts[2]).matches() && ID.matcher(parts[3]).matches()
          && parts[2].contains(".")) {
        nativeImage.add(parts[2] + ":" + parts[3]);
      }
    }
  }

  /** Sets the manifest; only its main section is kept (JAR spec: up to the first empty line). */
  void setManifest(byte[] content) {
    manifest = parseManifest(new String(content, StandardCharsets.UTF_8));
  }

  /**
   * Returns the archive's coordinates, strongest evidence first; empty when nothing identifies it.
   *
   * @return coordinates, possibly incomplete (no group) when only weak evidence exists
   */
  List<Coordinates> identify() {
    if (!fromPomProperties.isEmpty()) {
      return dedupe(fromPomProperties.stream().map(this::withPomXmlLicenses).toList());
    }
    List<Coordinates> xml = fromPomXml.stream().filter(c -> notBlank(c.version())).toList();
    if (!xml.isEmpty()) {
      return dedupe(xml);
    }
    Coordinates weak = fromManifestAndFileName();
    String[] ga = nativeImage.size() == 1 ? nativeImage.iterator().next().split(":") : null;
    // The folder names group and artifact exactly; it beats a group guessed from a symbolic name.
    if (ga != null && manifest != null && (weak == null || weak.group() == null || weak.artifact().equals(ga[1]))) {
      String version = firstToken(manifest.get("Implementation-Version"));
      if (version == null) {
        version = firstToken(manifest.get("Bundle-Version"));
      }
      if (version == null && weak != null) {
        version = weak.version();
      }
      if (version != null) {
        return List.of(new Coordinates(ga[0], ga[1], version, null, "native-image", "medium",
            "META-INF/native-image/" + ga[0] + "/" + ga[1] + "/", manifestLicenses(manifest)));
      }
    }
    return weak == null ? List.of() : List.of(weak);
  }

  /** A pom.properties says nothing about licences; the pom.xml next to it does. */
  private Coordinates withPomXmlLicenses(Coordinates c) {
    for (Coordinates x : fromPomXml) {
      if (!x.licenses().isEmpty() && c.artifact().equals(x.artifact())
          && (x.group() == null || x.group().equals(c.group()))) {
        return new Coordinates(c.group(), c.artifact(), c.version(), c.classifier(), c.identifiedBy(), c.confidence(),
            c.evidence(), x.licenses());
      }
    }
    return c;
  }

  /** Bundle-License (first clause) or Jenkins' Plugin-License-Name, -2, -3 ... */
  private static List<String> manifestLicenses(Map<String, String> mf) {
    List<String> licenses = new ArrayList<>();
    String bundleLicense = mf.get("Bundle-License");
    if (notBlank(bundleLicense)) {
      licenses.add(bundleLicense.split(";", 2)[0].trim());
    }
    for (int i = 1; i < 100; i++) {
      String l = mf.get(i == 1 ? "Plugin-License-Name" : "Plugin-License-Name-" + i);
      if (!notBlank(l)) {
        break;
      }
      licenses.add(l.trim());
    }
    return licenses;
  }

  /** Identification from the file name alone, for archives that could not be opened. */
  static Coordinates fromFileNameOnly(String fileName) {
    return new ArchiveIdentifier(fileName).fromManifestAndFileName();
  }

  private Coordinates fromManifestAndFileName() {
    String base = stripExtension(fileName);
    String artifact = null;
    String fileVersion = null;
    String classifier = null;
    Matcher m = FILE_NAME.matcher(base);
    if (m.matches()) {
      artifact = m.group("artifact");
      fileVersion = m.group("version");
      Matcher c = CLASSIFIER.matcher(fileVersion);
      if (c.matches()) {
        fileVersion = c.group(1);
        classifier = c.group(2);
      }
    }
    Map<String, String> mf = manifest == null ? Map.of() : manifest;
    String version = firstToken(mf.get("Implementation-Version"));
    if (version == null) {
      version = fileVersion;
    }
    if (version == null) {
      version = firstToken(mf.get("Bundle-Version"));
    }
    if (version == null) {
      version = firstToken(mf.get("Specification-Version"));
    }
    String symbolic = mf.get("Bundle-SymbolicName");
    if (symbolic != null) {
      symbolic = symbolic.split(";", 2)[0].trim();
    }
    String moduleName = mf.get("Automatic-Module-Name");
    if (artifact == null) {
      String title = mf.get("Implementation-Title");
      if (title != null && ID.matcher(title.trim()).matches() && !title.contains(".")) {
        artifact = title.trim();
      } else if (symbolic != null && ID.matcher(symbolic).matches()) {
        artifact = symbolic.substring(symbolic.lastIndexOf('.') + 1);
      }
    }
    if (artifact == null) {
      return null;
    }
    String group = groupFromManifest(mf, artifact, symbolic, moduleName);
    boolean manifestHelped = manifest != null && (group != null
        || (version != null && !version.equals(fileVersion)));
    if (version == null && group == null) {
      return null;
    }
    List<String> licenses = manifestLicenses(mf);
    String confidence = group != null && version != null ? (manifestHelped ? "medium" : "low") : "low";
    return new Coordinates(group, artifact, version, classifier, manifestHelped ? "manifest" : "filename",
        confidence, manifestHelped ? "META-INF/MANIFEST.MF" : fileName, licenses);
  }

  /**
   * The group from, in order: Implementation-Vendor-Id, a Bundle-SymbolicName or Automatic-Module-Name
   * ending in the artifact id (its prefix is the group), a reverse-domain Implementation-Title or
   * Bundle-SymbolicName with more than two segments.
   */
  private static String groupFromManifest(Map<String, String> mf, String artifact, String symbolic,
      String moduleName) {
    String vendorId = trim(mf.get("Implementation-Vendor-Id"));
    if (notBlank(vendorId) && ID.matcher(vendorId).matches() && vendorId.contains(".")) {
      return vendorId;
    }
    String dotted = artifact.replace('-', '.');
    for (String candidate : new String[] {symbolic, moduleName}) {
      if (candidate == null || !ID.matcher(candidate).matches()) {
        continue;
      }
      for (String suffix : new String[] {"." + artifact, "." + dotted}) {
        if (candidate.endsWith(suffix) && candidate.length() > suffix.length()
            && candidate.substring(0, candidate.length() - suffix.length()).contains(".")) {
          return candidate.substring(0, candidate.length() - suffix.length());
        }
      }
    }
    // Gradle-built projects ship no pom.properties; their manifests name no group. A short table of
    // well-known artifact prefixes (longest first) fills the gap.
    if (!mf.isEmpty()) {
      for (String[] known : KNOWN_GROUPS) {
        if (artifact.startsWith(known[0])) {
          return known[1];
        }
      }
    }
    String title = trim(mf.get("Implementation-Title"));
    if (title != null && ID.matcher(title).matches() && title.split("\\.").length > 2) {
      // e.g. "org.elasticsearch" style titles or "org.apache.ivy"
      return title;
    }
    if (symbolic != null && ID.matcher(symbolic).matches() && symbolic.split("\\.").length > 2) {
      return symbolic.substring(0, symbolic.lastIndexOf('.'));
    }
    return null;
  }

  static Map<String, String> parseManifest(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    String key = null;
    StringBuilder value = null;
    for (String line : text.split("\r\n|\r|\n", -1)) {
      if (line.isEmpty()) {
        if (key != null || !out.isEmpty()) {
          break;
        }
        continue;
      }
      if (line.startsWith(" ") && key != null) {
        value.append(line, 1, line.length());
        continue;
      }
      if (key != null) {
        out.putIfAbsent(key, value.toString().trim());
        key = null;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        key = line.substring(0, colon).trim();
        value = new StringBuilder(line.substring(colon + 1));
      }
    }
    if (key != null) {
      out.putIfAbsent(key, value.toString().trim());
    }
    return out;
  }

  static String stripExtension(String name) {
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
      if (JavaArchiveAnalyzer.EXTENSIONS.contains("." + ext)) {
        return name.substring(0, dot);
      }
    }
    return name;
  }

  private static List<Coordinates> dedupe(List<Coordinates> in) {
    Set<String> seen = new LinkedHashSet<>();
    List<Coordinates> out = new ArrayList<>();
    for (Coordinates c : in) {
      if (seen.add(c.group() + ":" + c.artifact() + ":" + c.version())) {
        out.add(c);
      }
    }
    return out;
  }

  private static String firstToken(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    if (t.isEmpty()) {
      return null;
    }
    return t.split("\\s+", 2)[0];
  }

  private static String resolved(String s) {
    return s == null || s.isBlank() || s.contains("${") ? null : s.trim();
  }

  private static Element child(Element parent, String tag) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && tag.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element e) {
    return e == null ? null : e.getTextContent().trim();
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }

  static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
