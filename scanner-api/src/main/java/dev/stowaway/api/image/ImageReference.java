package dev.stowaway.api.image;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A registry image reference, normalised the way Docker does: {@code alpine} is
 * {@code docker.io/library/alpine:latest}.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param registry the registry host (and port), such as {@code docker.io} or {@code localhost:5000}; never null
 * @param repository the repository path, such as {@code library/alpine}; never null
 * @param tag the tag, or null when only a digest was given
 * @param digest the digest, or null
 * @see <a href="https://github.com/distribution/reference/blob/main/reference.go">distribution reference grammar</a>
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

  /** The registry name used for Docker Hub references. */
  public static final String DOCKER_HUB = "docker.io";

  private static final Pattern REPO =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  /** Validates the parts. */
  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (!REPO.matcher(repository).matches()) {
      throw new IllegalArgumentException("invalid repository name: " + repository);
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("invalid tag: " + tag);
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
  }

  /**
   * Parses a reference. The first path component is a registry only if it contains a dot or a colon or
   * is {@code localhost}; otherwise the registry is Docker Hub, whose one-component names get the
   * {@code library/} prefix. A missing tag and digest means {@code latest}.
   *
   * @param text the reference, such as {@code alpine}, {@code ghcr.io/o/r:1.0} or {@code r@sha256:...}; not null
   * @return the normalised reference
   * @throws IllegalArgumentException if the text is not a valid reference
   */
  public static ImageReference parse(String text) {
    Objects.requireNonNull(text, "text");
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Digest.parse(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    String tag = null;
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String registry = DOCKER_HUB;
    int first = rest.indexOf('/');
    if (first > 0) {
      String head = rest.substring(0, first);
      if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
        registry = head;
        rest = rest.substring(first + 1);
      }
    }
    if (registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("empty repository in reference: " + text);
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  /** Returns {@code registry/repository[:tag][@digest]}. */
  @Override
  public String toString() {
    return registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
