package dev.stowaway.core.image;

import dev.stowaway.api.image.Platform;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.LayerBuilder;

/** Small images for source tests. */
final class TestImages {
  private TestImages() {}

  /** Three layers (with the given compression), one empty-layer step, a full config. */
  static BuiltImage sample(Compression c) {
    return sample(c, Platform.LINUX_AMD64);
  }

  static BuiltImage sample(Compression c, Platform p) {
    return ImageBuilder.create()
        .platform(p)
        .compression(c)
        .layer(LayerBuilder.create().dir("etc").file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .file("etc/arch", p.toString()), "ADD rootfs.tar /")
        .emptyLayer("ENV PATH=/usr/bin")
        .layer(LayerBuilder.create().dir("app").file("app/a.txt", "hello").symlink("app/b", "a.txt"), "COPY app /app")
        .layer(LayerBuilder.create().whiteout("app/a.txt"), "RUN rm /app/a.txt")
        .user("app")
        .env("PATH=/usr/bin")
        .exposedPort("8080/tcp")
        .label("org.opencontainers.image.title", "sample")
        .workingDir("/app")
        .cmd("java", "-jar", "app.jar")
        .build();
  }
}
