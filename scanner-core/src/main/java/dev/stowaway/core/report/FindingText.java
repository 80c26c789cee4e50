package dev.stowaway.core.report;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.VulnerabilityFinding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Text shared by the machine-readable reporters: location URIs and stable fingerprints. */
final class FindingText {
  private FindingText() {}

  /**
   * The location as {@code layerIndex/path}, with {@code !/nested} for a file inside an archive, and
   * characters that are not allowed in a URI reference percent-encoded.
   */
  static String uri(Location l) {
    if (l == null) {
      return "image";
    }
    StringBuilder sb = new StringBuilder();
    if (l.layer() != null) {
      sb.append(l.layer().index()).append('/');
    }
    sb.append(l.path());
    if (l.nestedPath() != null) {
      sb.append("!/").append(l.nestedPath());
    }
    return encode(sb.toString());
  }

  private static String encode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}% ".indexOf(c) < 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format("%02X", c));
      }
    }
    return sb.toString();
  }

  /**
   * A fingerprint that does not change between scans of the same image: hashes kind, id, package and
   * location without the layer digest (so a rebuilt base image keeps the same fingerprint), or the
   * secret's own fingerprint.
   */
  static String fingerprint(Finding f) {
    StringBuilder key = new StringBuilder(f.kind()).append('\0').append(f.id()).append('\0');
    if (f instanceof dev.stowaway.api.model.SecretFinding s) {
      key.append(s.fingerprint());
    } else {
      key.append(f.purl() == null ? "" : f.purl()).append('\0');
      if (f instanceof VulnerabilityFinding v) {
        key.append(v.packageName()).append('\0');
      }
      Location l = f.location();
      if (l != null) {
        key.append(l.path()).append('\0').append(l.nestedPath() == null ? "" : l.nestedPath());
      }
      key.append('\0').append(f.line());
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-256", e);
    }
  }
}
