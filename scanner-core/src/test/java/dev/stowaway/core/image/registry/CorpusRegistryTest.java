package dev.stowaway.core.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.Layer;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.image.ImageSources;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pulls {@code 127.0.0.1:5000/corpus/debian-app:latest} from the corpus registry that
 * {@code build-test-images.sh --registry} starts (.ci/run does, so in CI it must run); elsewhere the test
 * is skipped (with a printed reason) rather than failed when it is absent.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CorpusRegistryTest {

  private static final Path CORPUS = Path.of(System.getProperty("stowaway.corpus", "/var/tmp/stowaway-corpus"));

  @Test
  void corpusImageFromTheRegistryMatchesItsDockerArchive() throws IOException {
    Path registryDir = CORPUS.resolve("registry");
    Path archive = CORPUS.resolve("debian-app.docker.tar");
    String reason = !Files.isDirectory(registryDir) ? registryDir + " not found"
        : !Files.isRegularFile(archive) ? archive + " not found"
        : !listening() ? "no registry answers on 127.0.0.1:5000" : null;
    if (reason != null && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("corpus registry test: " + reason + " (.ci/run starts it with build-test-images.sh --registry)");
    }
    if (reason != null) {
      System.out.println("SKIPPED: corpus registry test: " + reason);
      Assumptions.abort(reason);
    }
    RegistryImageSource source = new RegistryImageSource(RegistryOptions.builder().insecure(true)
        .dockerConfig(null).build());
    try (Image remote = source.open("127.0.0.1:5000/corpus/debian-app:latest", SourceOptions.defaults());
        Image local = ImageSources.open("docker-archive:" + archive, SourceOptions.defaults())) {
      assertThat(remote.configDigest()).isEqualTo(local.configDigest());
      assertThat(remote.layers()).extracting(Layer::diffId)
          .containsExactlyElementsOf(local.layers().stream().map(Layer::diffId).toList());
    }
  }

  private static boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 5000), (int) Duration.ofSeconds(1).toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
