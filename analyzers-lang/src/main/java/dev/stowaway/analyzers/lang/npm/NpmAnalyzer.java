package dev.stowaway.analyzers.lang.npm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports npm packages from installed {@code node_modules/**}{@code /package.json} files and from
 * {@code package-lock.json}, {@code npm-shrinkwrap.json} and {@code node_modules/.package-lock.json}
 * (lockfile versions 1, 2 and 3).
 *
 * <p>Formats: <a href="https://docs.npmjs.com/cli/v10/configuring-npm/package-json">package.json</a>,
 * <a href="https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json">package-lock.json</a>.
 * Ecosystem {@code npm}, purl {@code pkg:npm/%40scope/name@version}; dev-only dependencies of a lock file
 * get property {@code dev=true}. The root project of a lock file is skipped; {@code package.json} files
 * outside {@code node_modules} are not selected. Lock-file entries and installed {@code package.json}
 * of the same tree are both reported (with different locations); de-duplication is left to the merge.
 * Stateless and thread-safe.
 */
public final class NpmAnalyzer implements Analyzer {

  private static final JsonFactory JSON = jsonFactory(ScanLimits.defaults());
  private static final EntrySelector SELECTOR = EntrySelector.builder()
      .globs("**/node_modules/*/package.json", "**/node_modules/@*/*/package.json")
      .basenames("package-lock.json", ".package-lock.json", "npm-shrinkwrap.json")
      .maxSize(64L << 20)
      .build();

  /** Creates the analyzer (ServiceLoader). */
  public NpmAnalyzer() {}

  /** A parser factory bounded by {@link ScanLimits#maxJsonDepth()} and {@link ScanLimits#maxJsonStringLength()}. */
  private static JsonFactory jsonFactory(ScanLimits limits) {
    return JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxJsonDepth()).maxStringLength(limits.maxJsonStringLength()).build()).build();
  }

  @Override
  public String id() {
    return "npm";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /** Parses one manifest or lock file; malformed JSON is recorded as an issue. */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    Object root;
    ScanLimits limits = context.limits();
    JsonFactory json = limits.maxJsonDepth() == ScanLimits.DEFAULT_MAX_JSON_DEPTH
        && limits.maxJsonStringLength() == ScanLimits.DEFAULT_MAX_JSON_STRING_LENGTH ? JSON : jsonFactory(limits);
    try (JsonParser p = json.createParser(new NonClosing(content))) {
      p.nextToken();
      root = value(p);
    } catch (StreamConstraintsException e) {
      String m = e.getOriginalMessage();
      context.addIssue(entry.path(), "JSON not read: " + m + (m.contains("depth") ? " (limit maxJsonDepth)"
          : m.contains("String value length") ? " (limit maxJsonStringLength)" : ""));
      return;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      context.addIssue(entry.path(), "malformed JSON: " + e.getOriginalMessage());
      return;
    }
    if (!(root instanceof Map<?, ?> obj)) {
      context.addIssue(entry.path(), "not a JSON object");
      return;
    }
    if (entry.basename().equals("package.json")) {
      String name = str(obj.get("name"));
      String version = str(obj.get("version"));
      if (name == null || version == null) {
        return; // not an installable package (trivy skips these too)
      }
      context.addPackage(pkg(name, version, license(obj), entry.path(), context).property("identifiedBy", "package.json")
          .build());
      return;
    }
    if (obj.get("packages") instanceof Map<?, ?> packages && !packages.isEmpty()) {
      for (Map.Entry<?, ?> e : packages.entrySet()) {
        String key = (String) e.getKey();
        if (key.isEmpty() || !(e.getValue() instanceof Map<?, ?> meta) || Boolean.TRUE.equals(meta.get("link"))) {
          continue;
        }
        int nm = key.lastIndexOf("node_modules/");
        String name = str(meta.get("name"));
        if (name == null && nm >= 0) {
          name = key.substring(nm + "node_modules/".length());
        }
        String version = str(meta.get("version"));
        if (name == null || version == null) {
          continue;
        }
        Package.Builder b = pkg(name, version, license(meta), entry.path(), context)
            .property("identifiedBy", "package-lock.json").property("lockPath", key);
        if (Boolean.TRUE.equals(meta.get("dev"))) {
          b.property("dev", "true");
        }
        if (Boolean.TRUE.equals(meta.get("devOptional"))) {
          b.property("devOptional", "true");
        }
        context.addPackage(b.build());
      }
    } else if (obj.get("dependencies") instanceof Map<?, ?> deps) {
      v1(deps, entry.path(), context);
    }
  }

  private static void v1(Map<?, ?> deps, String path, AnalysisContext context) {
    for (Map.Entry<?, ?> e : deps.entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?> meta)) {
        continue;
      }
      String version = str(meta.get("version"));
      if (version != null && !version.startsWith("file:") && !version.startsWith("link:")) {
        Package.Builder b = pkg((String) e.getKey(), version, List.of(), path, context)
            .property("identifiedBy", "package-lock.json");
        if (Boolean.TRUE.equals(meta.get("dev"))) {
          b.property("dev", "true");
        }
        context.addPackage(b.build());
      }
      if (meta.get("dependencies") instanceof Map<?, ?> nested) {
        v1(nested, path, context);
      }
    }
  }

  private static Package.Builder pkg(String name, String version, List<String> licenses, String path,
      AnalysisContext context) {
    String purlName = name.startsWith("@") ? "%40" + name.substring(1) : name;
    return Package.builder("npm", name, version)
        .purl("pkg:npm/" + purlName + "@" + version.replace("+", "%2B"))
        .licenses(licenses)
        .location(context.location(path));
  }

  private static List<String> license(Map<?, ?> obj) {
    List<String> out = new ArrayList<>();
    Object l = obj.get("license");
    if (l instanceof String s && !s.isBlank()) {
      out.add(s);
    } else if (l instanceof Map<?, ?> m && m.get("type") instanceof String s) {
      out.add(s);
    } else if (obj.get("licenses") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof String s) {
          out.add(s);
        } else if (o instanceof Map<?, ?> m && m.get("type") instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static String str(Object o) {
    return o instanceof String s && !s.isBlank() ? s : null;
  }

  /** Reads the current JSON value into maps, lists, strings, booleans, numbers and nulls. */
  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new com.fasterxml.jackson.core.JsonParseException(p, "empty document");
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          p.nextToken();
          m.put(k, value(p));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> {
        return p.getText();
      }
    }
  }

  /** Keeps the parser from closing the caller's stream. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
