package dev.stowaway.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.ImageFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON documents (RFC 8259) into plain values: {@code Map<String,Object>} (insertion order),
 * {@code List<Object>}, {@code String}, {@code Long} or {@code BigDecimal}/{@code Double} for
 * numbers, {@code Boolean} and {@code null}. Duplicate keys are rejected, nesting is bounded.
 *
 * <p>Stateless and thread-safe. The caller bounds the input size by the array it passes.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8259">RFC 8259</a>
 */
public final class Json {

  /** The deepest nesting of arrays and objects accepted ({@link ScanLimits#DEFAULT_MAX_JSON_DEPTH}). */
  public static final int MAX_DEPTH = ScanLimits.DEFAULT_MAX_JSON_DEPTH;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(ScanLimits.DEFAULT_MAX_JSON_STRING_LENGTH)
          .maxNumberLength(100)
          .build())
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private Json() {}

  /**
   * Parses a document whose top level must be an object.
   *
   * @param json the bytes (UTF-8, -16 or -32); not null
   * @param what the name used in error messages, such as {@code manifest.json}; not null
   * @return the object; never null
   * @throws ImageFormatException if the bytes are not JSON or the top level is not an object
   */
  public static JsonObject parseObject(byte[] json, String what) throws ImageFormatException {
    Object v = parse(json, what);
    if (!(v instanceof Map)) {
      throw new ImageFormatException(what + ": expected a JSON object, found " + JsonObject.typeName(v));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) v;
    return new JsonObject(map, what, "");
  }

  /**
   * Parses a document whose top level must be an array.
   *
   * @param json the bytes; not null
   * @param what the name used in error messages; not null
   * @return the array's elements, unmodified plain values; never null
   * @throws ImageFormatException if the bytes are not JSON or the top level is not an array
   */
  public static List<Object> parseArray(byte[] json, String what) throws ImageFormatException {
    Object v = parse(json, what);
    if (!(v instanceof List)) {
      throw new ImageFormatException(what + ": expected a JSON array, found " + JsonObject.typeName(v));
    }
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) v;
    return list;
  }

  /**
   * Parses any JSON document into plain values.
   *
   * @param json the bytes; not null
   * @param what the name used in error messages; not null
   * @return the value, possibly null for the literal {@code null}
   * @throws ImageFormatException if the bytes are not one well-formed JSON value
   */
  public static Object parse(byte[] json, String what) throws ImageFormatException {
    if (json.length == 0) {
      throw new ImageFormatException(what + ": empty, expected JSON");
    }
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new ImageFormatException(what + ": empty, expected JSON");
      }
      Object v = read(p, t);
      if (p.nextToken() != null) {
        throw new ImageFormatException(what + ": not JSON: unexpected content after the value at line "
            + p.currentLocation().getLineNr());
      }
      return v;
    } catch (JsonProcessingException e) {
      throw new ImageFormatException(what + ": not JSON: " + oneLine(e.getOriginalMessage())
          + " at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()), e);
    } catch (ImageFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageFormatException(what + ": not JSON: " + oneLine(e.getMessage()), e);
    }
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          map.put(name, read(p, p.nextToken()));
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          list.add(read(p, e));
        }
        return list;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? new java.math.BigDecimal(p.getBigIntegerValue())
            : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDecimalValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new JsonProcessingException("unexpected token " + t, p.currentLocation()) {
          private static final long serialVersionUID = 1L;
        };
    }
  }

  static String oneLine(String s) {
    if (s == null) {
      return "malformed";
    }
    String line = s.replaceAll("\\s+", " ").trim();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
