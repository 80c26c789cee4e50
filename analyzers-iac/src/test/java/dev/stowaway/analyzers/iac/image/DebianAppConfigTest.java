package dev.stowaway.analyzers.iac.image;

import dev.stowaway.core.testing.RecordingConfigContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stowaway.analyzers.iac.ComplianceReport;
import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real debian-app image config (from the corpus OCI layout), judged by the config analyzer. */
class DebianAppConfigTest {

  private static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Object> m = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String k = p.currentName();
        p.nextToken();
        m.put(k, read(p));
      }
      return m;
    }
    if (t == JsonToken.START_ARRAY) {
      List<Object> l = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        l.add(read(p));
      }
      return l;
    }
    return t == JsonToken.VALUE_NULL ? null : t.isBoolean() ? p.getBooleanValue() : p.getText();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(Path file) throws IOException {
    try (JsonParser p = new JsonFactory().createParser(Files.readAllBytes(file))) {
      p.nextToken();
      return (Map<String, Object>) read(p);
    }
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  @SuppressWarnings("unchecked")
  static ImageConfig realConfig() throws IOException {
    Path layout = SharedTestData.corpus().resolve("oci/debian-app");
    Map<String, Object> index = json(layout.resolve("index.json"));
    String manifest = (String) ((Map<String, Object>) ((List<Object>) index.get("manifests")).get(0)).get("digest");
    String cfg = (String) ((Map<String, Object>) json(blob(layout, manifest)).get("config")).get("digest");
    Map<String, Object> c = json(blob(layout, cfg));
    Map<String, Object> conf = (Map<String, Object>) c.getOrDefault("config", Map.of());
    List<HistoryEntry> history = new ArrayList<>();
    for (Object o : (List<Object>) c.getOrDefault("history", List.of())) {
      Map<String, Object> h = (Map<String, Object>) o;
      history.add(new HistoryEntry(null, (String) h.get("created_by"), (String) h.get("comment"),
          Boolean.TRUE.equals(h.get("empty_layer"))));
    }
    Map<String, Object> hc = (Map<String, Object>) conf.get("Healthcheck");
    return new ImageConfig((String) c.get("os"), (String) c.get("architecture"), null,
        (String) conf.get("User"),
        (List<String>) (List<?>) conf.getOrDefault("Env", List.of()),
        new ArrayList<>(((Map<String, Object>) conf.getOrDefault("ExposedPorts", Map.of())).keySet()),
        Map.of(), List.of(), List.of(), (String) conf.get("WorkingDir"),
        hc == null ? List.of() : (List<String>) (List<?>) hc.getOrDefault("Test", List.of()),
        history, List.of());
  }

  @Test
  void realDebianAppConfig() throws IOException {
    ImageConfig config = realConfig();
    assertThat(config.exposedPorts()).containsExactly("22/tcp");
    assertThat(config.history()).hasSize(13);
    RecordingConfigContext ctx = new RecordingConfigContext();
    new ImageConfigMisconfigAnalyzer().analyze(config, ctx);
    assertThat(ctx.issues).isEmpty();
    List<String> got = ctx.findings.stream().map(f -> f.id() + " " + f.location().path()
        + (f.location().nestedPath() == null ? "" : "!" + f.location().nestedPath())).toList();
    assertThat(got).contains("IMG001 config!User", "IMG002 config!ExposedPorts/22/tcp", "IMG003 config!Healthcheck",
        "IMG004 config!Env/GITHUB_TOKEN");
    // nothing but the unpinned apt-get install comes from the history
    assertThat(got.stream().filter(s -> s.startsWith("DS")).map(s -> s.substring(0, 5))).containsOnly("DS015");
    List<MisconfigurationFinding> mf = ctx.findings.stream().map(MisconfigurationFinding.class::cast).toList();
    ComplianceReport cis = ComplianceReport.of("docker-cis-1.6", mf);
    assertThat(cis.controls()).extracting(c -> c.id() + " " + c.status()).contains(
        "4.1 FAIL", "4.6 FAIL", "4.10 FAIL", "4.7 PASS", "4.9 PASS", "4.11 PASS");
  }
}
