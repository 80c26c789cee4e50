package dev.stowaway.core.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON document (RFC 8259) into maps, lists, strings, numbers and booleans with jackson-core's
 * streaming parser (the core has no data-binding library). Nesting is limited by Jackson's default
 * stream constraints; callers limit the input size.
 */
final class JsonTree {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonTree() {}

  static Object parse(String json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new PolicyParseException(0, "empty JSON document");
      }
      Object v = value(p, t);
      if (p.nextToken() != null) {
        throw new PolicyParseException(p.currentLocation().getLineNr(), "trailing content after the JSON document");
      }
      return v;
    } catch (JsonParseException e) {
      throw new PolicyParseException(e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new PolicyParseException(0, "unreadable JSON: " + e.getMessage());
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          m.put(name, value(p, p.nextToken()));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          l.add(value(p, e));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return p.getText();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      default -> {
        return null;
      }
    }
  }

  static Map<?, ?> object(Object o) {
    return o instanceof Map<?, ?> m ? m : Map.of();
  }

  static List<?> array(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  static String string(Object o) {
    return o instanceof String s ? s : null;
  }
}
