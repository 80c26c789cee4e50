package dev.stowaway.analyzers.lang.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.ScanLimits;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole JSON document (RFC 8259) into plain Java values: {@code Map<String, Object>} (in document
 * order), {@code List<Object>}, {@code String}, {@code Boolean}, numbers as their text, and null. Lock files
 * and manifests are small and irregular, so a tree is simpler than a pull parser per format.
 *
 * <p>Nesting is limited to {@value #MAX_DEPTH} levels so hostile input cannot exhaust the stack. Callers
 * bound the document size with their selector's {@code maxSize}. Stateless and thread-safe.
 */
public final class JsonTree {

  /** The deepest nesting read. */
  public static final int MAX_DEPTH = 200;

  private static final JsonFactory STRICT = new JsonFactoryBuilder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();
  private static final JsonFactory LENIENT = new JsonFactoryBuilder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS).build();

  private JsonTree() {}

  /**
   * Reads one JSON document.
   *
   * @param in the document; not closed
   * @return the root value
   * @throws com.fasterxml.jackson.core.JacksonException if the JSON is malformed or too deep
   * @throws IOException if reading fails
   */
  public static Object read(InputStream in) throws IOException {
    return read(STRICT, in);
  }

  /**
   * Reads one JSON document that may contain {@code //} and block comments and trailing commas (JSONC,
   * as {@code bun.lock} uses).
   *
   * @param in the document; not closed
   * @return the root value
   * @throws IOException if the document is malformed or reading fails
   */
  public static Object readLenient(InputStream in) throws IOException {
    return read(LENIENT, in);
  }

  /**
   * Reads a document bounded by the scan's {@link ScanLimits#maxJsonDepth()} and
   * {@link ScanLimits#maxJsonStringLength()}, recording malformed or over-limit input as an issue.
   *
   * @param in the document; not closed
   * @param context where the issue goes; its limits bound the parse
   * @param path the file, for the issue
   * @param what what the file is, such as {@code composer.lock}, for the issue
   * @return the value, or null when an issue was recorded
   * @throws IOException if reading fails
   */
  public static Object readOrRecord(InputStream in, AnalysisContext context, String path, String what)
      throws IOException {
    return readOrRecord(in, context, path, what, false);
  }

  /**
   * Like {@link #readOrRecord} for JSONC: comments and trailing commas allowed (as {@code bun.lock} uses).
   *
   * @param in the document; not closed
   * @param context where the issue goes; its limits bound the parse
   * @param path the file, for the issue
   * @param what what the file is, for the issue
   * @return the value, or null when an issue was recorded
   * @throws IOException if reading fails
   */
  public static Object readLenientOrRecord(InputStream in, AnalysisContext context, String path, String what)
      throws IOException {
    return readOrRecord(in, context, path, what, true);
  }

  private static Object readOrRecord(InputStream in, AnalysisContext context, String path, String what,
      boolean lenient) throws IOException {
    ScanLimits limits = context.limits();
    boolean defaults = limits.maxJsonDepth() == ScanLimits.DEFAULT_MAX_JSON_DEPTH
        && limits.maxJsonStringLength() == ScanLimits.DEFAULT_MAX_JSON_STRING_LENGTH;
    JsonFactory f = defaults ? (lenient ? BOUNDED_LENIENT : BOUNDED) : bounded(limits, lenient);
    try {
      return read(f, in);
    } catch (StreamConstraintsException e) {
      String m = e.getOriginalMessage();
      context.addIssue(path, what + " not read: " + m + (m.contains("depth") ? " (limit maxJsonDepth)"
          : m.contains("String value length") ? " (limit maxJsonStringLength)" : ""));
      return null;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      context.addIssue(path, "malformed " + what + ": " + e.getOriginalMessage());
      return null;
    }
  }

  private static final JsonFactory BOUNDED = bounded(ScanLimits.defaults(), false);
  private static final JsonFactory BOUNDED_LENIENT = bounded(ScanLimits.defaults(), true);

  private static JsonFactory bounded(ScanLimits limits, boolean lenient) {
    JsonFactoryBuilder b = new JsonFactoryBuilder().streamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxJsonDepth()).maxStringLength(limits.maxJsonStringLength()).build());
    if (lenient) {
      b.enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS);
    }
    return b.build();
  }

  private static Object read(JsonFactory f, InputStream in) throws IOException {
    try (JsonParser p = f.createParser(new NonClosing(in))) {
      if (p.nextToken() == null) {
        throw new com.fasterxml.jackson.core.JsonParseException(p, "empty document");
      }
      return value(p);
    }
  }

  /**
   * Returns the value as a non-blank string, or null.
   *
   * @param o any value
   * @return the string or null
   */
  public static String str(Object o) {
    return o instanceof String s && !s.isBlank() ? s : null;
  }

  /**
   * Returns the value as a map, or an empty map.
   *
   * @param o any value
   * @return the map; never null
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> obj(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /**
   * Returns the value as a list, or an empty list.
   *
   * @param o any value
   * @return the list; never null
   */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
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
  private static final class NonClosing extends FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
