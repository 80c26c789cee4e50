package dev.stowaway.core.image.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password (or token) for a registry, given explicitly (the CLI maps
 * {@code --username}/{@code --password-stdin} and {@code STOWAWAY_REGISTRY_USERNAME}/{@code _PASSWORD}
 * to it) or found in Docker's configuration. The password never appears in {@link #toString()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RegistryCredentials {

  private final String username;
  private final String password;

  private RegistryCredentials(String username, String password) {
    this.username = Objects.requireNonNull(username, "username");
    this.password = Objects.requireNonNull(password, "password");
  }

  /**
   * Creates credentials.
   *
   * @param username the user name; not null
   * @param password the password or token; not null
   * @return the credentials
   */
  public static RegistryCredentials of(String username, String password) {
    return new RegistryCredentials(username, password);
  }

  /**
   * Returns the user name.
   *
   * @return the user name; never null
   */
  public String username() {
    return username;
  }

  /**
   * Returns the password or token; handle it with care, never log it.
   *
   * @return the password; never null
   */
  public String password() {
    return password;
  }

  /** Returns the value of a {@code Basic} Authorization header for these credentials. */
  String basicAuthorization() {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Names the user only, never the password. */
  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=***]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegistryCredentials c && c.username.equals(username) && c.password.equals(password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, password);
  }
}
