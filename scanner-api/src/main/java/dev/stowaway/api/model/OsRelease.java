package dev.stowaway.api.model;

import java.util.List;
import java.util.Objects;

/**
 * The operating system of an image, as {@code os-release} (or an older release file) describes it.
 *
 * @param id the lower-case {@code ID}, such as {@code debian}, {@code alpine}, {@code rhel}; never null
 * @param versionId the {@code VERSION_ID}, such as {@code 12} or {@code 3.19.1}, or null (rolling releases)
 * @param version the {@code VERSION} text, such as {@code 22.04.4 LTS (Jammy Jellyfish)}, or null
 * @param versionCodename the {@code VERSION_CODENAME}, or null
 * @param name the {@code NAME}, or null
 * @param prettyName the {@code PRETTY_NAME}, or null
 * @param idLike the {@code ID_LIKE} words, possibly empty
 */
public record OsRelease(
    String id, String versionId, String version, String versionCodename, String name, String prettyName,
    List<String> idLike) {
  /** Requires an id; copies the list. */
  public OsRelease {
    Objects.requireNonNull(id, "id");
    idLike = List.copyOf(idLike);
  }
}
