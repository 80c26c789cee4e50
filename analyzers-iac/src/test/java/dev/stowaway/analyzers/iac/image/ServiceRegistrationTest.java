package dev.stowaway.analyzers.iac.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.analysis.ConfigAnalyzer;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ServiceRegistrationTest {
  @Test
  void configAnalyzerIsRegistered() {
    assertThat(ServiceLoader.load(ConfigAnalyzer.class).stream().map(p -> p.type().getName()))
        .contains(ImageConfigMisconfigAnalyzer.class.getName());
  }

  @Test
  void setuidAnalyzerIsRegistered() {
    assertThat(ServiceLoader.load(Analyzer.class).stream().map(p -> p.type().getName()))
        .contains(SetuidFileAnalyzer.class.getName());
  }
}
