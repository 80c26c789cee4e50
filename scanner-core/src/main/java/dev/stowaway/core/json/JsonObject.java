package dev.stowaway.core.json;

import dev.stowaway.api.image.ImageFormatException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed JSON object with typed accessors. Every accessor is lenient about a missing key or a
 * {@code null} value (it returns null or an empty collection) and strict about a wrong type, which
 * gives an {@link ImageFormatException} such as {@code manifest.json: field Layers must be an array}.
 *
 * <p>Immutable view over the parsed map; safe to share between threads once parsed.
 */
public final class JsonObject {

  private final Map<String, Object> map;
  private final String what;
  private final String path;

  JsonObject(Map<String, Object> map, String what, String path) {
    this.map = Collections.unmodifiableMap(map);
    this.what = what;
    this.path = path;
  }

  /**
   * Wraps a plain map (as produced by {@link Json#parse}) for typed access.
   *
   * @param map the object's members; not null
   * @param what the file name used in error messages; not null
   * @return the wrapper
   */
  public static JsonObject of(Map<String, Object> map, String what) {
    return new JsonObject(map, what, "");
  }

  /** Returns the members, in document order; unmodifiable, never null. */
  public Map<String, Object> asMap() {
    return map;
  }

  /** Returns the member names in document order. */
  public Set<String> keys() {
    return map.keySet();
  }

  /** Tells whether the key is present (even with a null value). */
  public boolean has(String key) {
    return map.containsKey(key);
  }

  /**
   * Returns a string member.
   *
   * @param key the member name
   * @return the string, or null when absent or null
   * @throws ImageFormatException if the member is not a string
   */
  public String string(String key) throws ImageFormatException {
    Object v = map.get(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw wrongType(key, "a string", v);
  }

  /**
   * Returns a string member that must be present.
   *
   * @param key the member name
   * @return the string; never null
   * @throws ImageFormatException if the member is missing or not a string
   */
  public String requireString(String key) throws ImageFormatException {
    String s = string(key);
    if (s == null) {
      throw missing(key);
    }
    return s;
  }

  /**
   * Returns an integer member.
   *
   * @param key the member name
   * @return the value, or null when absent or null
   * @throws ImageFormatException if the member is not an integer that fits a long
   */
  public Long longValue(String key) throws ImageFormatException {
    Object v = map.get(key);
    if (v == null || v instanceof Long) {
      return (Long) v;
    }
    throw wrongType(key, "an integer", v);
  }

  /**
   * Returns a number member, integer or not.
   *
   * @param key the member name
   * @return the value, or null when absent or null
   * @throws ImageFormatException if the member is not a number
   */
  public Double doubleValue(String key) throws ImageFormatException {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw wrongType(key, "a number", v);
  }

  /**
   * Returns a boolean member.
   *
   * @param key the member name
   * @return the value, or null when absent or null
   * @throws ImageFormatException if the member is not a boolean
   */
  public Boolean bool(String key) throws ImageFormatException {
    Object v = map.get(key);
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    throw wrongType(key, "a boolean", v);
  }

  /**
   * Returns an object member.
   *
   * @param key the member name
   * @return the object, or null when absent or null
   * @throws ImageFormatException if the member is not an object
   */
  public JsonObject object(String key) throws ImageFormatException {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) v;
      return new JsonObject(m, what, field(key) + ".");
    }
    throw wrongType(key, "an object", v);
  }

  /**
   * Returns an object member that must be present.
   *
   * @param key the member name
   * @return the object; never null
   * @throws ImageFormatException if the member is missing or not an object
   */
  public JsonObject requireObject(String key) throws ImageFormatException {
    JsonObject o = object(key);
    if (o == null) {
      throw missing(key);
    }
    return o;
  }

  /**
   * Returns an array member as plain values.
   *
   * @param key the member name
   * @return the elements, or null when absent or null
   * @throws ImageFormatException if the member is not an array
   */
  public List<Object> array(String key) throws ImageFormatException {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof List) {
      @SuppressWarnings("unchecked")
      List<Object> l = (List<Object>) v;
      return Collections.unmodifiableList(l);
    }
    throw wrongType(key, "an array", v);
  }

  /**
   * Returns an array of objects.
   *
   * @param key the member name
   * @return the objects; empty when absent or null
   * @throws ImageFormatException if the member is not an array or an element is not an object
   */
  public List<JsonObject> objects(String key) throws ImageFormatException {
    List<Object> l = array(key);
    if (l == null) {
      return List.of();
    }
    List<JsonObject> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      Object e = l.get(i);
      if (!(e instanceof Map)) {
        throw new ImageFormatException(what + ": field " + field(key) + "[" + i + "] must be an object, found "
            + typeName(e));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) e;
      out.add(new JsonObject(m, what, field(key) + "[" + i + "]."));
    }
    return out;
  }

  /**
   * Returns an array of strings.
   *
   * @param key the member name
   * @return the strings; empty when absent or null
   * @throws ImageFormatException if the member is not an array or an element is not a string
   */
  public List<String> strings(String key) throws ImageFormatException {
    List<Object> l = array(key);
    if (l == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      Object e = l.get(i);
      if (!(e instanceof String)) {
        throw new ImageFormatException(what + ": field " + field(key) + "[" + i + "] must be a string, found "
            + typeName(e));
      }
      out.add((String) e);
    }
    return out;
  }

  /**
   * Returns an object whose values are all strings, such as labels or annotations.
   *
   * @param key the member name
   * @return the map in document order; empty when absent or null
   * @throws ImageFormatException if the member is not an object or a value is not a string
   */
  public Map<String, String> stringMap(String key) throws ImageFormatException {
    JsonObject o = object(key);
    if (o == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : o.keys()) {
      String v = o.string(k);
      out.put(k, v == null ? "" : v);
    }
    return out;
  }

  /**
   * Creates an error about this object, prefixed with the file name.
   *
   * @param message what is wrong
   * @return the exception, for the caller to throw
   */
  public ImageFormatException error(String message) {
    return new ImageFormatException(what + ": " + message);
  }

  /** Returns the dotted path of a member of this object, such as {@code config.Env}. */
  public String field(String key) {
    return path + key;
  }

  private ImageFormatException wrongType(String key, String expected, Object found) {
    return new ImageFormatException(what + ": field " + field(key) + " must be " + expected + ", found "
        + typeName(found));
  }

  private ImageFormatException missing(String key) {
    return new ImageFormatException(what + ": field " + field(key) + " is missing");
  }

  static String typeName(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof String) {
      return "a string";
    } else if (v instanceof Long || v instanceof BigDecimal || v instanceof Number) {
      return "a number";
    } else if (v instanceof Boolean) {
      return "a boolean";
    } else if (v instanceof List) {
      return "an array";
    } else {
      return "an object";
    }
  }

  @Override
  public String toString() {
    return what + (path.isEmpty() ? "" : " " + path) + map;
  }
}
