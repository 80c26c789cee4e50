package dev.stowaway.analyzers.iac.kubernetes;

import dev.stowaway.api.model.Location;
import dev.stowaway.core.testing.FuzzTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fuzzes Kubernetes manifest scanning: YAML (multi-document, anchors, aliases) and every rule. */
class KubernetesYamlFuzzTest extends FuzzTarget {
  @Override
  protected void fuzz(byte[] data) {
    ManifestScanner.scan(new String(data, StandardCharsets.UTF_8), new Location(null, "deploy.yaml", null));
  }

  @Override
  protected Stream<Path> seeds() {
    try {
      return Files.list(Path.of("src/test/resources/k8s"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
