package dev.stowaway.api.vuln;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One vulnerability record in the OSV model: which versions of which packages it affects, and how
 * severe it is. Immutable and thread-safe.
 *
 * @param id the record id, such as {@code GHSA-jfh8-c2jp-5v3q} or {@code DSA-3029-1}; never null
 * @param aliases other ids of the same problem ({@code CVE-...}), possibly empty
 * @param modified when the record was last changed, or null if the record does not say
 * @param published when it was first published, or null
 * @param withdrawn when it was withdrawn, or null if it stands; withdrawn records must not be reported
 * @param summary a one-line summary, or null
 * @param details a longer description, or null (stores may leave it out of look-ups)
 * @param severity severity entries such as CVSS vectors, possibly empty
 * @param affected the affected packages; a {@link AdvisorySource} look-up may return only the entries
 *     for the package asked about
 * @param references reference URLs, advisory links first, possibly empty
 * @see <a href="https://ossf.github.io/osv-schema/">OSV schema</a>
 */
public record Advisory(
    String id, List<String> aliases, Instant modified, Instant published, Instant withdrawn, String summary,
    String details, List<SeverityEntry> severity, List<Affected> affected, List<String> references) {

  /** Requires the id; copies the lists. */
  public Advisory {
    Objects.requireNonNull(id, "id");
    aliases = List.copyOf(aliases);
    severity = List.copyOf(severity);
    affected = List.copyOf(affected);
    references = List.copyOf(references);
  }

  /**
   * Tells whether the record was withdrawn.
   *
   * @return true if {@link #withdrawn()} is set
   */
  public boolean isWithdrawn() {
    return withdrawn != null;
  }

  /**
   * One OSV {@code severity} entry.
   *
   * @param type the type as written, such as {@code CVSS_V3}, {@code CVSS_V2}, {@code CVSS_V4},
   *     {@code Ubuntu}; never null
   * @param score the score or vector, such as {@code CVSS:3.1/AV:N/...}; never null
   */
  public record SeverityEntry(String type, String score) {
    /** Requires both parts. */
    public SeverityEntry {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(score, "score");
    }
  }

  /**
   * One {@code affected} entry: a package in one ecosystem and the versions of it that are affected.
   *
   * @param ecosystem the OSV ecosystem as written, such as {@code Debian:12} or {@code npm}; never null
   * @param packageName the package name as the ecosystem spells it; never null
   * @param purl the package's purl, or null
   * @param ranges affected version ranges, possibly empty
   * @param versions explicitly listed affected versions, possibly empty
   * @param severityText a distro or ecosystem severity from {@code ecosystem_specific} or
   *     {@code database_specific} (such as Debian's {@code unimportant}), or null
   * @param severity severity entries of this entry only (OSV allows them per affected package), possibly
   *     empty
   */
  public record Affected(
      String ecosystem, String packageName, String purl, List<Range> ranges, List<String> versions,
      String severityText, List<SeverityEntry> severity) {
    /** Requires ecosystem and name; copies the lists. */
    public Affected {
      Objects.requireNonNull(ecosystem, "ecosystem");
      Objects.requireNonNull(packageName, "packageName");
      ranges = List.copyOf(ranges);
      versions = List.copyOf(versions);
      severity = List.copyOf(severity);
    }
  }

  /** How the versions of a {@link Range} are to be ordered. */
  public enum RangeType {
    /** Semantic Versioning 2.0 order (leading {@code v} allowed), whatever the ecosystem. */
    SEMVER,
    /** The ecosystem's own version order. */
    ECOSYSTEM,
    /** Git commits; not evaluable against package versions. */
    GIT
  }

  /**
   * One OSV range: events in the order the record lists them.
   *
   * @param type how versions are ordered; never null
   * @param events the events; never null
   */
  public record Range(RangeType type, List<Event> events) {
    /** Requires the type; copies the events. */
    public Range {
      Objects.requireNonNull(type, "type");
      events = List.copyOf(events);
    }
  }

  /** The kind of a range {@link Event}. */
  public enum EventKind {
    /** The version that introduced the problem ({@code 0}: the earliest version). */
    INTRODUCED,
    /** The first version without the problem. */
    FIXED,
    /** The last version known to have the problem (no fix known after it). */
    LAST_AFFECTED,
    /** An upper limit on the range ({@code *}: none). */
    LIMIT
  }

  /**
   * One range event.
   *
   * @param kind the kind; never null
   * @param version the version; never null
   */
  public record Event(EventKind kind, String version) {
    /** Requires both parts. */
    public Event {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(version, "version");
    }
  }
}
