package dev.stowaway.core.version;

import dev.stowaway.api.vuln.VersionComparator;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The version comparators found with {@link ServiceLoader}, by scheme name. Immutable and thread-safe
 * once loaded; holds no global state (every {@link #load} call builds a new registry).
 */
public final class VersionComparators {
  private final Map<String, VersionComparator> byScheme;

  private VersionComparators(Map<String, VersionComparator> byScheme) {
    this.byScheme = Collections.unmodifiableMap(byScheme);
  }

  /**
   * Loads every {@link VersionComparator} visible to a class loader.
   *
   * @param classLoader where to look for {@code META-INF/services} entries; not null
   * @return the registry; never null
   * @throws IllegalStateException if two comparators declare the same scheme (the message names both
   *     classes) or a comparator declares no scheme
   */
  public static VersionComparators load(ClassLoader classLoader) {
    Objects.requireNonNull(classLoader, "classLoader");
    return of(ServiceLoader.load(VersionComparator.class, classLoader));
  }

  /**
   * Builds a registry from given comparators (for embedders that do not use ServiceLoader).
   *
   * @param comparators the comparators; not null, no null elements
   * @return the registry; never null
   * @throws IllegalStateException on duplicate or missing scheme names, naming the classes
   */
  public static VersionComparators of(Iterable<? extends VersionComparator> comparators) {
    Map<String, VersionComparator> map = new TreeMap<>();
    for (VersionComparator c : comparators) {
      String scheme = c.scheme();
      if (scheme == null || scheme.isEmpty()) {
        throw new IllegalStateException(
            "version comparator " + c.getClass().getName() + " declares no scheme");
      }
      VersionComparator previous = map.putIfAbsent(scheme, c);
      if (previous != null) {
        throw new IllegalStateException(
            "duplicate version comparators for scheme '"
                + scheme
                + "': "
                + previous.getClass().getName()
                + " and "
                + c.getClass().getName());
      }
    }
    return new VersionComparators(map);
  }

  /**
   * Finds the comparator of a scheme.
   *
   * @param scheme a scheme name such as {@code deb}; not null
   * @return the comparator, or empty if none is registered
   */
  public Optional<VersionComparator> forScheme(String scheme) {
    return Optional.ofNullable(byScheme.get(scheme));
  }

  /**
   * Returns the comparator of a scheme or fails.
   *
   * @param scheme a scheme name; not null
   * @return the comparator; never null
   * @throws IllegalArgumentException if none is registered, listing the known schemes
   */
  public VersionComparator require(String scheme) {
    VersionComparator c = byScheme.get(scheme);
    if (c == null) {
      throw new IllegalArgumentException(
          "no version comparator for scheme '" + scheme + "' (known: " + byScheme.keySet() + ")");
    }
    return c;
  }

  /**
   * Finds the comparator for an OSV ecosystem name, via {@link OsvEcosystems#schemeOf}.
   *
   * @param osvEcosystem an OSV ecosystem such as {@code Debian:12}; not null
   * @return the comparator, or empty if the ecosystem is unknown or its scheme is not registered
   */
  public Optional<VersionComparator> forOsvEcosystem(String osvEcosystem) {
    return OsvEcosystems.schemeOf(osvEcosystem).flatMap(this::forScheme);
  }

  /**
   * Lists the registered scheme names.
   *
   * @return the sorted, unmodifiable scheme names; never null
   */
  public Set<String> schemes() {
    return byScheme.keySet();
  }
}
