package dev.stowaway.cli;

import dev.stowaway.core.image.registry.RegistryCredentials;
import dev.stowaway.core.image.registry.RegistryOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/**
 * The registry options shared by every command that opens an image (a picocli mixin): credentials and
 * plain HTTP. The password never comes from the command line, where other users could read it:
 * standard input or {@code STOWAWAY_REGISTRY_PASSWORD} only.
 */
final class RegistryFlags {

  @Option(names = "--username", paramLabel = "USER",
      description = "Registry user name (default: $STOWAWAY_REGISTRY_USERNAME, else ~/.docker/config.json).")
  String username;

  @Option(names = "--password-stdin", description = "Read the registry password from standard input.")
  boolean passwordStdin;

  @Option(names = "--insecure", description = "Talk plain HTTP to the registry (only when asked; never by default).")
  boolean insecure;

  /**
   * Builds the registry options from the flags and the environment.
   *
   * @throws IllegalArgumentException if a password is given without a user name
   * @throws IOException if standard input cannot be read
   */
  RegistryOptions options() throws IOException {
    String user = username != null ? username : System.getenv("STOWAWAY_REGISTRY_USERNAME");
    String password = null;
    if (passwordStdin) {
      password = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } else if (System.getenv("STOWAWAY_REGISTRY_PASSWORD") != null) {
      password = System.getenv("STOWAWAY_REGISTRY_PASSWORD");
    }
    if (password != null && user == null) {
      throw new IllegalArgumentException("a registry password needs --username or STOWAWAY_REGISTRY_USERNAME");
    }
    RegistryOptions.Builder b = RegistryOptions.builder().insecure(insecure);
    if (user != null && password != null) {
      b.credentials(RegistryCredentials.of(user, password));
    }
    return b.build();
  }
}
