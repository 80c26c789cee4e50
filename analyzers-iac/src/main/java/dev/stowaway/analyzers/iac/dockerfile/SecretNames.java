package dev.stowaway.analyzers.iac.dockerfile;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells whether a variable name looks like it holds a secret ({@code DB_PASSWORD}, {@code GITHUB_TOKEN},
 * {@code AWS_SECRET_ACCESS_KEY}), used for {@code ENV}/{@code ARG} in Dockerfiles and for image
 * environments. Names that point at a secret rather than hold it ({@code PASSWORD_FILE}) and public key
 * ids ({@code GPG_KEY}) are not flagged. Stateless and thread-safe.
 */
public final class SecretNames {
  private static final Set<String> SECRET_PARTS = Set.of(
      "PASSWORD", "PASSWD", "PASS", "PASSPHRASE", "SECRET", "SECRETS", "TOKEN", "APIKEY", "CREDENTIAL",
      "CREDENTIALS", "CREDS", "PRIVATEKEY");
  private static final Set<String> HARMLESS_PARTS = Set.of(
      "FILE", "PATH", "DIR", "GPG", "PGP", "PUBLIC", "PUB", "FINGERPRINT", "ID", "LENGTH", "URL", "NAME", "TYPE");

  private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

  private SecretNames() {}

  /**
   * Classifies a name.
   *
   * @param name the variable name; not null
   * @return true if it looks like it holds a secret
   */
  public static boolean looksSecret(String name) {
    // camelCase words count as words: dbPassword is DB_PASSWORD
    String[] parts = CAMEL.matcher(name).replaceAll("$1_$2").toUpperCase(Locale.ROOT).split("[_\\-.]+");
    boolean secret = false;
    boolean key = false;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (HARMLESS_PARTS.contains(p)) {
        return false;
      }
      if (SECRET_PARTS.contains(p)) {
        secret = true;
      }
      // KEY only as the last word: API_KEY, SSH_KEY, but not APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE
      if (p.equals("KEY") && i == parts.length - 1) {
        key = true;
      }
    }
    return secret || key;
  }
}
