package dev.stowaway.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The report printer writes what Jackson's default pretty printer writes, byte for byte. */
class ReportPrettyPrinterTest {

  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String print(boolean ours, Body body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      if (ours) {
        ReportPrettyPrinter.use(g);
        assertThat(g.getPrettyPrinter()).isInstanceOf(ReportPrettyPrinter.class);
      } else {
        g.useDefaultPrettyPrinter();
      }
      body.write(g);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void assertSame(Body body) throws IOException {
    String expected = print(false, body);
    assertThat(print(true, body)).isEqualTo(expected);
  }

  @Test
  void objectsArraysAndEmptyOnes() throws IOException {
    assertSame(g -> {
      g.writeStartObject();
      g.writeNumberField("schemaVersion", 1);
      g.writeStringField("name", "caf\u00e9 \"quoted\"\n");
      g.writeArrayFieldStart("empty");
      g.writeEndArray();
      g.writeObjectFieldStart("none");
      g.writeEndObject();
      g.writeArrayFieldStart("strings");
      g.writeString("a");
      g.writeString("b");
      g.writeEndArray();
      g.writeArrayFieldStart("objects");
      for (int i = 0; i < 3; i++) {
        g.writeStartObject();
        g.writeNumberField("i", i);
        g.writeArrayFieldStart("inner");
        g.writeStartObject();
        g.writeBooleanField("deep", true);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNullField("nothing");
      g.writeEndObject();
    });
  }

  /** Deeper than the levels whose indentation is encoded ahead. */
  @Test
  void deepNesting() throws IOException {
    assertSame(g -> {
      for (int i = 0; i < 40; i++) {
        g.writeStartObject();
        g.writeNumberField("level", i);
        g.writeFieldName("next");
      }
      g.writeStartArray();
      g.writeNumber(1);
      g.writeStartObject();
      g.writeEndObject();
      g.writeEndArray();
      for (int i = 0; i < 40; i++) {
        g.writeEndObject();
      }
    });
  }

  @Test
  void rootValuesAndAnEmptyRootArray() throws IOException {
    assertSame(g -> {
      g.writeStartArray();
      g.writeEndArray();
      g.writeStartObject();
      g.writeEndObject();
      g.writeString("x");
    });
  }
}
