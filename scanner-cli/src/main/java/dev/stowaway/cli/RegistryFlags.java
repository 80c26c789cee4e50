package dev.stowaway.cli;

import static dev.stowaway.cli.OptionBinding.option;

import dev.stowaway.core.image.registry.RegistryCredentials;
import dev.stowaway.core.image.registry.RegistryOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The registry options shared by every command that opens an image ({@link #addTo}): credentials and
 * plain HTTP, extra CAs. The password never comes from the command line, where other users could read it:
 * standard input or {@code STOWAWAY_REGISTRY_PASSWORD} only.
 */
final class RegistryFlags {

  String username;
  boolean passwordStdin;
  boolean insecure;
  Path caCert;

  /**
   * Adds these options to a command (a mixin without annotations, see {@link OptionBinding}).
   *
   * @param spec the command, whose parsed values land in this object
   */
  void addTo(CommandSpec spec) {
    spec.addOption(option("--username", String.class, () -> username, v -> username = (String) v)
        .paramLabel("USER")
        .description("Registry user name (default: $STOWAWAY_REGISTRY_USERNAME, else ~/.docker/config.json).")
        .build());
    spec.addOption(option("--password-stdin", boolean.class, () -> passwordStdin, v -> passwordStdin = (Boolean) v)
        .description("Read the registry password from standard input.").build());
    spec.addOption(option("--insecure", boolean.class, () -> insecure, v -> insecure = (Boolean) v)
        .description("Talk plain HTTP to the registry (only when asked; never by default).").build());
    spec.addOption(option("--ca-cert", Path.class, () -> caCert, v -> caCert = (Path) v)
        .paramLabel("FILE")
        .description("Also trust the CA certificate(s) in this PEM file for HTTPS registries "
            + "(default: $STOWAWAY_REGISTRY_CA_CERT when set).")
        .build());
  }

  /**
   * Builds the registry options from the flags and the environment.
   *
   * @throws IllegalArgumentException if a password is given without a user name
   * @throws IOException if standard input or the CA file cannot be read, or the file holds no certificate
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
    String envCa = System.getenv("STOWAWAY_REGISTRY_CA_CERT");
    Path ca = caCert != null ? caCert : envCa == null || envCa.isBlank() ? null : Path.of(envCa);
    if (ca != null) {
      b.trustedCertificates(RegistryOptions.readPemCertificates(ca));
    }
    if (user != null && password != null) {
      b.credentials(RegistryCredentials.of(user, password));
    }
    return b.build();
  }
}
