package dev.stowaway.core.walk;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.api.walk.LayerEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One index over every analyzer's selector, built once per scan, so the per-entry cost when no
 * analyzer wants an entry is two hash lookups and a few string comparisons. Exact paths and base
 * names are hash lookups; suffixes, globs, mode bits and predicates are checked only for the analyzers
 * that declared them, and the full selector is evaluated only as confirmation.
 *
 * <p>Immutable and thread-safe once built.
 */
final class DispatchIndex {

  private static final List<Analyzer> NONE = List.of();

  private final Map<String, List<Analyzer>> byPath = new HashMap<>();
  private final Map<String, List<Analyzer>> byBasename = new HashMap<>();
  /** Analyzers that need a check beyond the two maps (suffix, glob, mode bits, predicate). */
  private final List<Analyzer> scanned = new ArrayList<>();
  private final int[] scannedModeBits;
  private final boolean anyNonFileType;

  DispatchIndex(List<Analyzer> analyzers) {
    boolean nonFile = false;
    for (Analyzer a : analyzers) {
      EntrySelector s = a.selector();
      for (String p : s.paths()) {
        byPath.computeIfAbsent(p, k -> new ArrayList<>()).add(a);
      }
      for (String b : s.basenames()) {
        byBasename.computeIfAbsent(b, k -> new ArrayList<>()).add(a);
      }
      if (!s.suffixes().isEmpty() || !s.globs().isEmpty() || s.anyModeBits() != 0 || s.hasPredicate()) {
        scanned.add(a);
      }
      if (!s.isEmpty() && (s.types().size() > 1 || !s.types().contains(EntryType.FILE))) {
        nonFile = true;
      }
    }
    scannedModeBits = new int[scanned.size()];
    for (int i = 0; i < scanned.size(); i++) {
      scannedModeBits[i] = scanned.get(i).selector().anyModeBits();
    }
    anyNonFileType = nonFile;
  }

  /** True if some analyzer may want entries other than regular files; otherwise those skip matching. */
  boolean wantsNonFiles() {
    return anyNonFileType;
  }

  /**
   * Returns the analyzers whose selectors match, sorted by id, without duplicates. The size bound is
   * not applied here.
   *
   * @param e the entry
   * @return the matching analyzers; an immutable empty list when none
   */
  List<Analyzer> match(LayerEntry e) {
    List<Analyzer> hits = null;
    List<Analyzer> p = byPath.get(e.path());
    if (p != null) {
      hits = add(hits, p, e);
    }
    if (!byBasename.isEmpty()) {
      List<Analyzer> b = byBasename.get(e.basename());
      if (b != null) {
        hits = add(hits, b, e);
      }
    }
    for (Analyzer a : scanned) {
      if (a.selector().matches(e)) {
        hits = add(hits, List.of(a), e);
      }
    }
    if (hits == null) {
      return NONE;
    }
    if (hits.size() > 1) {
      hits.sort(Comparator.comparing(Analyzer::id));
    }
    return hits;
  }

  private static List<Analyzer> add(List<Analyzer> hits, List<Analyzer> candidates, LayerEntry e) {
    for (Analyzer a : candidates) {
      // Confirm with the full selector: the map hit says nothing about the entry type.
      if (!a.selector().types().contains(e.type())) {
        continue;
      }
      if (hits == null) {
        hits = new ArrayList<>(2);
      }
      if (!hits.contains(a)) {
        hits.add(a);
      }
    }
    return hits;
  }
}
