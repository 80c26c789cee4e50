package dev.stowaway.analyzers.lang.php;

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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reports PHP packages from Composer's files
 * (<a href="https://getcomposer.org/doc/01-basic-usage.md#commit-your-composer-lock-file-to-version-control">
 * composer.lock</a>, <a href="https://getcomposer.org/doc/07-runtime.md#installed-versions">
 * vendor/composer/installed.json</a>):
 * <ul>
 *   <li>{@code composer.lock}: {@code packages} and {@code packages-dev} (property {@code dev=true});</li>
 *   <li>{@code vendor/composer/installed.json}: Composer 1 writes a top-level array, Composer 2 an object
 *       with {@code packages} and {@code dev-package-names} (those get {@code dev=true}).</li>
 * </ul>
 * Ecosystem {@code Packagist}, name {@code vendor/package}, purl {@code pkg:composer/vendor/package@version},
 * licences from {@code license}. Stateless and thread-safe.
 */
public final class ComposerAnalyzer implements Analyzer {

  private static final EntrySelector SELECTOR = EntrySelector.builder()
      .basenames("composer.lock")
      .globs("**/vendor/composer/installed.json")
      .maxSize(64L << 20)
      .build();

  /** Creates the analyzer (ServiceLoader). */
  public ComposerAnalyzer() {}

  @Override
  public String id() {
    return "composer";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Parses one file; malformed JSON or an unexpected shape is recorded as an issue. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    Object root = JsonTree.readOrRecord(content, context, entry.path(), "JSON");
    if (root == null) {
      return;
    }
    boolean lock = entry.basename().equals("composer.lock");
    String by = lock ? "composer.lock" : "installed.json";
    if (lock) {
      if (!(root instanceof Map<?, ?> obj)) {
        context.addIssue(entry.path(), "composer.lock is not a JSON object");
        return;
      }
      packages(obj.get("packages"), Set.of(), false, by, entry.path(), context);
      packages(obj.get("packages-dev"), Set.of(), true, by, entry.path(), context);
    } else if (root instanceof List<?> v1) {
      packages(v1, Set.of(), false, by, entry.path(), context);
    } else if (root instanceof Map<?, ?> v2) {
      Set<String> dev = new HashSet<>();
      for (Object n : JsonTree.list(v2.get("dev-package-names"))) {
        if (n instanceof String s) {
          dev.add(s);
        }
      }
      packages(v2.get("packages"), dev, false, by, entry.path(), context);
    } else {
      context.addIssue(entry.path(), "installed.json is neither an array nor an object");
    }
  }

  private static void packages(Object list, Set<String> devNames, boolean dev, String by, String path,
      AnalysisContext context) {
    for (Object o : JsonTree.list(list)) {
      Map<String, Object> p = JsonTree.obj(o);
      String name = JsonTree.str(p.get("name"));
      String version = JsonTree.str(p.get("version"));
      if (name == null || version == null) {
        continue;
      }
      List<String> licenses = new ArrayList<>();
      if (p.get("license") instanceof String s) {
        licenses.add(s);
      } else {
        for (Object l : JsonTree.list(p.get("license"))) {
          if (l instanceof String s) {
            licenses.add(s);
          }
        }
      }
      Package.Builder b = Package.builder("Packagist", name, version)
          .purl("pkg:composer/" + purlName(name) + "@" + enc(version))
          .licenses(licenses)
          .location(context.location(path))
          .property("identifiedBy", by);
      if (dev || devNames.contains(name)) {
        b.property("dev", "true");
      }
      context.addPackage(b.build());
    }
  }

  private static String purlName(String name) {
    int slash = name.indexOf('/');
    return slash < 0 ? enc(name) : enc(name.substring(0, slash)) + "/" + enc(name.substring(slash + 1));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
  }
}
