package dev.stowaway.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.ImageFormatException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @SuppressWarnings("unchecked")
  void parsesPlainValuesKeepingMemberOrder() throws Exception {
    Object v = Json.parse(b("{\"z\":1,\"a\":[true,null,\"x\",1.5,12345678901234567890],\"m\":{}}"), "t.json");
    assertThat(v).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertThat(m.keySet()).containsExactly("z", "a", "m");
    assertThat(m.get("z")).isEqualTo(1L);
    assertThat((List<Object>) m.get("a")).containsExactly(true, null, "x", new BigDecimal("1.5"),
        new BigDecimal("12345678901234567890"));
    assertThat(m.get("m")).isEqualTo(Map.of());
  }

  @Test
  void typedAccessorsAreLenientAboutMissingAndStrictAboutTypes() throws Exception {
    JsonObject o = Json.parseObject(b("{\"Layers\":\"x\",\"n\":null,\"o\":{\"Env\":[1]},\"s\":\"v\"}"),
        "manifest.json");
    assertThat(o.string("missing")).isNull();
    assertThat(o.strings("n")).isEmpty();
    assertThat(o.object("n")).isNull();
    assertThat(o.string("s")).isEqualTo("v");
    assertThatThrownBy(() -> o.strings("Layers")).isInstanceOf(ImageFormatException.class)
        .hasMessage("manifest.json: field Layers must be an array, found a string");
    assertThatThrownBy(() -> o.requireObject("o").strings("Env"))
        .hasMessage("manifest.json: field o.Env[0] must be a string, found a number");
    assertThatThrownBy(() -> o.requireString("Config")).hasMessage("manifest.json: field Config is missing");
    assertThatThrownBy(() -> o.longValue("s")).hasMessage("manifest.json: field s must be an integer, found a string");
  }

  @Test
  void rejectsMalformedInputWithOneLineMessages() {
    assertThatThrownBy(() -> Json.parse(b("{\"a\":"), "c.json")).isInstanceOf(ImageFormatException.class)
        .hasMessageStartingWith("c.json: not JSON:").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> Json.parse(b(""), "c.json")).hasMessage("c.json: empty, expected JSON");
    assertThatThrownBy(() -> Json.parse(b("{} x"), "c.json")).hasMessageStartingWith("c.json: not JSON");
    assertThatThrownBy(() -> Json.parse(b("{\"a\":1,\"a\":2}"), "c.json")).hasMessageContaining("Duplicate field");
    assertThatThrownBy(() -> Json.parseObject(b("[1]"), "c.json"))
        .hasMessage("c.json: expected a JSON object, found an array");
    assertThatThrownBy(() -> Json.parseArray(b("{}"), "c.json"))
        .hasMessage("c.json: expected a JSON array, found an object");
  }

  @Test
  void boundsNesting() {
    char[] open = new char[Json.MAX_DEPTH + 5];
    char[] close = new char[open.length];
    Arrays.fill(open, '[');
    Arrays.fill(close, ']');
    assertThatThrownBy(() -> Json.parse(b(new String(open) + new String(close)), "deep.json"))
        .isInstanceOf(ImageFormatException.class).hasMessageStartingWith("deep.json: not JSON:");
    char[] ok = new char[Json.MAX_DEPTH - 1];
    Arrays.fill(ok, '[');
    char[] okc = new char[ok.length];
    Arrays.fill(okc, ']');
    org.assertj.core.api.Assertions.assertThatCode(() -> Json.parse(b(new String(ok) + new String(okc)), "d"))
        .doesNotThrowAnyException();
  }
}
