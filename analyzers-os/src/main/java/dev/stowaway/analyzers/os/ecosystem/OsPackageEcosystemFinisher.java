package dev.stowaway.analyzers.os.ecosystem;

import dev.stowaway.api.analysis.InventoryFinisher;
import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives OS packages their distro once the merged image's OS is known. The dpkg, apk and rpm analyzers
 * work per layer and cannot know the distro, so they emit ecosystem {@code deb}/{@code apk}/{@code rpm}
 * and a purl without namespace or {@code distro} qualifier; this finisher replaces them with
 *
 * <ul>
 *   <li>the OSV ecosystem of the distro release (see
 *       <a href="https://ossf.github.io/osv-schema/#affectedpackage-field">OSV ecosystems</a>):
 *       {@code Debian:12}, {@code Ubuntu:22.04:LTS} / {@code Ubuntu:23.10}, {@code Alpine:v3.19},
 *       {@code Wolfi}, {@code Chainguard}, {@code Red Hat}, {@code Rocky Linux:9}, {@code AlmaLinux:9},
 *       {@code openSUSE:Leap 15.5}, {@code openSUSE:Tumbleweed}, {@code SUSE:Linux Enterprise Server 15 SP5},
 *       {@code Photon OS:5.0}, {@code Mageia:9}, {@code Azure Linux:3} (also for CBL-Mariner);
 *   <li>the purl namespace and {@code distro} qualifier, such as
 *       {@code pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12}.
 * </ul>
 *
 * <p>A package is rewritten only when its type matches the OS's package manager (a stray {@code .deb}
 * database in an Alpine image is left alone). Distros without an OSV ecosystem (CentOS, Oracle Linux,
 * Amazon Linux, Fedora), and versioned distros whose release number is unknown (Debian sid), keep
 * the emitted ecosystem but get the purl namespace (and distro, when there is a version). With no OS, or
 * an OS this class does not know, packages are returned unchanged. Distroless Debian is plain
 * {@code ID=debian} and needs no special case.
 *
 * <p>Stateless; thread-safe.
 */
public final class OsPackageEcosystemFinisher implements InventoryFinisher {

  private static final Pattern LEADING_NUMBERS = Pattern.compile("^(\\d+)(?:\\.(\\d+))?");

  /** How one distro maps onto ecosystem and purl. */
  private record Distro(String packageType, String namespace, String osvName, Style style) {}

  /** How the release version appears in the OSV ecosystem. */
  private enum Style {
    /** No version: {@code Wolfi}. */
    NONE,
    /** Major version: {@code Rocky Linux:9}. */
    MAJOR,
    /** Major.minor: {@code Photon OS:5.0}. */
    MAJOR_MINOR,
    /** Debian: the major, and major.0 before Debian 7 ({@code Debian:6.0}). */
    DEBIAN,
    /** Ubuntu: {@code Ubuntu:22.04:LTS} or {@code Ubuntu:23.10}. */
    UBUNTU,
    /** Alpine: {@code Alpine:v3.19}. */
    ALPINE,
    /** openSUSE Leap: {@code openSUSE:Leap 15.5}. */
    OPENSUSE_LEAP,
    /** SUSE products: {@code SUSE:Linux Enterprise Server 15 SP5}; the osvName holds the product. */
    SUSE_SP,
    /** SUSE products numbered major.minor: {@code SUSE:Linux Enterprise Micro 5.3}. */
    SUSE_MINOR,
    /** Known package namespace but no OSV ecosystem: the ecosystem stays as emitted. */
    UNCHANGED
  }

  private static final Map<String, Distro> DISTROS = Map.ofEntries(
      Map.entry("debian", new Distro("deb", "debian", "Debian", Style.DEBIAN)),
      Map.entry("ubuntu", new Distro("deb", "ubuntu", "Ubuntu", Style.UBUNTU)),
      Map.entry("alpine", new Distro("apk", "alpine", "Alpine", Style.ALPINE)),
      Map.entry("wolfi", new Distro("apk", "wolfi", "Wolfi", Style.NONE)),
      Map.entry("chainguard", new Distro("apk", "chainguard", "Chainguard", Style.NONE)),
      Map.entry("rhel", new Distro("rpm", "redhat", "Red Hat", Style.NONE)),
      Map.entry("rocky", new Distro("rpm", "rocky", "Rocky Linux", Style.MAJOR)),
      Map.entry("almalinux", new Distro("rpm", "almalinux", "AlmaLinux", Style.MAJOR)),
      Map.entry("opensuse-leap", new Distro("rpm", "opensuse", "openSUSE", Style.OPENSUSE_LEAP)),
      Map.entry("opensuse", new Distro("rpm", "opensuse", "openSUSE", Style.OPENSUSE_LEAP)),
      Map.entry("opensuse-tumbleweed", new Distro("rpm", "opensuse", "openSUSE:Tumbleweed", Style.NONE)),
      Map.entry("sles", new Distro("rpm", "suse", "SUSE:Linux Enterprise Server", Style.SUSE_SP)),
      Map.entry("sled", new Distro("rpm", "suse", "SUSE:Linux Enterprise Desktop", Style.SUSE_SP)),
      Map.entry("sle-micro", new Distro("rpm", "suse", "SUSE:Linux Enterprise Micro", Style.SUSE_MINOR)),
      Map.entry("sl-micro", new Distro("rpm", "suse", "SUSE:Linux Micro", Style.SUSE_MINOR)),
      Map.entry("photon", new Distro("rpm", "photon", "Photon OS", Style.MAJOR_MINOR)),
      Map.entry("mageia", new Distro("rpm", "mageia", "Mageia", Style.MAJOR)),
      Map.entry("azurelinux", new Distro("rpm", "azurelinux", "Azure Linux", Style.MAJOR)),
      Map.entry("mariner", new Distro("rpm", "mariner", "Azure Linux", Style.MAJOR)),
      Map.entry("centos", new Distro("rpm", "centos", null, Style.UNCHANGED)),
      Map.entry("ol", new Distro("rpm", "oracle", null, Style.UNCHANGED)),
      Map.entry("amzn", new Distro("rpm", "amazon", null, Style.UNCHANGED)),
      Map.entry("fedora", new Distro("rpm", "fedora", null, Style.UNCHANGED)));

  /** Creates the finisher; it has no configuration. */
  public OsPackageEcosystemFinisher() {}

  /** {@inheritDoc} */
  @Override
  public String id() {
    return "os-package-ecosystem";
  }

  /** {@inheritDoc} */
  @Override
  public String version() {
    return "1";
  }

  /**
   * Rewrites ecosystem and purl of the {@code deb}/{@code apk}/{@code rpm} packages that belong to the OS.
   *
   * @param os the detected OS, or null
   * @param packages the merged packages; not modified
   * @return a new list in the same order; never null
   */
  @Override
  public List<Package> finish(OsRelease os, List<Package> packages) {
    if (os == null) {
      return List.copyOf(packages);
    }
    Distro distro = DISTROS.get(os.id().toLowerCase(Locale.ROOT));
    if (distro == null) {
      return List.copyOf(packages);
    }
    String ecosystem = ecosystem(distro, os);
    String distroQualifier = os.versionId() == null ? null : os.id() + "-" + distroVersion(distro, os);
    List<Package> out = new ArrayList<>(packages.size());
    for (Package p : packages) {
      out.add(p.ecosystem().equals(distro.packageType()) ? rewrite(p, distro, ecosystem, distroQualifier) : p);
    }
    return out;
  }

  /**
   * Returns the OSV ecosystem for OS packages of this OS.
   *
   * @param os the OS; not null
   * @return the ecosystem, or null when the OS has none (or none this class knows)
   */
  public static String ecosystemFor(OsRelease os) {
    Distro d = DISTROS.get(os.id().toLowerCase(Locale.ROOT));
    return d == null ? null : ecosystem(d, os);
  }

  private static Package rewrite(Package p, Distro d, String ecosystem, String distroQualifier) {
    String purl = p.purl();
    OsPackageUrl parsed = purl == null ? null : OsPackageUrl.parse(purl);
    if (parsed != null && parsed.type().equals(d.packageType())) {
      purl = parsed.withNamespaceAndQualifier(d.namespace(), "distro", distroQualifier).toString();
    }
    return new Package(ecosystem != null ? ecosystem : p.ecosystem(), p.name(), p.version(), purl,
        p.sourceName(), p.sourceVersion(), p.arch(), p.licenses(), p.location(), p.installedFiles(),
        p.properties());
  }

  private static String ecosystem(Distro d, OsRelease os) {
    String v = os.versionId();
    Matcher m = v == null ? null : LEADING_NUMBERS.matcher(v);
    boolean numeric = m != null && m.find();
    String major = numeric ? m.group(1) : null;
    String minor = numeric ? m.group(2) : null;
    if (d.style() == Style.NONE) {
      return d.osvName();
    }
    if (major == null) {
      // a versioned distro without a release number (Debian sid, a stripped os-release) matches no
      // OSV ecosystem; leave the ecosystem as emitted rather than guess
      return null;
    }
    switch (d.style()) {
      case UNCHANGED:
        return null;
      case MAJOR:
        return d.osvName() + ":" + major;
      case MAJOR_MINOR:
        return d.osvName() + ":" + major + "." + (minor == null ? "0" : minor);
      case DEBIAN:
        return d.osvName() + ":" + (Integer.parseInt(major) < 7 ? major + "." + (minor == null ? "0" : minor)
            : major);
      case UBUNTU: {
        if (minor == null) {
          return null;
        }
        String release = major + "." + minor;
        return d.osvName() + ":" + release + (isUbuntuLts(os, major, minor) ? ":LTS" : "");
      }
      case ALPINE:
        return minor == null ? null : d.osvName() + ":v" + major + "." + minor;
      case OPENSUSE_LEAP:
        return d.osvName() + ":Leap " + v;
      case SUSE_SP:
        return d.osvName() + " " + major + (minor == null || minor.equals("0") ? "" : " SP" + minor);
      case SUSE_MINOR:
        return d.osvName() + " " + major + "." + (minor == null ? "0" : minor);
      default:
        throw new AssertionError(d.style());
    }
  }

  /** LTS per VERSION text, else by Ubuntu's rule: April releases of even years. */
  private static boolean isUbuntuLts(OsRelease os, String major, String minor) {
    if (os.version() != null) {
      return os.version().contains("LTS");
    }
    if (os.prettyName() != null && os.prettyName().contains("LTS")) {
      return true;
    }
    return minor.equals("04") && Integer.parseInt(major) % 2 == 0;
  }

  private static String distroVersion(Distro d, OsRelease os) {
    if (d.style() == Style.DEBIAN || d.style() == Style.ALPINE) {
      Matcher m = LEADING_NUMBERS.matcher(os.versionId());
      if (m.find()) {
        return d.style() == Style.DEBIAN || m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2);
      }
    }
    return os.versionId();
  }
}
