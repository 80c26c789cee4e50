package dev.stowaway.analyzers.lang.python;

import dev.stowaway.analyzers.lang.json.JsonTree;
import dev.stowaway.analyzers.lang.text.LineBudget;
import dev.stowaway.analyzers.lang.text.TomlText;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reports Python packages pinned by lock and requirements files:
 * <ul>
 *   <li>{@code requirements*.txt}: only exact pins {@code name==version} / {@code name===version}
 *       (<a href="https://pip.pypa.io/en/stable/reference/requirements-file-format/">requirements file
 *       format</a>, <a href="https://peps.python.org/pep-0508/">PEP 508</a>); ranges, wildcards, URLs and
 *       options are not installed versions and are skipped. UTF-16 files (with a BOM) are read too.</li>
 *   <li>{@code Pipfile.lock} (<a href="https://github.com/pypa/pipfile">pipfile spec</a>): {@code default}
 *       and {@code develop} (property {@code dev=true}).</li>
 *   <li>{@code poetry.lock}: {@code [[package]]}; dev-only when {@code category = "dev"} (Poetry 1) or when
 *       {@code groups} lacks {@code main} (Poetry 2).</li>
 *   <li>{@code uv.lock} (<a href="https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile">uv
 *       lockfile</a>): {@code [[package]]}; the project itself (an {@code editable}/{@code virtual} source)
 *       gets property {@code root=true}; packages reachable only through the root's
 *       {@code dev-dependencies} get {@code dev=true}.</li>
 * </ul>
 * Ecosystem {@code PyPI}; the name as written, the purl with the PEP 503 normalised name. Stateless and
 * thread-safe.
 */
public final class PythonLockAnalyzer implements Analyzer {

  private static final int MAX_SIZE = 16 << 20;
  private static final EntrySelector SELECTOR = EntrySelector.builder()
      .basenames("Pipfile.lock", "poetry.lock", "uv.lock")
      .globs("**/requirements*.txt")
      .maxSize(MAX_SIZE)
      .build();
  /** name, optional [extras], == or ===, version; then only an environment marker, comment or options. */
  private static final Pattern PIN = Pattern.compile(
      "^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[[^\\]]*\\])?\\s*===?\\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)\\s*(?:[;#].*|--.*)?$");

  /** Creates the analyzer (ServiceLoader). */
  public PythonLockAnalyzer() {}

  @Override
  public String id() {
    return "python-lock";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Parses one file; malformed TOML or JSON is recorded as an issue. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    byte[] bytes = content.readNBytes(MAX_SIZE + 1);
    if (bytes.length > MAX_SIZE) {
      context.addIssue(entry.path(), "lock file larger than " + MAX_SIZE + " bytes");
      return;
    }
    switch (entry.basename()) {
      case "Pipfile.lock" -> pipfile(bytes, entry.path(), context);
      case "poetry.lock", "uv.lock" -> toml(bytes, entry.path(), context, entry.basename().equals("uv.lock"));
      default -> requirements(bytes, entry.path(), context);
    }
  }

  private static void requirements(byte[] bytes, String path, AnalysisContext context) {
    Charset cs = StandardCharsets.UTF_8;
    int skip = 0;
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
      cs = StandardCharsets.UTF_16LE;
      skip = 2;
    } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
      cs = StandardCharsets.UTF_16BE;
      skip = 2;
    } else if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb) {
      skip = 3;
    }
    String text = new String(bytes, skip, bytes.length - skip, cs).replace("\\\r\n", " ").replace("\\\n", " ");
    LineBudget budget = new LineBudget(context, path, "later requirements");
    for (String raw : text.split("\r?\n")) {
      if (!budget.take()) {
        break;
      }
      String line = raw.strip();
      int hash = line.indexOf(" #");
      if (line.startsWith("#") || line.startsWith("-") || line.isEmpty()) {
        continue;
      }
      if (hash >= 0) {
        line = line.substring(0, hash).strip();
      }
      Matcher m = PIN.matcher(line.replaceFirst("#.*$", "").strip());
      if (m.matches()) {
        context.addPackage(pkg(m.group(1), m.group(2), path, context).property("identifiedBy", "requirements.txt").build());
      }
    }
  }

  private static void pipfile(byte[] bytes, String path, AnalysisContext context) throws IOException {
    Object root = JsonTree.readOrRecord(new ByteArrayInputStream(bytes), context, path, "Pipfile.lock");
    if (root == null) {
      return;
    }
    for (String section : List.of("default", "develop")) {
      for (Map.Entry<String, Object> e : JsonTree.obj(JsonTree.obj(root).get(section)).entrySet()) {
        String version = JsonTree.str(JsonTree.obj(e.getValue()).get("version"));
        if (version == null || !version.startsWith("==")) {
          continue; // VCS and path entries have no pinned version
        }
        Package.Builder b = pkg(e.getKey(), version.replaceFirst("^===?", ""), path, context)
            .property("identifiedBy", "Pipfile.lock");
        if (section.equals("develop")) {
          b.property("dev", "true");
        }
        context.addPackage(b.build());
      }
    }
  }

  private static void toml(byte[] bytes, String path, AnalysisContext context, boolean uv) {
    TomlParseResult toml = TomlText.parseOrRecord(new String(bytes, StandardCharsets.UTF_8), context, path,
        uv ? "uv.lock" : "poetry.lock");
    if (toml == null) {
      return;
    }
    TomlArray packages = toml.isArray("package") ? toml.getArray("package") : null;
    if (packages == null) {
      return;
    }
    Set<String> devOnly = uv ? uvDevOnly(packages) : Set.of();
    for (int i = 0; i < packages.size(); i++) {
      if (!(packages.get(i) instanceof TomlTable t) || !(t.get("name") instanceof String name)
          || !(t.get("version") instanceof String version)) {
        continue;
      }
      Package.Builder b = pkg(name, version, path, context).property("identifiedBy", uv ? "uv.lock" : "poetry.lock");
      boolean dev;
      if (uv) {
        dev = devOnly.contains(PythonMetadataAnalyzer.normalize(name));
        if (isUvRoot(t)) {
          b.property("root", "true");
        }
      } else if (t.get("groups") instanceof TomlArray groups) {
        dev = !groups.toList().contains("main");
      } else {
        dev = "dev".equals(t.get("category"));
      }
      if (dev) {
        b.property("dev", "true");
      }
      context.addPackage(b.build());
    }
  }

  private static boolean isUvRoot(TomlTable t) {
    return t.get("source") instanceof TomlTable s && (s.contains("editable") || s.contains("virtual"));
  }

  /** Names reachable from a root's dev-dependencies but not from its dependencies or optional ones. */
  private static Set<String> uvDevOnly(TomlArray packages) {
    Map<String, TomlTable> byName = new HashMap<>();
    Deque<String> prod = new ArrayDeque<>();
    Deque<String> dev = new ArrayDeque<>();
    for (int i = 0; i < packages.size(); i++) {
      if (packages.get(i) instanceof TomlTable t && t.get("name") instanceof String n) {
        byName.put(PythonMetadataAnalyzer.normalize(n), t);
        if (isUvRoot(t)) {
          names(t.get("dependencies"), prod);
          if (t.get("optional-dependencies") instanceof TomlTable opt) {
            opt.keySet().forEach(k -> names(opt.get(List.of(k)), prod));
          }
          if (t.get("dev-dependencies") instanceof TomlTable d) {
            d.keySet().forEach(k -> names(d.get(List.of(k)), dev));
          }
        }
      }
    }
    Set<String> prodReach = reach(prod, byName);
    Set<String> devReach = reach(dev, byName);
    devReach.removeAll(prodReach);
    return devReach;
  }

  private static void names(Object deps, Deque<String> into) {
    if (deps instanceof TomlArray a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i) instanceof TomlTable d && d.get("name") instanceof String n) {
          into.add(PythonMetadataAnalyzer.normalize(n));
        }
      }
    }
  }

  private static Set<String> reach(Deque<String> todo, Map<String, TomlTable> byName) {
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (seen.add(n) && byName.get(n) != null) {
        names(byName.get(n).get("dependencies"), todo);
        if (byName.get(n).get("optional-dependencies") instanceof TomlTable opt) {
          // extras requested by a dependent ("httpx[socks]") pull in these; counting all of them is safe
          opt.keySet().forEach(k -> names(opt.get(List.of(k)), todo));
        }
      }
    }
    return seen;
  }

  private static Package.Builder pkg(String name, String version, String path, AnalysisContext context) {
    return Package.builder("PyPI", name, version)
        .purl("pkg:pypi/" + PythonMetadataAnalyzer.normalize(name) + "@" + version.replace("+", "%2B").replace("!", "%21"))
        .location(context.location(path));
  }
}
