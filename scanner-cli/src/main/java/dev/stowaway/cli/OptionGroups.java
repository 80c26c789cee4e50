package dev.stowaway.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * A command whose options are partly declared without annotations: the groups it shares with {@code scan}
 * ({@link ReportOptions}, {@link LayerCacheOptions}, {@link RegistryFlags}), which {@code scan} declares
 * through picocli's programmatic API (see {@link OptionBinding}). {@link StowawayCommand#model} adds them
 * to the model picocli built from the command's own annotations.
 */
interface OptionGroups {

  /**
   * Adds the command's option groups.
   *
   * @param spec the command's model, built from its annotations
   */
  void addOptionGroups(CommandSpec spec);
}
