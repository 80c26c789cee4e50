package dev.stowaway.analyzers.os.rpm;

import dev.stowaway.analyzers.os.ecosystem.OsPackageUrl;
import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.LayerEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Lists rpm packages from the rpm database of a layer, in any of its three formats, recognised by their
 * magic bytes rather than their names:
 *
 * <ul>
 *   <li>SQLite ({@code rpmdb.sqlite}: Fedora 33+, RHEL 9, Amazon Linux 2023, CBL-Mariner 2), table
 *       {@code Packages(hnum, blob)}, read with sqlite-jdbc from a private temporary copy that is deleted
 *       afterwards (SQLite needs a file);
 *   <li>BerkeleyDB hash ({@code Packages}: RHEL/CentOS 7-8, older SUSE), read by {@link BdbHashPackages};
 *   <li>NDB ({@code Packages.db}: SUSE 15 and later), read by {@link NdbPackages}.
 * </ul>
 *
 * <p>Each header blob is parsed by {@link RpmHeader}. A package has ecosystem {@code rpm}, version
 * {@code [EPOCH:]VERSION-RELEASE} (the epoch only when non-zero), a purl without namespace or distro
 * ({@code pkg:rpm/NAME@VERSION-RELEASE?arch=ARCH&epoch=EPOCH}; the {@code OsPackageEcosystemFinisher}
 * adds them after the merge), the source package from {@code SOURCERPM}, the licence, the vendor and
 * modularity label as properties, and the files from {@code DIRNAMES}/{@code BASENAMES}/{@code DIRINDEXES}.
 * The {@code gpg-pubkey} pseudo-packages (imported signing keys) are reported like {@code rpm -qa} does.
 *
 * <p>The database is buffered in memory up to {@code ScanLimits.maxBufferedEntryBytes}; a larger file
 * is skipped with an issue. A malformed header skips that package with an issue. Stateless; thread-safe.
 */
public final class RpmDatabaseAnalyzer implements Analyzer {

  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private static final EntrySelector SELECTOR = EntrySelector.builder()
      .paths("var/lib/rpm/Packages", "var/lib/rpm/Packages.db", "var/lib/rpm/rpmdb.sqlite",
          "usr/lib/sysimage/rpm/Packages", "usr/lib/sysimage/rpm/Packages.db",
          "usr/lib/sysimage/rpm/rpmdb.sqlite")
      .build();

  /** Creates the analyzer; it has no configuration. */
  public RpmDatabaseAnalyzer() {}

  /** {@inheritDoc} */
  @Override
  public String id() {
    return "rpm";
  }

  /** {@inheritDoc} */
  @Override
  public String version() {
    return "1";
  }

  /** {@inheritDoc} */
  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  /**
   * Reads the database and reports its packages. Does not close the stream.
   *
   * @param entry the database file; not null
   * @param content its bytes; not null
   * @param context the layer's context; not null
   * @throws IOException if reading fails or the temporary copy of a SQLite database cannot be written
   */
  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext context) throws IOException {
    String path = entry.path();
    long limit = context.limits().maxBufferedEntryBytes();
    byte[] db = readBounded(content, limit);
    if (db == null) {
      context.addIssue(path, "rpm database larger than the buffering limit of " + limit + " bytes; not read");
      return;
    }
    if (db.length == 0) {
      return;
    }
    List<String> problems = new ArrayList<>();
    List<Package> out = new ArrayList<>();
    if (startsWith(db, SQLITE_MAGIC)) {
      for (byte[] blob : sqliteBlobs(db, problems)) {
        addPackage(blob, 0, blob.length, path, context, out, problems);
      }
    } else if (NdbPackages.matches(db)) {
      for (NdbPackages.Blob b : NdbPackages.blobs(db, problems)) {
        addPackage(db, b.offset(), b.length(), path, context, out, problems);
      }
    } else if (BdbHashPackages.matches(db)) {
      BdbHashPackages.blobs(db, limit, problems, blob -> addPackage(blob, 0, blob.length, path, context, out, problems));
    } else {
      context.addIssue(path, "not an rpm database (no SQLite, NDB or BerkeleyDB hash magic)");
      return;
    }
    problems.stream().limit(20).forEach(p -> context.addIssue(path, p));
    if (problems.size() > 20) {
      context.addIssue(path, (problems.size() - 20) + " more problems not listed");
    }
    out.forEach(context::addPackage);
  }

  private static void addPackage(byte[] blob, int off, int len, String path, AnalysisContext context,
      List<Package> out, List<String> problems) {
    try {
      out.add(toPackage(RpmHeader.parse(blob, off, len), path, context));
    } catch (RpmHeader.MalformedHeaderException e) {
      problems.add("malformed package header: " + e.getMessage());
    }
  }

  /** Builds the package from a parsed header. */
  static Package toPackage(RpmHeader h, String path, AnalysisContext context)
      throws RpmHeader.MalformedHeaderException {
    String name = h.string(RpmHeader.NAME);
    if (name == null || name.isEmpty()) {
      throw new RpmHeader.MalformedHeaderException("no NAME");
    }
    String version = h.string(RpmHeader.VERSION);
    String release = h.string(RpmHeader.RELEASE);
    long[] epochs = h.ints(RpmHeader.EPOCH);
    Long epoch = epochs.length > 0 && epochs[0] != 0 ? epochs[0] : null;
    String vr = version == null ? null : release == null || release.isEmpty() ? version : version + "-" + release;
    String arch = blankToNull(h.string(RpmHeader.ARCH));
    Map<String, String> q = new TreeMap<>();
    if (arch != null) {
      q.put("arch", arch);
    }
    if (epoch != null) {
      q.put("epoch", Long.toString(epoch));
    }
    Package.Builder b = Package.builder("rpm", name, vr == null ? null : epoch == null ? vr : epoch + ":" + vr)
        .purl(new OsPackageUrl("rpm", null, name, vr, q).toString())
        .arch(arch)
        .location(context.location(path))
        .installedFiles(files(h));
    String sourceRpm = blankToNull(h.string(RpmHeader.SOURCERPM));
    String[] src = sourceRpm == null ? null : splitSourceRpm(sourceRpm);
    if (src != null) {
      b.source(src[0], src[1]);
      b.property("sourceRpm", sourceRpm);
    } else {
      b.source(name, vr);
    }
    String license = blankToNull(h.string(RpmHeader.LICENSE));
    if (license != null) {
      b.licenses(List.of(license));
    }
    String vendor = blankToNull(h.string(RpmHeader.VENDOR));
    if (vendor != null) {
      b.property("vendor", vendor);
    }
    String modularity = blankToNull(h.string(RpmHeader.MODULARITYLABEL));
    if (modularity != null) {
      b.property("modularityLabel", modularity);
    }
    if (epoch != null) {
      b.property("epoch", Long.toString(epoch));
    }
    return b.build();
  }

  /** {@code util-linux-2.32.1-42.el8_8.src.rpm} to {@code [util-linux, 2.32.1-42.el8_8]}; null if odd. */
  static String[] splitSourceRpm(String s) {
    String base = s;
    for (String suffix : List.of(".src.rpm", ".nosrc.rpm", ".rpm")) {
      if (base.endsWith(suffix)) {
        base = base.substring(0, base.length() - suffix.length());
        break;
      }
    }
    int r = base.lastIndexOf('-');
    int v = r <= 0 ? -1 : base.lastIndexOf('-', r - 1);
    if (v <= 0) {
      return null;
    }
    return new String[] {base.substring(0, v), base.substring(v + 1)};
  }

  private static List<String> files(RpmHeader h) throws RpmHeader.MalformedHeaderException {
    List<String> bases = h.stringArray(RpmHeader.BASENAMES);
    if (bases.isEmpty()) {
      return List.of();
    }
    List<String> dirs = h.stringArray(RpmHeader.DIRNAMES);
    long[] idx = h.ints(RpmHeader.DIRINDEXES);
    if (idx.length != bases.size()) {
      throw new RpmHeader.MalformedHeaderException("DIRINDEXES and BASENAMES differ in length");
    }
    List<String> out = new ArrayList<>(bases.size());
    for (int i = 0; i < bases.size(); i++) {
      if (idx[i] < 0 || idx[i] >= dirs.size()) {
        throw new RpmHeader.MalformedHeaderException("DIRINDEXES points past DIRNAMES");
      }
      String p = dirs.get((int) idx[i]) + bases.get(i);
      while (p.startsWith("/")) {
        p = p.substring(1);
      }
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Copies the database to a private temporary directory, reads {@code Packages.blob} in {@code hnum}
   * order and deletes the copy. {@code immutable=1} keeps SQLite from creating WAL or lock files.
   */
  private static List<byte[]> sqliteBlobs(byte[] db, List<String> problems) throws IOException {
    Path dir = Files.createTempDirectory("stowaway-rpmdb");
    try {
      Path file = dir.resolve("rpmdb.sqlite");
      Files.write(file, db);
      List<byte[]> out = new ArrayList<>();
      String url = "jdbc:sqlite:file:" + file.toAbsolutePath() + "?immutable=1&mode=ro";
      try (Connection c = DriverManager.getConnection(url);
           Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT blob FROM Packages ORDER BY hnum")) {
        while (rs.next()) {
          byte[] blob = rs.getBytes(1);
          if (blob != null) {
            out.add(blob);
          }
        }
      } catch (SQLException e) {
        problems.add("cannot read the SQLite rpm database: " + e.getMessage());
      }
      return out;
    } finally {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static byte[] readBounded(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + (long) n > limit) {
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
