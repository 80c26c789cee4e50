package dev.stowaway.core.match;

import dev.stowaway.api.vuln.Advisory.Affected;
import dev.stowaway.api.vuln.Advisory.Event;
import dev.stowaway.api.vuln.Advisory.EventKind;
import dev.stowaway.api.vuln.Advisory.Range;
import dev.stowaway.api.vuln.Advisory.RangeType;
import dev.stowaway.api.vuln.InvalidVersionException;
import dev.stowaway.api.vuln.VersionComparator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides whether a version is affected by one OSV {@code affected} entry, as the OSV schema's
 * evaluation pseudo-code does: per range (GIT ranges ignored), events are sorted by version (an
 * {@code introduced} of {@code 0} first, ties kept in record order) and walked; {@code introduced} at or
 * below the version opens, {@code fixed} at or below it closes, {@code last_affected} below it closes;
 * {@code limit} events bound the range from above ({@code *}: no bound). A version in {@code versions} is
 * affected whatever the ranges say. A range without any {@code introduced} event (invalid per the
 * schema) is read as introduced at {@code 0}. {@code ECOSYSTEM} ranges use the ecosystem's comparator,
 * {@code SEMVER} ranges the {@code semver} one (a leading {@code v} is dropped first).
 *
 * <p>Stateless apart from the comparator look-up; thread-safe if that is.
 *
 * @see <a href="https://ossf.github.io/osv-schema/#evaluation">OSV schema: evaluation</a>
 */
public final class OsvRangeEvaluator {
  private final Function<String, VersionComparator> comparators;

  /**
   * Creates an evaluator.
   *
   * @param comparatorForScheme gives the comparator of a scheme ({@code deb}, {@code semver}...), or
   *     null when none is known; not null
   */
  public OsvRangeEvaluator(Function<String, VersionComparator> comparatorForScheme) {
    this.comparators = comparatorForScheme;
  }

  /**
   * Creates an evaluator over a fixed set of comparators.
   *
   * @param byScheme comparators by scheme; not null
   * @return the evaluator
   */
  public static OsvRangeEvaluator of(Map<String, VersionComparator> byScheme) {
    Map<String, VersionComparator> copy = Map.copyOf(byScheme);
    return new OsvRangeEvaluator(copy::get);
  }

  /**
   * Evaluates a version against one affected entry.
   *
   * @param affected the entry; not null
   * @param version the installed version; not null
   * @param ecosystemScheme the scheme of the entry's ecosystem ({@code deb} for {@code Debian:12}), or
   *     null if unknown (then only SEMVER ranges and listed versions can be evaluated)
   * @return the verdict; never null
   */
  public RangeEvaluation evaluate(Affected affected, String version, String ecosystemScheme) {
    List<String> notes = new ArrayList<>();
    for (String listed : affected.versions()) {
      if (listed.equals(version)) {
        String fixed = null;
        for (Range r : affected.ranges()) {
          RangeOutcome o = evaluateRange(r, version, ecosystemScheme);
          if (o.affected && o.fixed != null) {
            fixed = o.fixed;
          }
        }
        return new RangeEvaluation(RangeEvaluation.Verdict.AFFECTED, fixed, "version " + version
            + " is listed in versions");
      }
    }
    boolean anyDecided = false;
    boolean affectedByAny = false;
    boolean unfixed = false;
    String fixed = null;
    VersionComparator fixedCmp = null;
    String reason = null;
    for (Range r : affected.ranges()) {
      RangeOutcome o = evaluateRange(r, version, ecosystemScheme);
      if (o.note != null) {
        notes.add(o.note);
      }
      if (!o.decided) {
        continue;
      }
      anyDecided = true;
      if (o.affected) {
        affectedByAny = true;
        reason = reason == null ? o.description : reason + "; " + o.description;
        if (o.fixed == null) {
          unfixed = true;
        } else if (fixed == null || fixedCmp.compare(strip(r, o.fixed), strip(r, fixed)) > 0) {
          // several ranges hold the version: only a version past all their fixes is safe
          fixed = o.fixed;
          fixedCmp = o.comparator;
        }
      }
    }
    if (affectedByAny) {
      return new RangeEvaluation(RangeEvaluation.Verdict.AFFECTED, unfixed ? null : fixed, reason);
    }
    if (anyDecided) {
      return new RangeEvaluation(RangeEvaluation.Verdict.NOT_AFFECTED, null,
          "version " + version + " is outside every range" + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
    }
    if (affected.ranges().isEmpty() && !affected.versions().isEmpty()) {
      return new RangeEvaluation(RangeEvaluation.Verdict.NOT_AFFECTED, null,
          "version " + version + " is not among the " + affected.versions().size() + " listed versions");
    }
    return new RangeEvaluation(RangeEvaluation.Verdict.UNDECIDED, null,
        notes.isEmpty() ? "no evaluable range" : String.join("; ", notes));
  }

  /**
   * A cheap test run before {@link #evaluate}: false only when {@code evaluate} would certainly not find the
   * version {@link RangeEvaluation.Verdict#AFFECTED}, so a caller may skip such entries (and never load the
   * rest of their record). True may still end in NOT_AFFECTED or UNDECIDED. No sorting, no lists, no text:
   * a range holds the version only if, among its events at or below the version that would change the
   * walk's state, the highest ones include an {@code introduced} (or, when there are none, it opens at
   * {@code 0}); on any doubt (invalid versions) the answer is true.
   *
   * @param affected the entry; its ranges and versions are read, nothing else; not null
   * @param version the installed version; not null
   * @param ecosystemScheme the scheme of the entry's ecosystem, or null if unknown
   * @return false if the entry cannot affect the version
   */
  public boolean mayAffect(Affected affected, String version, String ecosystemScheme) {
    if (affected.versions().contains(version)) {
      return true;
    }
    for (Range r : affected.ranges()) {
      if (rangeMayHold(r, version, ecosystemScheme)) {
        return true;
      }
    }
    return false;
  }

  private boolean rangeMayHold(Range range, String rawVersion, String ecosystemScheme) {
    if (range.type() == RangeType.GIT) {
      return false; // evaluate leaves GIT ranges undecided
    }
    String scheme = range.type() == RangeType.SEMVER ? "semver" : ecosystemScheme;
    VersionComparator cmp = scheme == null ? null : comparators.apply(scheme);
    if (cmp == null) {
      return false; // undecided there too
    }
    String version = strip(range, rawVersion);
    try {
      boolean noIntroduced = true; // no introduced event at all reads as introduced at 0
      boolean opensAtZeroEvent = false;
      boolean limited = false;
      boolean belowALimit = false;
      Event top = null; // the highest event that changes the walk's state; ties: any introduced among them wins
      boolean topIntroduced = false;
      for (Event e : range.events()) {
        switch (e.kind()) {
          case LIMIT -> {
            if (e.version().equals("*")) {
              belowALimit = true;
            } else if (cmp.compare(version, strip(range, e.version())) < 0) {
              belowALimit = true;
            }
            limited = true;
            continue;
          }
          case INTRODUCED -> {
            noIntroduced = false;
            if (isZero(e)) {
              opensAtZeroEvent = true;
              continue;
            }
          }
          default -> { }
        }
        String ev = strip(range, e.version());
        int c = cmp.compare(version, ev);
        boolean changes = e.kind() == EventKind.LAST_AFFECTED ? c > 0 : c >= 0;
        if (!changes) {
          continue;
        }
        int vsTop = top == null ? 1 : cmp.compare(ev, strip(range, top.version()));
        if (vsTop > 0) {
          top = e;
          topIntroduced = e.kind() == EventKind.INTRODUCED;
        } else if (vsTop == 0 && e.kind() == EventKind.INTRODUCED) {
          topIntroduced = true; // ties keep record order in evaluate; be generous rather than replay it
        }
      }
      if (limited && !belowALimit) {
        return false;
      }
      return top == null ? noIntroduced || opensAtZeroEvent : topIntroduced;
    } catch (InvalidVersionException e) {
      return true; // evaluate decides what an invalid version means
    }
  }

  private static String strip(Range r, String v) {
    return r.type() == RangeType.SEMVER && (v.startsWith("v") || v.startsWith("V")) ? v.substring(1) : v;
  }

  /** One range's outcome. */
  private record RangeOutcome(boolean decided, boolean affected, String fixed, String description, String note,
      VersionComparator comparator) {
    static RangeOutcome undecided(String note) {
      return new RangeOutcome(false, false, null, null, note, null);
    }
  }

  private RangeOutcome evaluateRange(Range range, String rawVersion, String ecosystemScheme) {
    if (range.type() == RangeType.GIT) {
      return RangeOutcome.undecided(null);
    }
    String scheme = range.type() == RangeType.SEMVER ? "semver" : ecosystemScheme;
    VersionComparator cmp = scheme == null ? null : comparators.apply(scheme);
    if (cmp == null) {
      return RangeOutcome.undecided("no version comparator for scheme " + (scheme == null ? "(unknown)" : scheme));
    }
    String version = strip(range, rawVersion);
    try {
      cmp.compare(version, version);
    } catch (InvalidVersionException e) {
      return RangeOutcome.undecided("installed version " + rawVersion + " is not a valid " + scheme + " version");
    }
    Comparator<Event> order = (x, y) -> {
      boolean x0 = isZero(x);
      boolean y0 = isZero(y);
      if (x0 || y0) {
        return x0 == y0 ? 0 : x0 ? -1 : 1;
      }
      return cmp.compare(strip(range, x.version()), strip(range, y.version()));
    };
    List<Event> sorted = new ArrayList<>();
    if (range.events().stream().noneMatch(e -> e.kind() == EventKind.INTRODUCED)) {
      // the schema requires an introduced event; a range without one is read as open from the start
      // rather than as empty, so a sloppy record cannot hide a vulnerable version
      sorted.add(new Event(EventKind.INTRODUCED, "0"));
    }
    List<String> limits = new ArrayList<>();
    for (Event e : range.events()) {
      if (e.kind() == EventKind.LIMIT) {
        limits.add(e.version());
      } else {
        sorted.add(e);
      }
    }
    try {
      if (!limits.isEmpty() && !limits.contains("*")) {
        boolean below = false;
        for (String limit : limits) {
          below |= cmp.compare(version, strip(range, limit)) < 0;
        }
        if (!below) {
          return new RangeOutcome(true, false, null, null, null, cmp);
        }
      }
      sorted.sort(order); // List.sort is stable: ties keep the record's order
      boolean affected = false;
      Event opening = null;
      for (Event e : sorted) {
        String ev = strip(range, e.version());
        switch (e.kind()) {
          case INTRODUCED -> {
            if (isZero(e) || cmp.compare(version, ev) >= 0) {
              affected = true;
              opening = e;
            }
          }
          case FIXED -> {
            if (cmp.compare(version, ev) >= 0) {
              affected = false;
            }
          }
          case LAST_AFFECTED -> {
            if (cmp.compare(version, ev) > 0) {
              affected = false;
            }
          }
          default -> { }
        }
      }
      if (!affected) {
        return new RangeOutcome(true, false, null, null, null, cmp);
      }
      String fixed = null;
      String closing = null;
      for (Event e : sorted) {
        if (!isZero(e) && cmp.compare(strip(range, e.version()), version) > 0 && e.kind() != EventKind.INTRODUCED) {
          closing = e.kind() == EventKind.FIXED ? "fixed " + e.version() : "last_affected " + e.version();
          fixed = e.kind() == EventKind.FIXED ? e.version() : null;
          break;
        }
        if (e.kind() == EventKind.LAST_AFFECTED && cmp.compare(strip(range, e.version()), version) == 0) {
          closing = "last_affected " + e.version();
          break;
        }
      }
      String description = range.type() + " range [introduced " + opening.version() + ", "
          + (closing == null ? "open" : closing) + "] holds " + rawVersion + " (" + scheme + ")";
      return new RangeOutcome(true, true, fixed, description, null, cmp);
    } catch (InvalidVersionException e) {
      return RangeOutcome.undecided("range event not a valid " + scheme + " version: " + e.getMessage());
    }
  }

  private static boolean isZero(Event e) {
    return e.kind() == EventKind.INTRODUCED && e.version().equals("0");
  }
}
