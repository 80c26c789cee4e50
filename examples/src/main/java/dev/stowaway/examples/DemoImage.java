package dev.stowaway.examples;

import dev.stowaway.core.image.Compression;
import dev.stowaway.core.image.build.BuiltImage;
import dev.stowaway.core.image.build.ImageBuilder;
import dev.stowaway.core.image.build.ImageWriters;
import dev.stowaway.core.image.build.LayerBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a small, multi-layer demo image as an OCI layout, so the scanner can be tried on a fresh machine
 * with no registry and no Docker engine: a Debian-like base with a dpkg database, an application layer
 * with a {@code .env} file, a layer that plants a credentials file and one that deletes it again.
 *
 * <p>Usage: {@code DemoImage OUTPUT_DIR} (the directory must not exist yet or be empty).
 */
public final class DemoImage {
  private DemoImage() {}

  /**
   * Builds the demo image in memory.
   *
   * @return the image
   */
  public static BuiltImage build() {
    String status = """
        Package: base-files
        Status: install ok installed
        Priority: required
        Architecture: amd64
        Version: 12.4+deb12u5

        Package: libssl3
        Status: install ok installed
        Architecture: amd64
        Multi-Arch: same
        Source: openssl
        Version: 3.0.11-1~deb12u2

        Package: curl
        Status: install ok installed
        Architecture: amd64
        Version: 7.88.1-10+deb12u5

        """;
    return ImageBuilder.create()
        .compression(Compression.GZIP)
        .created(Instant.parse("2024-06-01T00:00:00Z"))
        .layer(LayerBuilder.create()
            .dir("etc").dir("usr/lib").dir("var/lib/dpkg")
            .file("usr/lib/os-release", """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                VERSION_CODENAME=bookworm
                ID=debian
                """)
            .symlink("etc/os-release", "../usr/lib/os-release")
            .file("etc/debian_version", "12.5\n")
            .file("var/lib/dpkg/status", status)
            .file("usr/bin/passwd", new byte[64], 04755),
            "/bin/sh -c #(nop) ADD file:rootfs.tar.gz in /")
        .layer(LayerBuilder.create().dir("app").file("app/server.js", "console.log('hello')\n")
            .file("app/.env", "DATABASE_URL=postgres://app:app@db/app\n"), "/bin/sh -c #(nop) COPY dir:app in /app")
        .layer(LayerBuilder.create().dir("root/.aws").file("root/.aws/credentials",
            "[default]\naws_access_key_id = AKIA" + "Q3EGRIU6DEMOK3YS\n"
                + "aws_secret_access_key = " + "wJalrXUtnFEMIK7MDENGbPxRfiCYDEMOKEY12345" + "\n"),
            "/bin/sh -c mkdir -p /root/.aws && cp credentials /root/.aws/")
        .layer(LayerBuilder.create().whiteout("root/.aws/credentials"), "/bin/sh -c rm /root/.aws/credentials")
        .env("PATH=/usr/local/bin:/usr/bin:/bin")
        .cmd("node", "/app/server.js")
        .label("org.opencontainers.image.title", "stowaway-demo")
        .build();
  }

  /**
   * Writes the demo image.
   *
   * @param args {@code OUTPUT_DIR}
   * @throws IOException if writing fails
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: DemoImage OUTPUT_DIR");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    ImageWriters.writeOciLayout(build(), out, "latest");
    System.out.println("wrote oci:" + out.toAbsolutePath() + ":latest");
  }
}
