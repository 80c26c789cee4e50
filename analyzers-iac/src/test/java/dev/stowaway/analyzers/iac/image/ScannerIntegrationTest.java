package dev.stowaway.analyzers.iac.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.iac.ComplianceReport;
import dev.stowaway.api.image.Digest;
import dev.stowaway.api.image.HistoryEntry;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.image.build.LayerBuilder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The analyzers found by the core through ServiceLoader, on an in-memory two-layer image. */
class ScannerIntegrationTest {

  private static Layer layer(byte[] tar) {
    Digest d = Digest.sha256Of(tar);
    return new Layer() {
      @Override
      public Digest digest() {
        return d;
      }

      @Override
      public Digest diffId() {
        return d;
      }

      @Override
      public long size() {
        return tar.length;
      }

      @Override
      public String mediaType() {
        return "application/vnd.oci.image.layer.v1.tar";
      }

      @Override
      public InputStream openBlob() {
        return new ByteArrayInputStream(tar);
      }
    };
  }

  @Test
  void imageFindingsThroughTheScannerFacade() throws Exception {
    Layer base = layer(LayerBuilder.create()
        .file("etc/shadow", "root:*:19000:0:99999:7:::\nguest::19000:0:99999:7:::\n".getBytes(StandardCharsets.UTF_8),
            0640)
        .file("usr/bin/su", new byte[] {1}, 04755)
        .file("usr/bin/chage", new byte[] {2}, 02755)
        .file("opt/tool", new byte[] {3}, 04755)
        .toTar());
    // the second layer deletes the setuid tool and fixes the shadow file
    Layer app = layer(LayerBuilder.create()
        .whiteout("opt/tool")
        .file("etc/shadow", "root:*:19000:0:99999:7:::\nguest:!:19000:0:99999:7:::\n".getBytes(StandardCharsets.UTF_8),
            0640)
        .toTar());
    ImageConfig config = new ImageConfig("linux", "amd64", null, null,
        List.of("PATH=/usr/bin", "GITHUB_TOKEN=ghp_x"), List.of("22/tcp"), Map.of(), List.of(), List.of("app"), "/",
        List.of(), List.of(new HistoryEntry(null, "/bin/sh -c #(nop) ADD file:abc in / ", null, false),
            new HistoryEntry(null, "/bin/sh -c apt-get update", null, false)),
        List.of(base.diffId(), app.diffId()));
    Image image = new Image() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public Digest manifestDigest() {
        return null;
      }

      @Override
      public Digest configDigest() {
        return Digest.sha256Of("config");
      }

      @Override
      public ImageConfig config() {
        return config;
      }

      @Override
      public List<Layer> layers() {
        return List.of(base, app);
      }
    };
    ScanResult r = Scanner.builder().parallelism(1).build().scan(image);
    List<String> got = r.findings().stream()
        .filter(f -> f.kind().equals("misconfiguration"))
        .map(f -> f.id() + " " + f.location().path() + (f.removed() ? " (removed)" : ""))
        .toList();
    // opt/tool (deleted) and the empty password (fixed in layer 2) are gone from the merged result
    assertThat(got).containsExactlyInAnyOrder(
        "FS001 usr/bin/su", "FS002 usr/bin/chage",
        "IMG001 config", "IMG002 config", "IMG003 config", "IMG004 config", "DS011 history[1]");
    ComplianceReport cis = ComplianceReport.of("docker-cis-1.6", r.findings());
    assertThat(cis.controls()).hasSize(12);
    assertThat(cis.controls().stream().filter(c -> c.status() == ComplianceReport.Status.FAIL)
        .map(ComplianceReport.ControlResult::id)).contains("4.1", "4.6", "4.7", "4.8", "4.10");
  }
}
