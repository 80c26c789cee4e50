package dev.stowaway.analyzers.lang.dotnet;

import dev.stowaway.analyzers.lang.json.JsonTree;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reports NuGet packages of .NET applications:
 * <ul>
 *   <li>{@code *.deps.json} (<a href="https://github.com/dotnet/sdk/blob/main/documentation/specs/runtime-configuration-file.md">
 *       runtime configuration files</a>): every {@code libraries} entry of type {@code package},
 *       {@code project} (property {@code project=true}: the application's own assemblies) or
 *       {@code runtimepack} (the bundled runtime of a self-contained app, named without the
 *       {@code runtimepack.} prefix). A library whose entry under the runtime target lists no
 *       {@code runtime}, {@code runtimeTargets} or {@code native} assets is compile-time only and is
 *       skipped, as the runtime never loads it.</li>
 *   <li>{@code packages.lock.json} (<a href="https://learn.microsoft.com/en-us/nuget/consume-packages/package-references-in-project-files#locking-dependencies">
 *       NuGet lock file</a>): every resolved dependency of every target framework, once; {@code Project}
 *       references are skipped.</li>
 *   <li>{@code *.nuspec} (<a href="https://learn.microsoft.com/en-us/nuget/reference/nuspec">nuspec
 *       reference</a>), as the global packages folder keeps them ({@code ~/.nuget/packages/ID/VERSION/ID.nuspec}):
 *       {@code metadata/id}, {@code metadata/version} and the {@code license} expression.</li>
 * </ul>
 * Ecosystem {@code NuGet}, purl {@code pkg:nuget/Name@version}. Stateless and thread-safe.
 */
public final class DotnetAnalyzer implements Analyzer {

  private static final EntrySelector SELECTOR = EntrySelector.builder()
      .suffixes(".deps.json", ".nuspec")
      .basenames("packages.lock.json")
      .maxSize(64L << 20)
      .build();

  /** Creates the analyzer (ServiceLoader). */
  public DotnetAnalyzer() {}

  @Override
  public String id() {
    return "dotnet";
  }

  @Override
  public String version() {
    return "2";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Parses one file; malformed JSON is recorded as an issue. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    if (entry.basename().endsWith(".nuspec")) {
      nuspec(content.readNBytes(8 << 20), entry.path(), context);
      return;
    }
    Object root = JsonTree.readOrRecord(content, context, entry.path(), "JSON");
    if (root == null) {
      return;
    }
    if (!(root instanceof Map<?, ?>)) {
      context.addIssue(entry.path(), "not a JSON object");
      return;
    }
    if (entry.basename().equals("packages.lock.json")) {
      lock(JsonTree.obj(root), entry.path(), context);
    } else {
      deps(JsonTree.obj(root), entry.path(), context);
    }
  }

  private static void deps(Map<String, Object> root, String path, AnalysisContext context) {
    String runtime = JsonTree.str(JsonTree.obj(root.get("runtimeTarget")).get("name"));
    Map<String, Object> targets = JsonTree.obj(root.get("targets"));
    Map<String, Object> target = runtime == null ? Map.of() : JsonTree.obj(targets.get(runtime));
    for (Map.Entry<String, Object> e : JsonTree.obj(root.get("libraries")).entrySet()) {
      String type = JsonTree.str(JsonTree.obj(e.getValue()).get("type"));
      int slash = e.getKey().indexOf('/');
      if (slash <= 0 || !("package".equals(type) || "project".equals(type) || "runtimepack".equals(type))) {
        continue;
      }
      if (target.get(e.getKey()) instanceof Map<?, ?> assets && !assets.containsKey("runtime")
          && !assets.containsKey("runtimeTargets") && !assets.containsKey("native")) {
        continue; // compile-time only
      }
      String name = e.getKey().substring(0, slash);
      if ("runtimepack".equals(type) && name.startsWith("runtimepack.")) {
        name = name.substring("runtimepack.".length());
      }
      Package.Builder b = pkg(name, e.getKey().substring(slash + 1), path, context).property("identifiedBy", "deps.json");
      if ("project".equals(type)) {
        b.property("project", "true");
      }
      context.addPackage(b.build());
    }
  }

  private static void lock(Map<String, Object> root, String path, AnalysisContext context) {
    Set<String> seen = new LinkedHashSet<>();
    for (Object framework : JsonTree.obj(root.get("dependencies")).values()) {
      for (Map.Entry<String, Object> e : JsonTree.obj(framework).entrySet()) {
        Map<String, Object> dep = JsonTree.obj(e.getValue());
        String version = JsonTree.str(dep.get("resolved"));
        if (version == null || "Project".equalsIgnoreCase(JsonTree.str(dep.get("type")))
            || !seen.add(e.getKey() + "@" + version)) {
          continue;
        }
        Package.Builder b = pkg(e.getKey(), version, path, context).property("identifiedBy", "packages.lock.json");
        if (JsonTree.str(dep.get("type")) != null) {
          b.property("dependencyType", JsonTree.str(dep.get("type")));
        }
        context.addPackage(b.build());
      }
    }
  }

  private static void nuspec(byte[] xml, String path, AnalysisContext context) throws IOException {
    org.w3c.dom.Document doc;
    try {
      javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
      // untrusted XML: no DTDs, no external entities
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(true);
      javax.xml.parsers.DocumentBuilder b = f.newDocumentBuilder();
      // the default handler prints "[Fatal Error] ..." to stderr; this one only throws (fatal errors)
      b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      doc = b.parse(new java.io.ByteArrayInputStream(xml));
    } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
      context.addIssue(path, "malformed nuspec: " + e.getMessage());
      return;
    }
    org.w3c.dom.Element metadata = child(doc.getDocumentElement(), "metadata");
    String id = text(child(metadata, "id"));
    String version = text(child(metadata, "version"));
    if (id == null || version == null) {
      context.addIssue(path, "nuspec without metadata id and version");
      return;
    }
    Package.Builder b = pkg(id, version, path, context).property("identifiedBy", "nuspec");
    String license = text(child(metadata, "license"));
    if (license != null) {
      b.licenses(java.util.List.of(license));
    }
    context.addPackage(b.build());
  }

  private static org.w3c.dom.Element child(org.w3c.dom.Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof org.w3c.dom.Element e && name.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }

  private static String text(org.w3c.dom.Element e) {
    return e == null || e.getTextContent().isBlank() ? null : e.getTextContent().strip();
  }

  private static Package.Builder pkg(String name, String version, String path, AnalysisContext context) {
    return Package.builder("NuGet", name, version)
        .purl("pkg:nuget/" + enc(name) + "@" + enc(version))
        .location(context.location(path));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
  }
}
