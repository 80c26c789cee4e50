package dev.stowaway.core.version;

import dev.stowaway.api.vuln.VersionComparator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates one OSV {@code affected[].ranges[]} entry: is a version inside it?
 *
 * <p>Reference: the OSV schema, "affected[].ranges[].events" and its evaluation pseudo-code
 * (https://ossf.github.io/osv-schema/#evaluation). Events are sorted by version; walking them in
 * order, {@code introduced} (where {@code "0"} means "from the beginning") opens the range, {@code
 * fixed} closes it at that version (exclusive) and {@code last_affected} closes it after that version
 * (inclusive). {@code limit} events bound the whole range: a version must be below at least one limit
 * ({@code "*"} is unbounded). {@code GIT} ranges describe commits, not versions, and never match here.
 *
 * <p>Stateless and thread-safe. Work is O(e log e) comparisons for e events.
 */
public final class AffectedRanges {

  /** OSV range types. */
  public enum RangeType {
    /** Versions compared with the ecosystem's own comparator. */
    ECOSYSTEM,
    /** Versions compared with SemVer 2.0 precedence. */
    SEMVER,
    /** Commit hashes; not evaluated by version. */
    GIT
  }

  /** The kind of an OSV range event. */
  public enum Kind {
    /** The range starts at this version (inclusive); "0" means before every version. */
    INTRODUCED,
    /** The range ends before this version. */
    FIXED,
    /** The range ends after this version. */
    LAST_AFFECTED,
    /** No version at or above this one is in the range; "*" means no limit. */
    LIMIT
  }

  /**
   * One OSV range event.
   *
   * @param kind the event kind; not null
   * @param version the event's version string; not null
   */
  public record Event(Kind kind, String version) {
    /** Checks that both components are present. */
    public Event {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(version, "version");
    }

    /**
     * @param version the first affected version, or "0"
     * @return an {@code introduced} event
     */
    public static Event introduced(String version) {
      return new Event(Kind.INTRODUCED, version);
    }

    /**
     * @param version the first fixed version
     * @return a {@code fixed} event
     */
    public static Event fixed(String version) {
      return new Event(Kind.FIXED, version);
    }

    /**
     * @param version the last affected version
     * @return a {@code last_affected} event
     */
    public static Event lastAffected(String version) {
      return new Event(Kind.LAST_AFFECTED, version);
    }

    /**
     * @param version the limit, or "*"
     * @return a {@code limit} event
     */
    public static Event limit(String version) {
      return new Event(Kind.LIMIT, version);
    }
  }

  private static final SemverComparator SEMVER = new SemverComparator();

  private AffectedRanges() {}

  /**
   * Tells whether a version lies in a range.
   *
   * @param version the installed version; not null
   * @param events the range's events in any order; not null (an empty list affects nothing)
   * @param type the range type; not null
   * @param comparator the ecosystem's comparator, used for {@code ECOSYSTEM} ranges and for {@code
   *     SEMVER} ranges when its scheme is {@code semver} or {@code go}; otherwise {@code SEMVER}
   *     ranges use SemVer 2.0 precedence; not null
   * @return true if the version is affected
   * @throws dev.stowaway.api.vuln.InvalidVersionException if the version or an event's version is
   *     not valid for the comparator (callers report this; guessing could hide a vulnerability)
   */
  public static boolean isAffected(
      String version, List<Event> events, RangeType type, VersionComparator comparator) {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(comparator, "comparator");
    if (type == RangeType.GIT) {
      return false;
    }
    VersionComparator cmp = comparator;
    if (type == RangeType.SEMVER
        && !comparator.scheme().equals(SemverComparator.SCHEME)
        && !comparator.scheme().equals(GoVersionComparator.SCHEME)) {
      cmp = SEMVER;
    }
    // Validate the version even when no event would compare against it.
    cmp.compare(version, version);

    List<Event> ordered = new ArrayList<>();
    boolean limited = false;
    boolean belowALimit = false;
    for (Event e : events) {
      if (e.kind() == Kind.LIMIT) {
        limited = true;
        if (e.version().equals("*") || cmp.compare(version, e.version()) < 0) {
          belowALimit = true;
        }
      } else {
        ordered.add(e);
      }
    }
    if (limited && !belowALimit) {
      return false;
    }
    final VersionComparator c = cmp;
    // Sort by version ("0" first); on a tie "introduced" goes first, so "introduced X, fixed X" is
    // empty and "introduced X, last_affected X" is exactly X.
    ordered.sort(
        Comparator.<Event>comparingInt(e -> isZero(e) ? 0 : 1)
            .thenComparing((x, y) -> isZero(x) || isZero(y) ? 0 : c.compare(x.version(), y.version()))
            .thenComparingInt(e -> e.kind() == Kind.INTRODUCED ? 0 : 1));
    boolean affected = false;
    for (Event e : ordered) {
      switch (e.kind()) {
        case INTRODUCED:
          if (isZero(e) || c.compare(version, e.version()) >= 0) {
            affected = true;
          }
          break;
        case FIXED:
          if (c.compare(version, e.version()) >= 0) {
            affected = false;
          }
          break;
        case LAST_AFFECTED:
          if (c.compare(version, e.version()) > 0) {
            affected = false;
          }
          break;
        default:
          break;
      }
    }
    return affected;
  }

  private static boolean isZero(Event e) {
    return e.kind() == Kind.INTRODUCED && e.version().equals("0");
  }
}
