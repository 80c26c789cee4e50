package dev.stowaway.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads SPI providers with a caller-given class loader (never the system loader, which breaks in
 * plug-in and application-server class loaders), sorts them by id so results never depend on class
 * path order, and rejects duplicate ids naming both classes.
 */
final class ProviderRegistry {
  private ProviderRegistry() {}

  static <T> List<T> load(Class<T> type, ClassLoader loader, boolean discover, Collection<T> explicit,
      Set<String> disabled, Function<T, String> id) {
    List<T> all = new ArrayList<>(explicit);
    if (discover) {
      try {
        for (T t : ServiceLoader.load(type, loader)) {
          all.add(t);
        }
      } catch (java.util.ServiceConfigurationError e) {
        // A plug-in jar whose META-INF/services names a missing or broken class: say which, do not crash.
        throw new IllegalStateException("cannot load a plug-in (" + type.getSimpleName() + "): " + e.getMessage(), e);
      }
    }
    Map<String, T> byId = new HashMap<>();
    List<T> out = new ArrayList<>();
    for (T t : all) {
      String key = id.apply(t);
      if (disabled.contains(key)) {
        continue;
      }
      T prior = byId.putIfAbsent(key, t);
      if (prior != null) {
        if (prior.getClass() == t.getClass()) {
          continue; // the same provider found twice (explicitly added and discovered)
        }
        throw new IllegalStateException("two " + type.getSimpleName() + "s have the id '" + key + "': "
            + prior.getClass().getName() + " and " + t.getClass().getName());
      }
      out.add(t);
    }
    out.sort(Comparator.comparing(id));
    return List.copyOf(out);
  }
}
