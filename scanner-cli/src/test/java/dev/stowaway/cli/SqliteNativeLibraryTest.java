package dev.stowaway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/** The driver's native library, copied once into the cache folder instead of to a temporary file per run. */
class SqliteNativeLibraryTest {

  @TempDir
  Path cache;

  private String savedPath;
  private String savedName;

  @BeforeEach
  void clearProperties() {
    savedPath = System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
    savedName = System.clearProperty(SqliteNativeLibrary.NAME_PROPERTY);
  }

  @AfterEach
  void restoreProperties() {
    System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
    System.clearProperty(SqliteNativeLibrary.NAME_PROPERTY);
    if (savedPath != null) {
      System.setProperty(SqliteNativeLibrary.PATH_PROPERTY, savedPath);
    }
    if (savedName != null) {
      System.setProperty(SqliteNativeLibrary.NAME_PROPERTY, savedName);
    }
  }

  private static byte[] jarCopy() throws IOException {
    String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void copiesTheLibraryOnceUnderItsVersionAndPointsTheDriverAtIt() throws Exception {
    Path lib = SqliteNativeLibrary.use(cache);

    assertThat(lib).isNotNull();
    assertThat(lib.getParent()).isEqualTo(cache.resolve("native").resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion())
        .resolve(SqliteNativeLibrary.platform()));
    assertThat(Files.readAllBytes(lib)).isEqualTo(jarCopy());
    assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo(lib.getParent().toString());
    assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isEqualTo(lib.getFileName().toString());
    try (Stream<Path> files = Files.list(lib.getParent())) {
      assertThat(files).as("no temporary file left").containsExactly(lib);
    }

    // A second run finds the copy and does not write it again.
    FileTime written = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(lib, written);
    clearProperties();
    assertThat(SqliteNativeLibrary.use(cache)).isEqualTo(lib);
    assertThat(Files.getLastModifiedTime(lib)).isEqualTo(written);
  }

  @Test
  void platformIsTheJvmsOsNameAndArchAsAFolderName() {
    assertThat(SqliteNativeLibrary.platform()).matches("[A-Za-z0-9._-]+")
        .endsWith("-" + System.getProperty("os.arch"))
        .startsWith(System.getProperty("os.name").split(" ")[0]);
  }

  @Test
  void leavesPropertiesTheUserSetAlone() {
    System.setProperty(SqliteNativeLibrary.PATH_PROPERTY, "/opt/sqlite");
    assertThat(SqliteNativeLibrary.use(cache)).isNull();
    assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo("/opt/sqlite");
    assertThat(cache.resolve("native")).doesNotExist();
  }

  @Test
  void anUnwritableCacheLeavesTheDriverToItsOwnExtraction() throws IOException {
    Path notADirectory = Files.writeString(cache.resolve("file"), "x");
    assertThat(SqliteNativeLibrary.use(notADirectory)).isNull();
    assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isNull();
    assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isNull();
  }

  @Test
  void aScanWithAnExistingCacheFolderUsesTheCachedLibrary() {
    // The CLI hook: the scan's --cache-dir exists, so the library lands there (the scan itself fails: no image).
    CliRunner r = CliRunner.run("scan", "--cache-dir", cache.toString(), "--skip-db",
        "oci:" + cache.resolve("missing"));
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_OR_INPUT);
    assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).startsWith(cache.resolve("native").toString());
  }

  @Test
  void aMissingCacheFolderIsNotCreated() {
    Path missing = cache.resolve("none");
    CliRunner.run("scan", "--cache-dir", missing.toString(), "--skip-db", "--no-cache", "oci:" + cache.resolve("x"));
    assertThat(missing).doesNotExist();
    assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isNull();
  }
}
