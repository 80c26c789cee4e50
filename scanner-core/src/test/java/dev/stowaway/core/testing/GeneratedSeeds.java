package dev.stowaway.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes seed inputs that are built in code (layer tars, image archives) to
 * {@code target/fuzz-seeds/<name>/} so that a {@link FuzzTarget} can offer them as seed files.
 */
public final class GeneratedSeeds {
  private GeneratedSeeds() {}

  /**
   * Writes the seeds (file name to bytes) and lists them.
   *
   * @param name the folder name, usually the fuzz target's simple class name
   * @param seeds file name to content
   * @return the written files; the caller closes the stream
   */
  public static Stream<Path> write(String name, Map<String, byte[]> seeds) {
    try {
      Path dir = Path.of("target", "fuzz-seeds", name);
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
        Files.write(dir.resolve(e.getKey()), e.getValue());
      }
      return seeds.keySet().stream().map(dir::resolve);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
