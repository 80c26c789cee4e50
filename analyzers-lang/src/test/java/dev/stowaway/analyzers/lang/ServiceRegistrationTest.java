package dev.stowaway.analyzers.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.InventoryFinisher;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The exact analyzers and finishers this module registers, by id (ids must stay unique and stable). */
class ServiceRegistrationTest {

  @Test
  void analyzerIds() {
    assertThat(ServiceLoader.load(Analyzer.class).stream()
        .filter(p -> p.type().getPackageName().startsWith("dev.stowaway.analyzers.lang"))
        .map(p -> p.get().id()).toList())
        .containsExactlyInAnyOrder("java-archive", "jdk-release", "python-metadata", "python-egg", "python-lock", "npm", "yarn-lock",
            "pnpm-lock", "bun-lock", "executable", "go-mod", "cargo-lock", "gemspec", "gemfile-lock", "composer",
            "dotnet");
  }

  @Test
  void finisherIds() {
    assertThat(ServiceLoader.load(InventoryFinisher.class).stream()
        .filter(p -> p.type().getPackageName().startsWith("dev.stowaway.analyzers.lang"))
        .map(p -> p.get().id()).toList())
        .containsExactlyInAnyOrder("npm-dedupe", "package-ownership");
  }
}
