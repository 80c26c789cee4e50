package dev.stowaway.analyzers.lang.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.analyzers.lang.python.PythonLockAnalyzer;
import dev.stowaway.analyzers.lang.rust.CargoLockAnalyzer;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.core.testing.RecordingAnalysisContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every tomlj error is an issue naming the file, never an exception out of an analyzer. Fuzzing
 * ({@code CargoLockFuzzTest}, {@code PythonLockFuzzTest}) found the thrown {@code TomlParseError} of an
 * invalid escape; the inputs are kept in their {@code *Inputs} folders.
 */
class TomlTextTest {

  private static final String INVALID_ESCAPE = "version = 3\n\n[[package]]\nname = \"serde\\E\"\nversion = \"1.0.0\"\n";

  private static RecordingAnalysisContext feed(Analyzer a, String path, String text) {
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    assertThat(ctx.feed(a, path, text)).as("selected").isTrue(); // an exception would be an issue with its toString
    return ctx;
  }

  @Test
  void invalidEscapeInCargoLockIsAnIssue() {
    RecordingAnalysisContext ctx = feed(new CargoLockAnalyzer(), "app/Cargo.lock", INVALID_ESCAPE);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).singleElement().satisfies(i -> {
      assertThat(i.path()).isEqualTo("app/Cargo.lock");
      assertThat(i.message()).startsWith("malformed Cargo.lock: ").contains("escape");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"poetry.lock", "uv.lock"})
  void invalidEscapeInPythonLockIsAnIssue(String name) {
    RecordingAnalysisContext ctx = feed(new PythonLockAnalyzer(), "app/" + name, INVALID_ESCAPE);
    assertThat(ctx.packages).isEmpty();
    assertThat(ctx.issues).singleElement().satisfies(i -> assertThat(i.message()).startsWith("malformed " + name + ": "));
  }

  @Test
  void listedSyntaxErrorsAreIssuesToo() {
    RecordingAnalysisContext ctx = feed(new CargoLockAnalyzer(), "app/Cargo.lock", "[[package]\nname =");
    assertThat(ctx.issues).singleElement().satisfies(i -> assertThat(i.message()).startsWith("malformed Cargo.lock: "));
  }
}
