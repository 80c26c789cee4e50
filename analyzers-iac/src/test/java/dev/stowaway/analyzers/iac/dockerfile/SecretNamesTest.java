package dev.stowaway.analyzers.iac.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretNamesTest {
  @ParameterizedTest
  @CsvSource({
      "GITHUB_TOKEN, true", "DB_PASSWORD, true", "AWS_SECRET_ACCESS_KEY, true", "API_KEY, true", "apiKey, true", "dbPassword, true", "keyboardLayout, false",
      "SSH_PRIVATE_KEY, true", "NPM_AUTH_TOKEN, true", "MYSQL_ROOT_PASSWD, true", "KEY, true",
      "PASSWORD_FILE, false", "GPG_KEY, false", "AWS_ACCESS_KEY_ID, false", "APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE, false",
      "PATH, false", "JAVA_HOME, false", "KEYCLOAK_VERSION, false", "TOKEN_URL, false"})
  void classifies(String name, boolean secret) {
    assertThat(SecretNames.looksSecret(name)).isEqualTo(secret);
  }
}
