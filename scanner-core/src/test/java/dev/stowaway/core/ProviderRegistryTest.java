package dev.stowaway.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowaway.api.analysis.Analyzer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {

  @Test
  void brokenPlugInIsAClearSetUpErrorNamingTheClass(@TempDir Path tmp) throws Exception {
    Path services = Files.createDirectories(tmp.resolve("META-INF/services"));
    Files.writeString(services.resolve(Analyzer.class.getName()), "com.example.MissingAnalyzer\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> Scanner.builder().classLoader(loader).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot load a plug-in (Analyzer)").hasMessageContaining("com.example.MissingAnalyzer");
    }
  }
}
