package dev.stowaway.core.policy;

import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.model.Finding;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.model.VulnerabilityFinding;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.report.Suppression;
import dev.stowaway.api.vuln.AdvisorySource;
import dev.stowaway.core.ResultOrder;
import dev.stowaway.core.version.OsvEcosystems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * A parsed {@code stowaway.toml} (TOML 1.0, https://toml.io/en/v1.0.0): severity gates per finding kind,
 * package, image and licence rules, per-severity maximum counts, and {@code [[exception]]}s. Immutable
 * and thread-safe; {@link #evaluate} and {@link #applyExceptions} are pure functions.
 *
 * <p>A severity gate fails a finding whose severity is at or above the threshold; UNKNOWN severity
 * never fails a gate. Findings with an active {@link Suppression} (exception or VEX) never count.
 * See the README for every key.
 */
public final class Policy {
  /** The finding kinds that may have their own table with {@code fail-on}. */
  private static final Set<String> KINDS = Set.of("vulnerability", "secret", "misconfiguration", "license", "policy");

  private final Severity failOn;
  private final Map<String, Severity> failOnByKind;
  private final boolean ignoreUnfixed;
  private final Duration maxAdvisoryAge;
  private final Map<Severity, Long> maxCount;
  private final List<String> bannedPackages;
  private final List<String> bannedBaseImages;
  private final List<String> requiredLabels;
  private final List<String> deniedLicenses;
  private final List<ExceptionRule> exceptions;

  private Policy(Builder b) {
    failOn = b.failOn;
    failOnByKind = Map.copyOf(b.failOnByKind);
    ignoreUnfixed = b.ignoreUnfixed;
    maxAdvisoryAge = b.maxAdvisoryAge;
    maxCount = b.maxCount.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(b.maxCount));
    bannedPackages = List.copyOf(b.bannedPackages);
    bannedBaseImages = List.copyOf(b.bannedBaseImages);
    requiredLabels = List.copyOf(b.requiredLabels);
    deniedLicenses = List.copyOf(b.deniedLicenses);
    exceptions = List.copyOf(b.exceptions);
  }

  /**
   * Returns a policy that passes everything: no gate, no rules, no exceptions.
   *
   * @return the empty policy
   */
  public static Policy permissive() {
    return new Builder().build();
  }

  /**
   * Starts a policy in code (for tests and embedding).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads and parses a policy file (UTF-8).
   *
   * @param file the {@code stowaway.toml}; not null
   * @return the policy
   * @throws IOException if the file cannot be read
   * @throws PolicyParseException if the file is not a valid policy; the message names the line
   */
  public static Policy load(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Parses a policy.
   *
   * @param toml the TOML text; not null
   * @return the policy
   * @throws PolicyParseException on a syntax error, an unknown key, or a bad value, naming the line
   */
  public static Policy parse(String toml) {
    TomlParseResult doc;
    try {
      doc = Toml.parse(toml);
    } catch (TomlParseError e) {
      // tomlj throws some syntax errors (an invalid escape such as "\E") instead of listing them
      throw new PolicyParseException(e.position() == null ? 0 : e.position().line(), e.getMessage());
    }
    if (doc.hasErrors()) {
      TomlParseError e = doc.errors().get(0);
      throw new PolicyParseException(e.position() == null ? 0 : e.position().line(), e.getMessage());
    }
    Builder b = new Builder();
    for (String key : doc.keySet()) {
      int line = line(doc, key);
      Object v = doc.get(List.of(key));
      switch (key) {
        case "fail-on" -> b.failOn = severity(v, line, key);
        case "ignore-unfixed" -> b.ignoreUnfixed = bool(v, line, key);
        case "gate" -> parseGate(table(v, line, key), b);
        case "packages" -> forEach(table(v, line, key), "packages", (k, val, l) -> {
          if (!k.equals("banned")) {
            throw unknown("packages." + k, l);
          }
          b.bannedPackages.addAll(strings(val, l, "packages.banned"));
        });
        case "image" -> forEach(table(v, line, key), "image", (k, val, l) -> {
          switch (k) {
            case "banned-base" -> b.bannedBaseImages.addAll(strings(val, l, "image.banned-base"));
            case "required-labels" -> b.requiredLabels.addAll(strings(val, l, "image.required-labels"));
            default -> throw unknown("image." + k, l);
          }
        });
        case "exception" -> {
          if (!(v instanceof TomlArray arr)) {
            throw new PolicyParseException(line, "'exception' must be an array of tables: [[exception]]");
          }
          for (int i = 0; i < arr.size(); i++) {
            if (!(arr.get(i) instanceof TomlTable t)) {
              throw new PolicyParseException(position(arr.inputPositionOf(i)), "'exception' entries must be tables");
            }
            b.exceptions.add(parseException(t, position(arr.inputPositionOf(i))));
          }
        }
        default -> {
          if (!KINDS.contains(key)) {
            throw unknown(key, line);
          }
          parseKind(key, table(v, line, key), b);
        }
      }
    }
    return b.build();
  }

  private static void parseGate(TomlTable t, Builder b) {
    forEach(t, "gate", (k, v, line) -> {
      switch (k) {
        case "fail-on" -> b.failOn = severity(v, line, "gate.fail-on");
        case "ignore-unfixed" -> b.ignoreUnfixed = bool(v, line, "gate.ignore-unfixed");
        case "max-advisory-age", "max-db-age" -> b.maxAdvisoryAge = duration(v, line, "gate." + k);
        case "max-count" -> forEach(table(v, line, "gate.max-count"), "gate.max-count", (sev, n, l) -> {
          Severity s = Severity.parseLenient(sev);
          if (s == Severity.UNKNOWN && !sev.equalsIgnoreCase("unknown")) {
            throw unknown("gate.max-count." + sev, l);
          }
          if (!(n instanceof Long count) || count < 0) {
            throw new PolicyParseException(l, "gate.max-count." + sev + " must be a non-negative integer");
          }
          b.maxCount.put(s, count);
        });
        default -> throw unknown("gate." + k, line);
      }
    });
  }

  private static void parseKind(String kind, TomlTable t, Builder b) {
    forEach(t, kind, (k, v, line) -> {
      if (k.equals("fail-on")) {
        b.failOnByKind.put(kind, severity(v, line, kind + ".fail-on"));
      } else if (k.equals("ignore-unfixed") && kind.equals("vulnerability")) {
        b.ignoreUnfixed = bool(v, line, "vulnerability.ignore-unfixed");
      } else if (k.equals("deny") && kind.equals("license")) {
        b.deniedLicenses.addAll(strings(v, line, "license.deny"));
      } else {
        throw unknown(kind + "." + k, line);
      }
    });
  }

  private static ExceptionRule parseException(TomlTable t, int headerLine) {
    Map<String, Object> values = new LinkedHashMap<>();
    forEach(t, "exception", (k, v, line) -> {
      switch (k) {
        case "id", "kind", "purl", "path", "fingerprint", "reason" -> values.put(k, string(v, line, "exception." + k));
        case "layer" -> {
          if (!(v instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
            throw new PolicyParseException(line, "exception.layer must be a non-negative integer");
          }
          values.put(k, n.intValue());
        }
        case "expires" -> {
          if (v instanceof LocalDate d) {
            values.put(k, d);
          } else if (v instanceof String s) {
            try {
              values.put(k, LocalDate.parse(s));
            } catch (DateTimeParseException e) {
              throw new PolicyParseException(line, "exception.expires must be a date like 2026-12-31");
            }
          } else {
            throw new PolicyParseException(line, "exception.expires must be a date like 2026-12-31");
          }
        }
        default -> throw unknown("exception." + k, line);
      }
    });
    String reason = (String) values.get("reason");
    if (reason == null || reason.isBlank()) {
      throw new PolicyParseException(headerLine, "an exception needs a non-empty reason");
    }
    String kind = (String) values.get("kind");
    if (kind != null && !KINDS.contains(kind)) {
      throw new PolicyParseException(headerLine, "exception.kind must be one of " + new java.util.TreeSet<>(KINDS));
    }
    try {
      return new ExceptionRule((String) values.get("id"), kind, (String) values.get("purl"),
          (String) values.get("path"), (Integer) values.get("layer"), (String) values.get("fingerprint"), reason,
          (LocalDate) values.get("expires"), headerLine);
    } catch (IllegalArgumentException e) {
      throw new PolicyParseException(headerLine, e.getMessage());
    }
  }

  @FunctionalInterface
  private interface Entry {
    void accept(String key, Object value, int line);
  }

  private static void forEach(TomlTable t, String where, Entry e) {
    for (String k : t.keySet()) {
      e.accept(k, t.get(List.of(k)), line(t, k));
    }
  }

  private static int line(TomlTable t, String key) {
    return position(t.inputPositionOf(List.of(key)));
  }

  private static int position(TomlPosition p) {
    return p == null ? 0 : p.line();
  }

  private static PolicyParseException unknown(String key, int line) {
    return new PolicyParseException(line, "unknown key '" + key + "'");
  }

  private static TomlTable table(Object v, int line, String key) {
    if (v instanceof TomlTable t) {
      return t;
    }
    throw new PolicyParseException(line, "'" + key + "' must be a table");
  }

  private static String string(Object v, int line, String key) {
    if (v instanceof String s) {
      return s;
    }
    throw new PolicyParseException(line, key + " must be a string");
  }

  private static boolean bool(Object v, int line, String key) {
    if (v instanceof Boolean x) {
      return x;
    }
    throw new PolicyParseException(line, key + " must be true or false");
  }

  private static List<String> strings(Object v, int line, String key) {
    if (v instanceof TomlArray a) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        out.add(string(a.get(i), line, key + " entries"));
      }
      return out;
    }
    throw new PolicyParseException(line, key + " must be an array of strings");
  }

  private static Severity severity(Object v, int line, String key) {
    String s = string(v, line, key);
    Severity sev = Severity.parseLenient(s);
    if (sev == Severity.UNKNOWN || !s.equals(s.toLowerCase(Locale.ROOT)) && !s.equals(s.toUpperCase(Locale.ROOT))) {
      throw new PolicyParseException(line, key + " must be one of critical, high, medium, low (was '" + s + "')");
    }
    return sev;
  }

  /** Accepts {@code "7d"}, {@code "36h"}, {@code "90m"} or an ISO-8601 duration such as {@code "P7D"}. */
  private static Duration duration(Object v, int line, String key) {
    String s = string(v, line, key).trim();
    try {
      if (s.matches("\\d{1,6}[dhm]")) {
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
          case 'd' -> Duration.ofDays(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofMinutes(n);
        };
      }
      return Duration.parse(s);
    } catch (DateTimeParseException e) {
      throw new PolicyParseException(line, key + " must look like \"7d\", \"24h\" or \"P7D\" (was '" + s + "')");
    }
  }

  /**
   * Returns the advisory-data age limit ({@code [gate] max-advisory-age}, alias {@code max-db-age}),
   * checked by {@link #checkAdvisoryAge}.
   *
   * @return the maximum age, or null when not set
   */
  public Duration maxAdvisoryAge() {
    return maxAdvisoryAge;
  }

  /**
   * Lists the rules this policy checks, in the order {@link #evaluate} reports violations: the global
   * gate, the per-kind gates, banned packages, denied licences, banned base images, required labels,
   * maximum counts, the advisory-data age, then the exceptions.
   *
   * @return the rules; empty for {@link #permissive()}
   */
  public List<PolicyRule> rules() {
    List<PolicyRule> out = new ArrayList<>();
    if (failOn != null) {
      out.add(new PolicyRule("gate.fail-on", null, "no finding at or above " + lower(failOn)
          + (failOnByKind.isEmpty() ? "" : " (kinds without their own fail-on)")));
    }
    for (String kind : new java.util.TreeSet<>(failOnByKind.keySet())) {
      out.add(new PolicyRule(kind + ".fail-on", null, "no " + kind + " finding at or above "
          + lower(failOnByKind.get(kind))));
    }
    bannedPackages.forEach(p -> out.add(new PolicyRule("packages.banned", p, "no package matching " + p)));
    deniedLicenses.forEach(l -> out.add(new PolicyRule("license.deny", l, "no package licensed " + l)));
    bannedBaseImages.forEach(b -> out.add(new PolicyRule("image.banned-base", b, "base image is not " + b)));
    requiredLabels.forEach(l -> out.add(new PolicyRule("image.required-labels", l, "image has label " + l)));
    for (Map.Entry<Severity, Long> e : new java.util.TreeMap<>(maxCount).entrySet()) {
      out.add(new PolicyRule("gate.max-count." + lower(e.getKey()), null, "at most " + e.getValue() + " "
          + lower(e.getKey()) + " findings"));
    }
    if (maxAdvisoryAge != null) {
      out.add(new PolicyRule("gate.max-advisory-age", null, "vulnerability data at most " + human(maxAdvisoryAge)
          + " old"));
    }
    for (ExceptionRule e : exceptions) {
      out.add(new PolicyRule("exception", e.source(), "exception" + (e.id() != null ? " for " + e.id() : "")
          + (e.expires() != null ? " until " + e.expires() : "") + ": " + e.reason()));
    }
    return out;
  }

  private static String lower(Severity s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the exceptions in file order.
   *
   * @return the exceptions; never null
   */
  public List<ExceptionRule> exceptions() {
    return exceptions;
  }

  /**
   * Returns the gate threshold for a finding kind: the kind's own {@code fail-on}, else the global one.
   *
   * @param kind a finding kind such as {@code vulnerability}
   * @return the lowest failing severity, or null when findings of this kind never fail the gate
   */
  public Severity failOn(String kind) {
    return failOnByKind.getOrDefault(kind, failOn);
  }

  /**
   * Tells whether unfixed vulnerabilities are left out of gates and counts.
   *
   * @return the {@code ignore-unfixed} setting
   */
  public boolean ignoreUnfixed() {
    return ignoreUnfixed;
  }

  /**
   * Applies the exceptions on a given day. Each finding matched by an unexpired exception gets an active
   * {@link Suppression} of kind EXCEPTION; a finding matched only by expired exceptions gets an inactive
   * one whose reason says when it expired, so reports show it. Findings that already have an active
   * suppression (from VEX, say) keep it. Pure.
   *
   * @param result the scan result; not null
   * @param today the current date (UTC in the CLI)
   * @return a new result with the suppressions merged in
   */
  public ScanResult applyExceptions(ScanResult result, LocalDate today) {
    Map<Finding, Suppression> out = new LinkedHashMap<>(result.suppressions());
    for (Finding f : result.findings()) {
      Suppression existing = out.get(f);
      if (existing != null && existing.active()) {
        continue;
      }
      Suppression found = null;
      for (ExceptionRule e : exceptions) {
        if (!e.matches(f)) {
          continue;
        }
        if (!e.expiredOn(today)) {
          found = new Suppression(Suppression.Kind.EXCEPTION, e.reason(), e.expires(), e.source(), true);
          break;
        }
        if (found == null) {
          found = new Suppression(Suppression.Kind.EXCEPTION, "exception expired on " + e.expires() + ": "
              + e.reason(), e.expires(), e.source(), false);
        }
      }
      if (found != null) {
        out.put(f, found);
      }
    }
    return result.withSuppressions(out);
  }

  /**
   * Applies the exceptions on the clock's current UTC date.
   *
   * @param result the scan result; not null
   * @param clock the clock; not null
   * @return a new result with the suppressions merged in
   */
  public ScanResult applyExceptions(ScanResult result, Clock clock) {
    return applyExceptions(result, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
  }

  /**
   * Evaluates the policy. Findings with an active suppression are not counted (apply exceptions and
   * VEX first). Pure: no I/O, no clock.
   *
   * @param result the scan result; not null
   * @return the decision with violations in a stable order: gates per finding, banned packages,
   *     denied licences, banned base image, missing labels, then counts
   */
  public PolicyDecision evaluate(ScanResult result) {
    List<Violation> out = new ArrayList<>();
    Map<Severity, Long> counts = new EnumMap<>(Severity.class);
    for (Finding f : result.findings().stream().sorted(ResultOrder.FINDINGS).toList()) {
      if (result.isSuppressed(f)) {
        continue;
      }
      if (ignoreUnfixed && f instanceof VulnerabilityFinding v && v.fixedVersion() == null) {
        continue;
      }
      counts.merge(f.severity(), 1L, Long::sum);
      Severity gate = failOn(f.kind());
      if (gate != null && f.severity() != Severity.UNKNOWN && f.severity().atLeast(gate)) {
        String rule = failOnByKind.containsKey(f.kind()) ? f.kind() + ".fail-on" : "gate.fail-on";
        out.add(new Violation(rule, f.severity() + " " + f.kind() + " " + f.id() + describe(f)
            + " (fails at " + gate.name().toLowerCase(Locale.ROOT) + " and above)", f));
      }
    }
    // sorted only for the rules that look at packages (the result's thousands of them, on every scan)
    List<Package> packages = bannedPackages.isEmpty() && deniedLicenses.isEmpty() ? List.of()
        : result.packages().stream().sorted(ResultOrder.PACKAGES).toList();
    for (Package p : packages) {
      for (String pattern : bannedPackages) {
        if (Glob.of(pattern).matchesPurl(p.purl())) {
          out.add(new Violation("packages.banned", "banned package " + p.purl() + " (matches " + pattern + ") at "
              + p.location().path(), null, pattern));
          break;
        }
      }
    }
    for (Package p : packages) {
      for (String licence : p.licenses()) {
        String hit = deniedLicenses.stream().filter(d -> Glob.of(d).matches(licence)).findFirst().orElse(null);
        if (hit != null) {
          out.add(new Violation("license.deny", "package " + (p.purl() != null ? p.purl() : p.name())
              + " has denied licence " + licence + " (matches " + hit + ")", null, hit));
        }
      }
    }
    ImageConfig config = result.artifact().config();
    Map<String, String> labels = config == null ? Map.of() : config.labels();
    for (String pattern : bannedBaseImages) {
      for (String candidate : baseImageNames(result, labels)) {
        if (Glob.of(pattern).matches(candidate)) {
          out.add(new Violation("image.banned-base", "banned base image " + candidate + " (matches " + pattern + ")",
              null, pattern));
          break;
        }
      }
    }
    for (String label : requiredLabels) {
      String value = labels.get(label);
      if (value == null || value.isBlank()) {
        out.add(new Violation("image.required-labels", "missing required label " + label, null, label));
      }
    }
    for (Map.Entry<Severity, Long> e : new java.util.TreeMap<>(maxCount).entrySet()) {
      long n = counts.getOrDefault(e.getKey(), 0L);
      if (n > e.getValue()) {
        String sev = e.getKey().name().toLowerCase(Locale.ROOT);
        out.add(new Violation("gate.max-count." + sev, n + " " + sev + " findings, at most " + e.getValue()
            + " allowed", null));
      }
    }
    return new PolicyDecision(out);
  }

  /**
   * Checks the advisory-data age limit against what the vulnerability database holds: one violation
   * (rule {@code gate.max-advisory-age}) per ecosystem of the scanned packages whose data is older than
   * the limit or was never imported. Only ecosystems that advisories exist for count (those with a
   * version scheme: {@code Debian}, {@code Maven}, ...). Pure.
   *
   * @param result the scan result; its packages name the ecosystems; not null
   * @param dataStatus what the database holds per ecosystem ({@link AdvisorySource#status()}); not null
   * @param now the current time; not null
   * @return the violations, sorted by ecosystem; empty when no limit is set or all data is fresh enough
   */
  public List<Violation> checkAdvisoryAge(ScanResult result, List<AdvisorySource.EcosystemData> dataStatus,
      Instant now) {
    if (maxAdvisoryAge == null) {
      return List.of();
    }
    java.util.SortedSet<String> ecosystems = new java.util.TreeSet<>();
    for (Package p : result.packages()) {
      if (OsvEcosystems.schemeOf(p.ecosystem()).isPresent()) {
        int colon = p.ecosystem().indexOf(':');
        ecosystems.add(colon < 0 ? p.ecosystem() : p.ecosystem().substring(0, colon));
      }
    }
    List<Violation> out = new ArrayList<>();
    for (String ecosystem : ecosystems) {
      AdvisorySource.EcosystemData data = dataStatus.stream().filter(d -> d.ecosystem().equals(ecosystem))
          .findFirst().orElse(null);
      if (data == null) {
        out.add(new Violation("gate.max-advisory-age", "no vulnerability data for " + ecosystem
            + " (the policy allows data at most " + human(maxAdvisoryAge) + " old); run 'stowaway db update'", null));
        continue;
      }
      Duration age = Duration.between(data.importedAt(), now);
      if (age.compareTo(maxAdvisoryAge) > 0) {
        out.add(new Violation("gate.max-advisory-age", "vulnerability data for " + ecosystem + " is " + human(age)
            + " old (imported " + data.importedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + "), more than the " + human(maxAdvisoryAge) + " the policy allows; run 'stowaway db update'", null));
      }
    }
    return out;
  }

  /** "3d 4h", "26h", "45m": whole units, enough to read at a glance. */
  private static String human(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 120) {
      return minutes + "m";
    }
    long hours = d.toHours();
    return hours < 72 ? hours + "h" : hours / 24 + "d " + hours % 24 + "h";
  }

  /** The artifact name and the OCI base-image annotations, which is what a base-image pattern is about. */
  private static List<String> baseImageNames(ScanResult r, Map<String, String> labels) {
    List<String> names = new ArrayList<>();
    String base = labels.get("org.opencontainers.image.base.name");
    if (base != null) {
      names.add(base);
    }
    String baseDigest = labels.get("org.opencontainers.image.base.digest");
    if (baseDigest != null) {
      names.add(baseDigest);
    }
    names.add(r.artifact().name());
    return names;
  }

  private static String describe(Finding f) {
    StringBuilder sb = new StringBuilder();
    if (f instanceof VulnerabilityFinding v) {
      sb.append(" in ").append(v.packageName());
      if (v.installedVersion() != null) {
        sb.append(' ').append(v.installedVersion());
      }
    }
    if (f.location() != null) {
      sb.append(" at ").append(f.location().path());
      if (f.location().nestedPath() != null) {
        sb.append("!/").append(f.location().nestedPath());
      }
    }
    sb.append(": ").append(f.title());
    return sb.toString();
  }

  /** Builds a policy in code; the same keys as the file. Not thread-safe. */
  public static final class Builder {
    private Severity failOn;
    private final Map<String, Severity> failOnByKind = new LinkedHashMap<>();
    private boolean ignoreUnfixed;
    private Duration maxAdvisoryAge;
    private final Map<Severity, Long> maxCount = new EnumMap<>(Severity.class);
    private final List<String> bannedPackages = new ArrayList<>();
    private final List<String> bannedBaseImages = new ArrayList<>();
    private final List<String> requiredLabels = new ArrayList<>();
    private final List<String> deniedLicenses = new ArrayList<>();
    private final List<ExceptionRule> exceptions = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the global gate ({@code [gate] fail-on}).
     *
     * @param s the lowest failing severity, or null for none
     * @return this
     */
    public Builder failOn(Severity s) {
      failOn = s;
      return this;
    }

    /**
     * Sets a per-kind gate ({@code [vulnerability] fail-on}, ...).
     *
     * @param kind the finding kind
     * @param s the lowest failing severity
     * @return this
     */
    public Builder failOn(String kind, Severity s) {
      failOnByKind.put(kind, s);
      return this;
    }

    /**
     * Sets {@code ignore-unfixed}.
     *
     * @param v the value
     * @return this
     */
    public Builder ignoreUnfixed(boolean v) {
      ignoreUnfixed = v;
      return this;
    }

    /**
     * Sets {@code max-advisory-age}.
     *
     * @param d the age, or null
     * @return this
     */
    public Builder maxAdvisoryAge(Duration d) {
      maxAdvisoryAge = d;
      return this;
    }

    /**
     * Sets a {@code [gate.max-count]} entry.
     *
     * @param s the severity
     * @param max the highest allowed count
     * @return this
     */
    public Builder maxCount(Severity s, long max) {
      maxCount.put(s, max);
      return this;
    }

    /**
     * Adds a {@code [packages] banned} purl glob.
     *
     * @param purlGlob the pattern
     * @return this
     */
    public Builder bannedPackage(String purlGlob) {
      bannedPackages.add(purlGlob);
      return this;
    }

    /**
     * Adds an {@code [image] banned-base} glob.
     *
     * @param glob the pattern
     * @return this
     */
    public Builder bannedBaseImage(String glob) {
      bannedBaseImages.add(glob);
      return this;
    }

    /**
     * Adds an {@code [image] required-labels} entry.
     *
     * @param label the label key
     * @return this
     */
    public Builder requiredLabel(String label) {
      requiredLabels.add(label);
      return this;
    }

    /**
     * Adds a {@code [license] deny} glob.
     *
     * @param glob the pattern
     * @return this
     */
    public Builder deniedLicense(String glob) {
      deniedLicenses.add(glob);
      return this;
    }

    /**
     * Adds an exception.
     *
     * @param e the exception
     * @return this
     */
    public Builder exception(ExceptionRule e) {
      exceptions.add(e);
      return this;
    }

    /**
     * Builds the immutable policy.
     *
     * @return the policy
     */
    public Policy build() {
      return new Policy(this);
    }
  }
}
