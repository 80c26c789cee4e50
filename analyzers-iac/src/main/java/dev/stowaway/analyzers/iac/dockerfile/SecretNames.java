package dev.stowaway.analyzers.iac.dockerfile;

import java.util.Locale;
import java.util.Set;

/**
 * Tells whether a variable name looks like it holds a secret ({@code DB_PASSWORD}, {@code GITHUB_TOKEN},
 * {@code AWS_SECRET_ACCESS_KEY}), used for {@code ENV}/{@code ARG} in Dockerfiles and for image
 * environments. Names that point at a secret rather than hold it ({@code PASSWORD_FILE}) and public key
 * ids ({@code GPG_KEY}) are not flagged. Stateless and thread-safe.
 */
public final class SecretNames {
  private static final Set<String> SECRET_PARTS = Set.of(
      "PASSWORD", "PASSWD", "PASS", "PASSPHRASE", "SECRET", "SECRETS", "TOKEN", "APIKEY", "CREDENTIAL",
      "CREDENTIALS", "CREDS", "PRIVATEKEY", "AUTH");
  private static final Set<String> HARMLESS_PARTS = Set.of(
      "FILE", "PATH", "DIR", "GPG", "PGP", "PUBLIC", "PUB", "FINGERPRINT", "ID", "LENGTH", "URL", "NAME", "TYPE");

  private SecretNames() {}

  /**
   * Classifies a name.
   *
   * @param name the variable name; not null
   * @return true if it looks like it holds a secret
   */
  public static boolean looksSecret(String name) {
    String[] parts = name.toUpperCase(Locale.ROOT).split("[_\\-.]+");
    boolean secret = false;
    boolean key = false;
    for (String p : parts) {
      if (HARMLESS_PARTS.contains(p)) {
        return false;
      }
      if (SECRET_PARTS.contains(p)) {
        secret = true;
      }
      if (p.equals("KEY")) {
        key = true;
      }
    }
    return secret || key;
  }
}
