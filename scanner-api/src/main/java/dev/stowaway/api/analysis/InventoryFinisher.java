package dev.stowaway.api.analysis;

import dev.stowaway.api.model.OsRelease;
import dev.stowaway.api.model.Package;
import java.util.List;

/**
 * Completes the merged package inventory once the final OS is known. Layers are analysed one by one,
 * so a package database in layer 2 cannot know that {@code etc/os-release} in layer 0 says Ubuntu
 * 22.04; a finisher fills in what depends on it (the OSV ecosystem {@code Ubuntu:22.04:LTS}, the purl's
 * namespace and {@code distro} qualifier) and may drop packages (a language package whose files an OS
 * package installed).
 *
 * <p>Implementations are stateless singletons with a public no-argument constructor, listed in
 * {@code META-INF/services/dev.stowaway.api.analysis.InventoryFinisher}, and thread-safe. The core
 * runs all finishers in id order, each on the previous one's output.
 */
public interface InventoryFinisher {

  /**
   * Returns the stable, kebab-case id.
   *
   * @return the id; never null
   */
  String id();

  /**
   * Returns the version of this finisher's behaviour.
   *
   * @return the version; never null
   */
  String version();

  /**
   * Finishes the inventory.
   *
   * @param os the detected OS, or null when none was found
   * @param packages the merged packages; unmodifiable
   * @return the packages to report; never null
   */
  List<Package> finish(OsRelease os, List<Package> packages);
}
