package dev.stowaway.core.cache;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.core.image.ImageSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child process of the multi-process cache tests.
 *
 * <ul>
 *   <li>{@code scan CACHE_DIR IMAGE_SPEC OUT_JSON}: scans with {@link MultiProcessLayerCacheTest#analyzers()} and a
 *       {@link FileLayerCache} in CACHE_DIR, writes the JSON report;</li>
 *   <li>{@code write CACHE_DIR KEY MEGABYTES}: stores entries under KEY forever (until killed).</li>
 * </ul>
 */
public final class CacheScanMain {
  private CacheScanMain() {}

  /**
   * Runs one mode.
   *
   * @param args see the class comment
   * @throws IOException on failure (exit code 1)
   */
  public static void main(String[] args) throws IOException {
    FileLayerCache cache = new FileLayerCache(Path.of(args[1]), FileLayerCache.DEFAULT_MAX_BYTES);
    if (args[0].equals("write")) {
      byte[] entry = new byte[Integer.parseInt(args[3]) << 20];
      for (int i = 0; ; i++) {
        java.util.Arrays.fill(entry, (byte) i);
        cache.put(args[2], entry);
      }
    }
    try (Image image = ImageSources.open(args[2], SourceOptions.defaults())) {
      String json = LayerCacheTest.json(LayerCacheTest.scanner(MultiProcessLayerCacheTest.analyzers())
          .layerCache(cache).build().scan(image));
      Files.writeString(Path.of(args[3]), json, StandardCharsets.UTF_8);
    }
  }
}
