package dev.stowaway.core.version;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the version vectors in {@code shared/testdata/versions} (format in SOURCES.md there) in place,
 * as plain maps/lists/strings/numbers/booleans.
 */
final class VersionVectors {
  private VersionVectors() {}

  /** A comparison vector: sign of compare(a, b) must be {@code cmp}. */
  record Case(String file, String a, String b, int cmp, String tag, String src, Map<String, Object> raw) {
    String key() {
      return file + " | " + a + " | " + b;
    }

    @Override
    public String toString() {
      return "[" + a + "] vs [" + b + "] -> " + cmp + (tag == null ? "" : " (" + tag + ")");
    }
  }

  static Map<String, Object> load(String relative) {
    return loadJson(SharedTestData.testdata("versions/" + relative));
  }

  /** Reads any JSON object file. */
  static Map<String, Object> loadJson(Path p) {
    try (InputStream in = Files.newInputStream(p);
        JsonParser parser = new JsonFactory().createParser(in)) {
      parser.nextToken();
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) read(parser);
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Case> cases(String relative, String array) {
    Map<String, Object> doc = load(relative);
    List<Case> out = new ArrayList<>();
    for (Object o : (List<Object>) doc.getOrDefault(array, List.of())) {
      Map<String, Object> c = (Map<String, Object>) o;
      out.add(
          new Case(
              relative,
              (String) c.get("a"),
              (String) c.get("b"),
              ((Number) c.get("cmp")).intValue(),
              (String) c.get("tag"),
              (String) c.get("src"),
              c));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(String relative, String array) {
    return (List<String>) (List<?>) load(relative).getOrDefault(array, List.of());
  }

  private static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            m.put(name, read(p));
          }
          return m;
        }
      case START_ARRAY:
        {
          List<Object> l = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            l.add(read(p));
          }
          return l;
        }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getNumberValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + t);
    }
  }
}
