package dev.stowaway.analyzers.os.release;

import dev.stowaway.api.model.OsRelease;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the older, distro-specific release files into an {@link OsRelease}. None of them has a formal
 * spec; the shapes handled are the ones real images carry:
 *
 * <ul>
 *   <li>{@code etc/redhat-release} and its siblings: one line {@code <Name> release <version> (<codename>)};
 *   <li>{@code etc/lsb-release}: {@code DISTRIB_ID}, {@code DISTRIB_RELEASE}, {@code DISTRIB_CODENAME},
 *       {@code DISTRIB_DESCRIPTION} in os-release syntax
 *       (<a href="https://refspecs.linuxfoundation.org/LSB_5.0.0/LSB-Core-generic/LSB-Core-generic/lsbrelease.html">LSB</a>);
 *   <li>{@code etc/alpine-release}, {@code etc/debian_version}: the version alone;
 *   <li>{@code etc/SuSE-release}: a title line plus {@code VERSION = x} and {@code PATCHLEVEL = y};
 *   <li>{@code etc/system-release-cpe}: a CPE 2.2 URI {@code cpe:/o:vendor:product:version};
 *   <li>{@code bin/busybox}: the {@code BusyBox vX.Y.Z} banner inside the binary.
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
final class ReleaseFiles {

  private static final Pattern RELEASE_LINE =
      Pattern.compile("^(.*?)\\s+release\\s+(\\d+(?:\\.\\d+)*)\\s*(?:\\((.*?)\\))?.*$");
  private static final Pattern NUMERIC_VERSION = Pattern.compile("\\d+(?:\\.\\d+)*");
  private static final Pattern CPE = Pattern.compile("^cpe:/o:([^:]+):([^:]+):([^:]+).*$");
  private static final Pattern SUSE_VERSION = Pattern.compile("(?m)^\\s*VERSION\\s*=\\s*(\\S+)");
  private static final Pattern SUSE_PATCHLEVEL = Pattern.compile("(?m)^\\s*PATCHLEVEL\\s*=\\s*(\\d+)");

  /** Distro names at the start of a redhat-release line, longest first, and their os-release IDs. */
  private static final List<Map.Entry<String, String>> RHEL_FAMILY_NAMES = List.of(
      Map.entry("red hat", "rhel"),
      Map.entry("centos", "centos"),
      Map.entry("rocky", "rocky"),
      Map.entry("almalinux", "almalinux"),
      Map.entry("fedora", "fedora"),
      Map.entry("oracle", "ol"),
      Map.entry("enterprise linux", "ol"),
      Map.entry("scientific", "scientific"),
      Map.entry("amazon", "amzn"),
      Map.entry("mageia", "mageia"),
      Map.entry("openmandriva", "openmandriva"),
      Map.entry("eurolinux", "eurolinux"),
      Map.entry("navy", "navylinux"),
      Map.entry("virtuozzo", "virtuozzo"),
      Map.entry("cloudlinux", "cloudlinux"));

  /** Distros rebuilt from RHEL sources, which say {@code ID_LIKE=rhel} in their os-release. */
  private static final java.util.Set<String> RHEL_CLONES = java.util.Set.of("centos", "rocky", "almalinux", "ol",
      "scientific", "eurolinux", "navylinux", "virtuozzo", "cloudlinux");

  /** CPE vendors of system-release-cpe and the os-release ID they stand for. */
  private static final Map<String, String> CPE_VENDORS = Map.of(
      "redhat", "rhel", "centos", "centos", "oracle", "ol", "fedoraproject", "fedora", "amazon", "amzn",
      "rocky", "rocky", "almalinux", "almalinux", "scientificlinux", "scientific");

  private ReleaseFiles() {}

  /**
   * Parses a {@code <Name> release <version> (<codename>)} line.
   *
   * @param text the file content
   * @param fallbackId the ID implied by the file name, used when the name is not recognised
   * @return the release, or null when the line has no version
   */
  static OsRelease redhatStyle(String text, String fallbackId) {
    String line = firstLine(text);
    Matcher m = RELEASE_LINE.matcher(line);
    if (!m.matches()) {
      return null;
    }
    String name = m.group(1).strip();
    String lower = name.toLowerCase(Locale.ROOT);
    String id = fallbackId;
    for (Map.Entry<String, String> e : RHEL_FAMILY_NAMES) {
      if (lower.startsWith(e.getKey())) {
        id = e.getValue();
        break;
      }
    }
    String rest = line.substring(m.start(2)).strip();
    return new OsRelease(id, m.group(2), rest, blankToNull(m.group(3)), name, line,
        RHEL_CLONES.contains(id) ? List.of("rhel") : List.of());
  }

  /** Parses {@code lsb-release}; null when it names no distributor. */
  static OsRelease lsbRelease(Map<String, String> values) {
    String distributor = blankToNull(values.get("DISTRIB_ID"));
    if (distributor == null) {
      return null;
    }
    String id = distributor.toLowerCase(Locale.ROOT).replace(' ', '-');
    return new OsRelease(id, blankToNull(values.get("DISTRIB_RELEASE")), null,
        blankToNull(values.get("DISTRIB_CODENAME")), distributor,
        blankToNull(values.get("DISTRIB_DESCRIPTION")), List.of());
  }

  /** Parses {@code etc/alpine-release}; null when empty. */
  static OsRelease alpineRelease(String text) {
    String v = firstLine(text);
    return v.isEmpty() ? null : new OsRelease("alpine", v, null, null, "Alpine Linux", null, List.of());
  }

  /**
   * Parses {@code etc/debian_version}: {@code 12.5} is a point release; {@code bookworm/sid} (testing or
   * unstable) has no version number, so only the text and the codename are kept.
   */
  static OsRelease debianVersion(String text) {
    String v = firstLine(text);
    if (v.isEmpty()) {
      return null;
    }
    if (NUMERIC_VERSION.matcher(v).matches()) {
      return new OsRelease("debian", v, v, null, "Debian GNU/Linux", null, List.of());
    }
    int slash = v.indexOf('/');
    String codename = slash > 0 ? v.substring(0, slash) : v;
    return new OsRelease("debian", null, v, codename, "Debian GNU/Linux", null, List.of());
  }

  /** Parses the legacy {@code etc/SuSE-release}; null when it has no VERSION line. */
  static OsRelease suseRelease(String text) {
    String title = firstLine(text);
    Matcher v = SUSE_VERSION.matcher(text);
    if (!v.find()) {
      return null;
    }
    Matcher p = SUSE_PATCHLEVEL.matcher(text);
    String version = p.find() ? v.group(1) + "." + p.group(1) : v.group(1);
    String lower = title.toLowerCase(Locale.ROOT);
    String id = lower.contains("opensuse") ? "opensuse" : lower.contains("desktop") ? "sled" : "sles";
    int paren = title.indexOf('(');
    String name = (paren > 0 ? title.substring(0, paren) : title).strip();
    return new OsRelease(id, version, version, null, name, title, List.of("suse"));
  }

  /** Parses {@code etc/system-release-cpe}; null when it is not an OS CPE. */
  static OsRelease systemReleaseCpe(String text) {
    Matcher m = CPE.matcher(firstLine(text));
    if (!m.matches()) {
      return null;
    }
    String vendor = m.group(1).toLowerCase(Locale.ROOT);
    String id = CPE_VENDORS.getOrDefault(vendor, vendor);
    return new OsRelease(id, m.group(3), m.group(3), null, id, null, List.of());
  }

  /** Builds the release for a BusyBox-only image from the version in its banner. */
  static OsRelease busybox(String version) {
    return new OsRelease("busybox", version, version, null, "busybox", "BusyBox v" + version,
        List.of("busybox"));
  }

  static String firstLine(String text) {
    for (String line : text.split("\n")) {
      String s = line.strip();
      if (!s.isEmpty()) {
        return s;
      }
    }
    return "";
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
