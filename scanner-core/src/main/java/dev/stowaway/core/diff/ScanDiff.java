package dev.stowaway.core.diff;

import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.LicenseFinding;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.PolicyViolation;
import dev.stowaway.api.model.SecretFinding;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.ResultOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What changed between two scan results. Findings are compared by {@link #findingKey(Finding) key}, which
 * leaves out what changes from build to build without changing the problem (the installed version of a
 * vulnerable package, the layer digest): a CVE still present after an upgrade that did not fix it is
 * unchanged, not fixed-and-new. Packages are compared by base ecosystem and name; a name whose set of
 * versions differs is changed.
 *
 * <p>Immutable; {@link #compare} is a pure function.
 *
 * @param before the older result; never null
 * @param after the newer result; never null
 * @param newFindings findings of {@code after} whose key {@code before} lacks, with their introducing layer
 * @param fixedFindings findings of {@code before} whose key {@code after} lacks
 * @param unchangedFindings findings of {@code after} whose key both have
 * @param addedPackages packages of {@code after} whose name {@code before} lacks
 * @param removedPackages packages of {@code before} whose name {@code after} lacks
 * @param changedPackages names in both whose versions differ
 */
public record ScanDiff(
    ScanResult before, ScanResult after, List<NewFinding> newFindings, List<Finding> fixedFindings,
    List<Finding> unchangedFindings, List<Package> addedPackages, List<Package> removedPackages,
    List<PackageChange> changedPackages) {

  /** Copies the lists. */
  public ScanDiff {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    newFindings = List.copyOf(newFindings);
    fixedFindings = List.copyOf(fixedFindings);
    unchangedFindings = List.copyOf(unchangedFindings);
    addedPackages = List.copyOf(addedPackages);
    removedPackages = List.copyOf(removedPackages);
    changedPackages = List.copyOf(changedPackages);
  }

  /**
   * A finding that the newer result has and the older one has not.
   *
   * @param finding the finding; never null
   * @param layer the layer of {@code after} that introduced it (the layer of the vulnerable package, of the
   *     file holding the secret), or null for findings about the image config or with no layer
   * @param firstSeen when the finding was first seen for this repository (an earlier snapshot, or the
   *     newer scan's time when nothing older knows it); never null
   */
  public record NewFinding(Finding finding, LayerInfo layer, Instant firstSeen) {
    /** Requires the finding and the time. */
    public NewFinding {
      Objects.requireNonNull(finding, "finding");
      Objects.requireNonNull(firstSeen, "firstSeen");
    }
  }

  /**
   * A package present on both sides with other versions.
   *
   * @param ecosystem the ecosystem of the newer package; never null
   * @param name the name; never null
   * @param beforeVersions the older versions, sorted (an unknown version is {@code ?})
   * @param afterVersions the newer versions, sorted
   * @param layer the layer of {@code after} holding the newer package, or null
   */
  public record PackageChange(String ecosystem, String name, List<String> beforeVersions, List<String> afterVersions,
      LayerInfo layer) {
    /** Copies the lists. */
    public PackageChange {
      Objects.requireNonNull(ecosystem, "ecosystem");
      Objects.requireNonNull(name, "name");
      beforeVersions = List.copyOf(beforeVersions);
      afterVersions = List.copyOf(afterVersions);
    }
  }

  /** Says when a finding was first seen for the repository of the newer result. */
  @FunctionalInterface
  public interface FirstSeen {
    /**
     * Looks a finding up.
     *
     * @param findingKey the {@link ScanDiff#findingKey(Finding) key}; not null
     * @return the earliest time it was recorded, or null when never
     */
    Instant firstSeen(String findingKey);

    /** @return a look-up that knows nothing (the newer scan's time is used) */
    static FirstSeen none() {
      return key -> null;
    }
  }

  /**
   * Compares two results.
   *
   * @param before the older result; not null
   * @param after the newer result; not null
   * @param history earlier sightings of findings for the repository; not null (use {@link FirstSeen#none()})
   * @return the differences; never null
   */
  public static ScanDiff compare(ScanResult before, ScanResult after, FirstSeen history) {
    Set<String> beforeKeys = before.findings().stream().map(ScanDiff::findingKey).collect(Collectors.toSet());
    Set<String> afterKeys = after.findings().stream().map(ScanDiff::findingKey).collect(Collectors.toSet());
    List<NewFinding> added = new ArrayList<>();
    List<Finding> unchanged = new ArrayList<>();
    for (Finding f : sorted(after.findings())) {
      String key = findingKey(f);
      if (beforeKeys.contains(key)) {
        unchanged.add(f);
      } else {
        Instant seen = history.firstSeen(key);
        if (seen == null || seen.isAfter(after.scannedAt())) {
          seen = after.scannedAt();
        }
        added.add(new NewFinding(f, layerOf(after, f.location()), seen));
      }
    }
    List<Finding> fixed = sorted(before.findings()).stream().filter(f -> !afterKeys.contains(findingKey(f))).toList();

    Map<String, List<Package>> oldByName = byName(before.packages());
    Map<String, List<Package>> newByName = byName(after.packages());
    List<Package> addedPackages = new ArrayList<>();
    List<Package> removedPackages = new ArrayList<>();
    List<PackageChange> changed = new ArrayList<>();
    for (Map.Entry<String, List<Package>> e : newByName.entrySet()) {
      List<Package> old = oldByName.get(e.getKey());
      if (old == null) {
        addedPackages.addAll(e.getValue());
        continue;
      }
      List<String> oldVersions = versions(old);
      List<String> newVersions = versions(e.getValue());
      if (!oldVersions.equals(newVersions)) {
        Package p = e.getValue().get(0);
        changed.add(new PackageChange(p.ecosystem(), p.name(), oldVersions, newVersions, layerOf(after, p.location())));
      }
    }
    for (Map.Entry<String, List<Package>> e : oldByName.entrySet()) {
      if (!newByName.containsKey(e.getKey())) {
        removedPackages.addAll(e.getValue());
      }
    }
    return new ScanDiff(before, after, added, fixed, unchanged, addedPackages, removedPackages, changed);
  }

  /**
   * Returns the identity of a finding across scans: kind and id, plus the versionless package (purl type,
   * namespace and name, else the package name) for vulnerabilities and licences, the fingerprint for
   * secrets, and the path for misconfigurations and policy violations.
   *
   * @param f the finding; not null
   * @return the key; never null
   */
  public static String findingKey(Finding f) {
    String subject;
    if (f instanceof VulnerabilityFinding v) {
      subject = v.purl() != null ? versionless(v.purl()) : v.packageName();
    } else if (f instanceof LicenseFinding l) {
      subject = l.purl() != null ? versionless(l.purl()) : path(l.location());
    } else if (f instanceof SecretFinding s) {
      subject = s.fingerprint();
    } else if (f instanceof PolicyViolation p && p.location() == null) {
      subject = p.title();
    } else {
      subject = path(f.location());
    }
    return f.kind() + "|" + f.id() + "|" + subject;
  }

  /**
   * Returns a purl without version, qualifiers and subpath: {@code pkg:deb/debian/curl@7.88?arch=amd64}
   * gives {@code pkg:deb/debian/curl}.
   *
   * @param purl the purl; not null
   * @return the versionless form
   */
  public static String versionless(String purl) {
    int end = purl.length();
    for (char c : new char[] {'#', '?', '@'}) {
      int i = purl.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return purl.substring(0, end);
  }

  private static String path(Location l) {
    if (l == null) {
      return "";
    }
    return l.nestedPath() == null ? l.path() : l.path() + "!" + l.nestedPath();
  }

  private static LayerInfo layerOf(ScanResult r, Location l) {
    if (l == null || l.layer() == null) {
      return null;
    }
    int i = l.layer().index();
    List<LayerInfo> layers = r.artifact().layers();
    if (i < layers.size() && layers.get(i).diffId().equals(l.layer().diffId())) {
      return layers.get(i);
    }
    return null;
  }

  private static List<Finding> sorted(List<Finding> findings) {
    return findings.stream().sorted(ResultOrder.FINDINGS).toList();
  }

  private static Map<String, List<Package>> byName(List<Package> packages) {
    Map<String, List<Package>> out = new TreeMap<>();
    for (Package p : packages.stream().sorted(ResultOrder.PACKAGES).toList()) {
      out.computeIfAbsent(baseEcosystem(p.ecosystem()) + "|" + p.name(), k -> new ArrayList<>()).add(p);
    }
    return new LinkedHashMap<>(out);
  }

  private static List<String> versions(List<Package> packages) {
    return packages.stream().map(p -> p.version() == null ? "?" : p.version()).sorted().toList();
  }

  private static String baseEcosystem(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    return colon < 0 ? ecosystem : ecosystem.substring(0, colon);
  }
}
