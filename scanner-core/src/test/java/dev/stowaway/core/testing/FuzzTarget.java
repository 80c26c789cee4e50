package dev.stowaway.core.testing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.walk.LayerEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The generic fuzz harness: a fuzz target is one small subclass that says what to do with the bytes
 * ({@link #fuzz}) and where its seeds are ({@link #seeds}).
 *
 * <p>Each subclass gets two tests:
 * <ul>
 *   <li>{@code seedCorpus}: runs {@link #fuzz} over every seed file (real fixtures read in place from
 *       {@code ../shared/testdata}); when {@code JAZZER_FUZZ} is set it also copies them into Jazzer's
 *       generated corpus folder ({@code .cifuzz-corpus/<class>/fuzzTarget}) so a fuzzing run starts from them.</li>
 *   <li>{@code fuzzTarget}: a Jazzer {@link FuzzTest}. In the normal build (regression mode) it runs the
 *       empty input plus every file in {@code src/test/resources/<package>/<Class>Inputs/fuzzTarget/}: the
 *       crash reproducers we keep. With {@code JAZZER_FUZZ=1} it fuzzes (see docs/fuzzing.md).</li>
 * </ul>
 * The contract a target checks: {@link #fuzz} may throw only the exception types of {@link #expected()};
 * anything else (a {@link RuntimeException}, {@link StackOverflowError}, {@link OutOfMemoryError}) escapes
 * and is a crash. Jazzer reports hangs (over its per-input timeout) as crashes too.
 *
 * <p>Not thread-safe; JUnit makes one instance per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FuzzTarget {

  /** Seeds larger than this are left out: they slow the build and the fuzzer truncates them anyway. */
  private static final long MAX_SEED_BYTES = 1 << 20;
  /** Fuzzing starts only from seeds up to this size: large seeds make every execution slow. */
  private static final long MAX_FUZZ_SEED_BYTES = 64 << 10;

  /**
   * Runs the code under test on one input.
   *
   * @param data the input; not null
   * @throws Exception only of the types {@link #expected()} lists, when the input is rejected cleanly
   */
  protected abstract void fuzz(byte[] data) throws Exception;

  /**
   * The seed files. Default: none.
   *
   * @return files to run in {@code seedCorpus} and to start fuzzing from; the caller closes the stream
   */
  protected Stream<Path> seeds() {
    return Stream.empty();
  }

  /**
   * The exception types that mean "input rejected cleanly". Default: {@link IOException}.
   *
   * @return the types; not null
   */
  protected List<Class<? extends Throwable>> expected() {
    return List.of(IOException.class);
  }

  /** When fuzzing, copies the seeds into Jazzer's corpus folder before the fuzzer starts reading it. */
  @BeforeAll
  void exportSeedsWhenFuzzing() throws IOException {
    String fuzz = System.getenv("JAZZER_FUZZ");
    if (fuzz == null || fuzz.isEmpty()) {
      return;
    }
    Path corpus = Path.of(".cifuzz-corpus", getClass().getName(), "fuzzTarget");
    Files.createDirectories(corpus);
    int i = 0;
    for (Path f : seedFiles()) {
      if (Files.size(f) > MAX_FUZZ_SEED_BYTES) {
        continue;
      }
      Files.copy(f, corpus.resolve("seed-" + (i++) + "-" + f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Runs every seed file through the target. */
  @TestFactory
  Stream<DynamicTest> seedCorpus() {
    return seedFiles().stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> check(Files.readAllBytes(f))));
  }

  private List<Path> seedFiles() {
    try (Stream<Path> s = seeds()) {
      return s.filter(Files::isRegularFile).filter(FuzzTarget::smallEnough).sorted().toList();
    }
  }

  /**
   * The fuzz test. One fuzzing run ({@code JAZZER_FUZZ=1}) lasts 90 s; scripts/fuzz.sh repeats runs, each
   * resuming from the corpus the last one grew.
   *
   * @param data Jazzer's input
   * @throws Throwable whatever the target throws outside its contract
   */
  @FuzzTest(maxDuration = "90s")
  void fuzzTarget(byte[] data) throws Throwable {
    check(data);
  }

  private void check(byte[] data) throws Throwable {
    try {
      fuzz(data);
    } catch (Throwable t) {
      for (Class<? extends Throwable> ok : expected()) {
        if (ok.isInstance(t)) {
          return;
        }
      }
      throw t;
    }
  }

  private static boolean smallEnough(Path p) {
    try {
      return Files.size(p) <= MAX_SEED_BYTES;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every regular file under a folder of {@code ../shared/testdata} whose path passes a test (read in place).
   *
   * @param relative folder under the shared test data, such as {@code fixtures/dpkg}
   * @param path which files to take, by their path relative to that folder with {@code /} separators
   * @return the files; the caller closes the stream
   */
  protected static Stream<Path> testdata(String relative, Predicate<String> path) {
    try {
      Path root = SharedTestData.testdata(relative);
      return Files.walk(root)
          .filter(p -> path.test(root.relativize(p).toString().replace('\\', '/')));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Offers the bytes to an analyzer as the file {@code path} of a layer, the way the walker does, then
   * finishes the layer. Fails if the analyzer's selector does not take that path, or if the analyzer
   * closes the stream it does not own.
   *
   * @param analyzer a fresh analyzer; not null
   * @param path the image path; not null
   * @param data the file's bytes
   * @return what the analyzer recorded
   * @throws IOException if the analyzer rejects the input (allowed by the {@link Analyzer} contract)
   */
  protected static RecordingAnalysisContext analyze(Analyzer analyzer, String path, byte[] data) throws IOException {
    LayerEntry entry = LayerEntry.file(path, data.length);
    if (!analyzer.selector().matches(entry)) {
      throw new AssertionError(analyzer.id() + " does not select " + path + "; the fuzz target tests nothing");
    }
    RecordingAnalysisContext ctx = new RecordingAnalysisContext();
    ThrottledInputStream in = new ThrottledInputStream(new ByteArrayInputStream(data), Integer.MAX_VALUE);
    analyzer.analyze(entry, in, ctx);
    if (in.wasClosed()) {
      throw new AssertionError(analyzer.id() + " closed the stream it does not own");
    }
    analyzer.finishLayer(ctx);
    return ctx;
  }
}
