package dev.stowaway.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.ImageFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageConfigParserTest {

  private static final String D1 = "sha256:" + "a".repeat(64);
  private static final String D2 = "sha256:" + "b".repeat(64);

  @Test
  void parsesEveryField() throws Exception {
    String json = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-05-01T10:00:00.123456789Z\","
        + "\"config\":{\"User\":\"1000:1000\",\"Env\":[\"PATH=/usr/bin\",\"TOKEN=x=y\"],"
        + "\"ExposedPorts\":{\"8080/tcp\":{},\"22/tcp\":{}},\"Labels\":{\"a\":\"1\",\"b\":\"2\"},"
        + "\"Entrypoint\":[\"/entry\"],\"Cmd\":[\"run\",\"-v\"],\"WorkingDir\":\"/app\","
        + "\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":30000000000}},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + D1 + "\",\"" + D2 + "\"]},"
        + "\"history\":[{\"created\":\"2024-05-01T09:00:00Z\",\"created_by\":\"ADD x /\",\"comment\":\"c\"},"
        + "{\"created_by\":\"ENV A=1\",\"empty_layer\":true},{\"created_by\":\"RUN y\"}]}";
    ImageConfig c = ImageConfigParser.parse(json.getBytes(StandardCharsets.UTF_8), "config.json");
    assertThat(c.os()).isEqualTo("linux");
    assertThat(c.architecture()).isEqualTo("amd64");
    assertThat(c.created()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123456789Z"));
    assertThat(c.user()).isEqualTo("1000:1000");
    assertThat(c.env()).containsExactly("PATH=/usr/bin", "TOKEN=x=y");
    assertThat(c.envValue("TOKEN")).isEqualTo("x=y");
    assertThat(c.exposedPorts()).containsExactly("22/tcp", "8080/tcp");
    assertThat(c.labels()).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(c.entrypoint()).containsExactly("/entry");
    assertThat(c.cmd()).containsExactly("run", "-v");
    assertThat(c.workingDir()).isEqualTo("/app");
    assertThat(c.healthcheck()).containsExactly("CMD", "true");
    assertThat(c.diffIds()).containsExactly(Digest.parse(D1), Digest.parse(D2));
    assertThat(c.history()).containsExactly(
        new HistoryEntry(Instant.parse("2024-05-01T09:00:00Z"), "ADD x /", "c", false),
        new HistoryEntry(null, "ENV A=1", null, true),
        new HistoryEntry(null, "RUN y", null, false));
    assertThat(c.layerHistory()).extracting(HistoryEntry::createdBy).containsExactly("ADD x /", "RUN y");
  }

  @Test
  void missingFieldsAreNullOrEmpty() throws Exception {
    ImageConfig c = ImageConfigParser.parse("{}".getBytes(StandardCharsets.UTF_8));
    assertThat(c.os()).isNull();
    assertThat(c.user()).isNull();
    assertThat(c.env()).isEmpty();
    assertThat(c.exposedPorts()).isEmpty();
    assertThat(c.labels()).isEmpty();
    assertThat(c.history()).isEmpty();
    assertThat(c.diffIds()).isEmpty();
    ImageConfig nulls = ImageConfigParser.parse(
        "{\"config\":{\"User\":\"\",\"Env\":null,\"Labels\":null},\"created\":\"0001-01-01T00:00:00Z\"}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(nulls.user()).isNull();
    assertThat(nulls.env()).isEmpty();
    assertThat(nulls.created()).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
  }

  @Test
  void wrongTypesNameTheField() {
    assertThatThrownBy(() -> ImageConfigParser.parse(b("{\"config\":{\"Env\":\"PATH=/bin\"}}"), "cfg"))
        .isInstanceOf(ImageFormatException.class).hasMessage("cfg: field config.Env must be an array, found a string");
    assertThatThrownBy(() -> ImageConfigParser.parse(b("{\"rootfs\":{\"diff_ids\":[\"md5:1\"]}}"), "cfg"))
        .hasMessageStartingWith("cfg: field rootfs.diff_ids[0] is not a digest");
    assertThatThrownBy(() -> ImageConfigParser.parse(b("{\"history\":[{\"empty_layer\":\"yes\"}]}"), "cfg"))
        .hasMessage("cfg: field history[0].empty_layer must be a boolean, found a string");
    assertThatThrownBy(() -> ImageConfigParser.parse(b("not json"), "cfg"))
        .isInstanceOf(ImageFormatException.class).hasMessageStartingWith("cfg: not JSON");
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void builderConfigRoundTrips() throws Exception {
    var img = TestImages.sample(Compression.GZIP);
    ImageConfig c = ImageConfigParser.parse(img.configBytes());
    assertThat(c).isEqualTo(img.config());
    assertThat(c.user()).isEqualTo("app");
    assertThat(c.cmd()).isEqualTo(List.of("java", "-jar", "app.jar"));
    assertThat(c.history()).hasSize(4);
    assertThat(c.layerHistory()).extracting(HistoryEntry::createdBy)
        .containsExactly("ADD rootfs.tar /", "COPY app /app", "RUN rm /app/a.txt");
  }
}
