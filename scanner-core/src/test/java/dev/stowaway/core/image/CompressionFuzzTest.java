package dev.stowaway.core.image;

import dev.stowaway.core.image.build.LayerBuilder;
import dev.stowaway.core.testing.FuzzTarget;
import dev.stowaway.core.testing.GeneratedSeeds;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** Fuzzes compression detection by magic bytes and the gzip/zstd decoders behind it. */
class CompressionFuzzTest extends FuzzTarget {
  private static final long MAX_OUT = 16L << 20;

  @Override
  protected void fuzz(byte[] data) throws IOException {
    BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(data));
    Compression c = Compression.detect(in);
    try (InputStream out = c.decompress(in)) {
      byte[] buf = new byte[8192];
      long total = 0;
      int n;
      while (total < MAX_OUT && (n = out.read(buf)) >= 0) {
        total += n;
      }
    }
  }

  @Override
  protected Stream<Path> seeds() {
    byte[] tar = LayerBuilder.create().file("a.txt", "hello\n").toTar();
    return GeneratedSeeds.write(getClass().getSimpleName(), Map.of("layer.tar.gz", Compression.GZIP.compress(tar),
        "layer.tar.zst", Compression.ZSTD.compress(tar), "layer.tar", tar));
  }
}
