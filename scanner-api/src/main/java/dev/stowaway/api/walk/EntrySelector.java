package dev.stowaway.api.walk;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Says which layer entries an analyzer wants, declaratively, so the walker can build one index over
 * all analyzers and skip unwanted entries without calling any analyzer code.
 *
 * <p>An entry is selected when its {@link LayerEntry#type() type} is among {@link #types()} and at least
 * one criterion matches: an exact path, a base name, a base-name suffix, a glob, a mode bit, or the
 * predicate. Entries larger than {@link #maxSize()} that match are not handed to the analyzer; the
 * walker records an issue instead.
 *
 * <p>Globs use {@code *} for any run of characters other than {@code /}, {@code **} for any run of
 * characters including {@code /} (so {@code **}{@code /x} also matches {@code x}), and {@code ?} for one
 * character other than {@code /}.
 *
 * <p>Immutable and thread-safe as long as the predicate is.
 */
public final class EntrySelector {

  private static final EntrySelector NONE = builder().build();

  private final Set<String> paths;
  private final Set<String> basenames;
  private final List<String> suffixes;
  private final List<String> globs;
  private final List<Pattern> globPatterns;
  private final int anyModeBits;
  private final Predicate<LayerEntry> predicate;
  private final Set<EntryType> types;
  private final long maxSize;

  private EntrySelector(Builder b) {
    this.paths = Set.copyOf(b.paths);
    this.basenames = Set.copyOf(b.basenames);
    this.suffixes = List.copyOf(b.suffixes);
    this.globs = List.copyOf(b.globs);
    this.globPatterns = b.globs.stream().map(EntrySelector::globToRegex).toList();
    this.anyModeBits = b.anyModeBits;
    this.predicate = b.predicate;
    this.types = Set.copyOf(b.types.isEmpty() ? EnumSet.of(EntryType.FILE) : b.types);
    this.maxSize = b.maxSize;
  }

  /**
   * Returns a selector that selects nothing (for analyzers that only work in {@code finishLayer} or on
   * the image config).
   *
   * @return the empty selector
   */
  public static EntrySelector none() {
    return NONE;
  }

  /**
   * Starts a selector. Without {@link Builder#types}, only regular files are selected.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Evaluates every criterion except the size bound: would this entry be selected?
   *
   * @param e the entry; not null
   * @return true if the type is accepted and some criterion matches
   */
  public boolean matches(LayerEntry e) {
    if (!types.contains(e.type())) {
      return false;
    }
    if (paths.contains(e.path())) {
      return true;
    }
    String base = e.basename();
    if (basenames.contains(base)) {
      return true;
    }
    for (String s : suffixes) {
      if (base.endsWith(s)) {
        return true;
      }
    }
    for (Pattern p : globPatterns) {
      if (p.matcher(e.path()).matches()) {
        return true;
      }
    }
    if ((e.mode() & anyModeBits) != 0) {
      return true;
    }
    return predicate != null && predicate.test(e);
  }

  /** Returns the exact paths selected. */
  public Set<String> paths() {
    return paths;
  }

  /** Returns the base names selected wherever they appear. */
  public Set<String> basenames() {
    return basenames;
  }

  /** Returns the base-name suffixes selected, such as {@code .jar}. */
  public List<String> suffixes() {
    return suffixes;
  }

  /** Returns the globs, as given. */
  public List<String> globs() {
    return globs;
  }

  /** Returns the mode bits of which any one selects an entry, 0 for none. */
  public int anyModeBits() {
    return anyModeBits;
  }

  /** Returns true if an arbitrary predicate is part of this selector (it is then evaluated per entry). */
  public boolean hasPredicate() {
    return predicate != null;
  }

  /** Returns the accepted entry types. */
  public Set<EntryType> types() {
    return types;
  }

  /** Returns the largest entry size handed to the analyzer, {@link Long#MAX_VALUE} when unbounded. */
  public long maxSize() {
    return maxSize;
  }

  /** Returns true if this selector can never select anything. */
  public boolean isEmpty() {
    return paths.isEmpty() && basenames.isEmpty() && suffixes.isEmpty() && globs.isEmpty()
        && anyModeBits == 0 && predicate == null;
  }

  static Pattern globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
            i++;
            re.append("(?:.*/)?");
          } else {
            re.append(".*");
          }
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }

  /** Collects the criteria of a selector. Not thread-safe; use once. */
  public static final class Builder {
    private final Set<String> paths = new LinkedHashSet<>();
    private final Set<String> basenames = new LinkedHashSet<>();
    private final List<String> suffixes = new ArrayList<>();
    private final List<String> globs = new ArrayList<>();
    private int anyModeBits;
    private Predicate<LayerEntry> predicate;
    private final Set<EntryType> types = EnumSet.noneOf(EntryType.class);
    private long maxSize = Long.MAX_VALUE;

    private Builder() {}

    /**
     * Selects these exact normalised paths.
     *
     * @param p paths such as {@code var/lib/dpkg/status}
     * @return this builder
     */
    public Builder paths(String... p) {
      paths.addAll(List.of(p));
      return this;
    }

    /**
     * Selects entries with these base names anywhere.
     *
     * @param b base names such as {@code package.json}
     * @return this builder
     */
    public Builder basenames(String... b) {
      basenames.addAll(List.of(b));
      return this;
    }

    /**
     * Selects entries whose base name ends with one of these.
     *
     * @param s suffixes such as {@code .jar}
     * @return this builder
     */
    public Builder suffixes(String... s) {
      suffixes.addAll(List.of(s));
      return this;
    }

    /**
     * Selects entries whose path matches one of these globs (see the class comment for the syntax).
     *
     * @param g globs such as {@code var/lib/dpkg/info/*.list}
     * @return this builder
     */
    public Builder globs(String... g) {
      for (String glob : g) {
        globToRegex(glob);
        globs.add(glob);
      }
      return this;
    }

    /**
     * Selects entries whose mode has any of these bits, such as {@link LayerEntry#SETUID}.
     *
     * @param bits mode bits
     * @return this builder
     */
    public Builder anyModeBits(int bits) {
      anyModeBits |= bits;
      return this;
    }

    /**
     * Adds an arbitrary criterion. It is evaluated for every entry of every layer, so prefer the
     * declarative criteria; keep it cheap and side-effect free.
     *
     * @param p the predicate; not null
     * @return this builder
     */
    public Builder matching(Predicate<LayerEntry> p) {
      predicate = predicate == null ? Objects.requireNonNull(p) : predicate.or(p);
      return this;
    }

    /**
     * Sets the accepted entry types (default: only {@link EntryType#FILE}).
     *
     * @param t the types
     * @return this builder
     */
    public Builder types(EntryType... t) {
      types.addAll(List.of(t));
      return this;
    }

    /**
     * Sets the largest entry the analyzer is handed; larger matches are recorded as issues.
     *
     * @param bytes the bound, positive
     * @return this builder
     */
    public Builder maxSize(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxSize must be positive");
      }
      maxSize = bytes;
      return this;
    }

    /**
     * Builds the selector.
     *
     * @return an immutable selector
     */
    public EntrySelector build() {
      return new EntrySelector(this);
    }
  }
}
