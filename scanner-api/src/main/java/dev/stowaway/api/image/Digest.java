package dev.stowaway.api.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:e3b0c442...}, as used by OCI descriptors.
 *
 * <p>Immutable and safe to share between threads. Equality is by value.
 *
 * @param algorithm the algorithm, lower case ({@code sha256} or {@code sha512}); never null
 * @param hex the lower-case hex encoding of the digest, of the algorithm's length; never null
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">OCI digests</a>
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if the algorithm is not {@code sha256}/{@code sha512} or the hex is malformed
   */
  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    int expected = switch (algorithm) {
      case "sha256" -> 64;
      case "sha512" -> 128;
      default -> throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
    };
    if (hex.length() != expected || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("malformed " + algorithm + " digest: " + abbreviate(hex));
    }
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @param text the digest text; not null
   * @return the digest
   * @throws IllegalArgumentException if the text is not a well-formed sha256 or sha512 digest
   */
  public static Digest parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not a digest (expected algorithm:hex): " + abbreviate(text));
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * Returns a sha256 digest of the given hex value.
   *
   * @param hex 64 lower-case hex characters
   * @return the digest
   */
  public static Digest sha256(String hex) {
    return new Digest("sha256", hex);
  }

  /**
   * Computes the sha256 digest of the given bytes.
   *
   * @param bytes the content; not null
   * @return its digest
   */
  public static Digest sha256Of(byte[] bytes) {
    try {
      return sha256(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-256", e);
    }
  }

  /**
   * Computes the sha256 digest of the UTF-8 encoding of a string.
   *
   * @param text the content; not null
   * @return its digest
   */
  public static Digest sha256Of(String text) {
    return sha256Of(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Creates a fresh {@link MessageDigest} for this digest's algorithm.
   *
   * @return a new, unshared message digest
   */
  public MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide " + algorithm, e);
    }
  }

  /** Returns the first 12 hex characters, for messages and tables. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  /**
   * Equal when algorithm and hex are. Written out instead of the record's generated method, whose first call
   * spins dozens of method-handle classes at run time (~50 of a small scan's start-up); digests are map keys
   * from the first manifest on.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Digest d && hex.equals(d.hex) && algorithm.equals(d.algorithm);
  }

  /** A hash of algorithm and hex, consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return 31 * algorithm.hashCode() + hex.hashCode();
  }

  /** Returns {@code algorithm:hex}. */
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  @Override
  public int compareTo(Digest o) {
    return toString().compareTo(o.toString());
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
