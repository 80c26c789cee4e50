package dev.stowaway.core.drift;

import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Package;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.image.RootfsImage;
import dev.stowaway.core.image.RootfsImageSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Finds runtime drift: what changed in a root filesystem (a running container's root, an exported
 * container) since the image it was started from was built. Compares the image's final file view with
 * the directory's, path by path (type, size, mode with setuid/setgid, numeric owner, content sha256,
 * symlink target; never times), and the two package inventories. Each difference is one
 * {@link MisconfigurationFinding} with an id from the constants below:
 *
 * <table>
 *   <caption>Drift findings</caption>
 *   <tr><th>id</th><th>severity</th><th>when</th></tr>
 *   <tr><td>{@value #ADDED_SETUID}</td><td>critical</td><td>a new setuid/setgid file, or a file that gained the bit</td></tr>
 *   <tr><td>{@value #ADDED_EXECUTABLE}</td><td>high</td><td>a new executable file, or a file that became executable</td></tr>
 *   <tr><td>{@value #MODIFIED_EXECUTABLE}</td><td>high</td><td>an executable whose content changed</td></tr>
 *   <tr><td>{@value #MODIFIED_FILE}</td><td>medium</td><td>a file whose content changed</td></tr>
 *   <tr><td>{@value #TYPE_CHANGED}</td><td>medium</td><td>a path that is now another kind (a file became a link)</td></tr>
 *   <tr><td>{@value #MODIFIED_LINK}</td><td>medium</td><td>a symlink that points elsewhere</td></tr>
 *   <tr><td>{@value #MODIFIED_MODE}</td><td>medium</td><td>permissions changed</td></tr>
 *   <tr><td>{@value #MODIFIED_OWNER}</td><td>medium</td><td>numeric owner or group changed</td></tr>
 *   <tr><td>{@value #PACKAGE_ADDED}</td><td>medium</td><td>a package installed after the build</td></tr>
 *   <tr><td>{@value #PACKAGE_CHANGED}</td><td>medium</td><td>a package at another version than in the image</td></tr>
 *   <tr><td>{@value #ADDED_FILE}</td><td>low</td><td>a new non-executable file, symlink or special file</td></tr>
 *   <tr><td>{@value #ADDED_DIRECTORY}</td><td>low</td><td>a new directory</td></tr>
 *   <tr><td>{@value #REMOVED}</td><td>low</td><td>a path of the image that is gone</td></tr>
 *   <tr><td>{@value #PACKAGE_REMOVED}</td><td>low</td><td>a package of the image that is gone</td></tr>
 * </table>
 * A path with several changes gives one finding, with the id of its worst change and every change in
 * the title. Excluded paths (default {@link RootfsImageSource#DEFAULT_EXCLUDED}, plus those the
 * root filesystem was opened with) are compared on neither side; paths the directory walk could not
 * read are not reported as removed but listed as issues.
 *
 * <p>Immutable and thread-safe: one detector can compare several pairs at once.
 */
public final class DriftDetector {

  /** A new setuid or setgid file, or one that gained the bit. */
  public static final String ADDED_SETUID = "DRIFT-ADDED-SETUID";
  /** A new executable file, or one that became executable. */
  public static final String ADDED_EXECUTABLE = "DRIFT-ADDED-EXECUTABLE";
  /** A new non-executable file, symlink or special file. */
  public static final String ADDED_FILE = "DRIFT-ADDED-FILE";
  /** A new directory. */
  public static final String ADDED_DIRECTORY = "DRIFT-ADDED-DIRECTORY";
  /** An executable whose content changed. */
  public static final String MODIFIED_EXECUTABLE = "DRIFT-MODIFIED-EXECUTABLE";
  /** A file whose content changed. */
  public static final String MODIFIED_FILE = "DRIFT-MODIFIED-FILE";
  /** A symlink that points elsewhere. */
  public static final String MODIFIED_LINK = "DRIFT-MODIFIED-LINK";
  /** Permissions changed. */
  public static final String MODIFIED_MODE = "DRIFT-MODIFIED-MODE";
  /** Numeric owner or group changed. */
  public static final String MODIFIED_OWNER = "DRIFT-MODIFIED-OWNER";
  /** A path that is now of another type. */
  public static final String TYPE_CHANGED = "DRIFT-TYPE-CHANGED";
  /** A path of the image that is gone. */
  public static final String REMOVED = "DRIFT-REMOVED";
  /** A package installed after the build. */
  public static final String PACKAGE_ADDED = "DRIFT-PACKAGE-ADDED";
  /** A package at another version than in the image. */
  public static final String PACKAGE_CHANGED = "DRIFT-PACKAGE-CHANGED";
  /** A package of the image that is gone. */
  public static final String PACKAGE_REMOVED = "DRIFT-PACKAGE-REMOVED";

  private static final Comparator<MisconfigurationFinding> ORDER = Comparator
      .comparing(MisconfigurationFinding::severity)
      .thenComparing(MisconfigurationFinding::id)
      .thenComparing(f -> f.location() == null ? "" : f.location().path());

  private final Scanner scanner;
  private final ScanLimits limits;
  private final Set<String> excluded;
  private final boolean packages;

  private DriftDetector(Builder b) {
    this.scanner = b.scanner;
    this.limits = b.limits;
    this.excluded = RootfsImageSource.normalizeExcluded(b.excluded);
    this.packages = b.packages;
  }

  /**
   * Starts a configuration: the default scanner (analyzers from the class path) for package
   * inventories, default limits, the default excluded paths.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Compares a root filesystem with an image: reads the image's layers and the directory twice each
   * (once for the file views, once for the package inventories), the directory on a second thread.
   * Closes neither.
   *
   * @param image the image the container was started from; not null
   * @param rootfs the root filesystem, opened with {@link RootfsImageSource}; not null
   * @return the drift
   * @throws IOException if the image or the directory cannot be read (a layer that does not match its
   *     digests fails with {@link dev.stowaway.api.image.ImageFormatException})
   */
  public DriftReport detect(Image image, RootfsImage rootfs) throws IOException {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(rootfs, "rootfs");
    // The two sides are independent: the directory is read on a second thread while this one reads the image.
    ExecutorService other = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "stowaway-drift-rootfs");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<Side> dir = other.submit(() -> side(rootfs, FileView.ofRootfs(rootfs, limits)));
      Side img = side(image, FileView.ofImage(image, limits));
      Side root = await(dir);
      Set<String> skip = new HashSet<>(excluded);
      skip.addAll(rootfs.excluded());
      return compare(image.name(), rootfs.name(), img.files(), root.files(), img.packages(), root.packages(), skip);
    } finally {
      other.shutdownNow();
    }
  }

  /** One side of the comparison. */
  private record Side(FileView files, List<Package> packages) {}

  private Side side(Image image, FileView files) throws IOException {
    return new Side(files, packages ? scanner.scan(image).packages() : List.of());
  }

  private static Side await(Future<Side> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new InterruptedIOException("drift detection interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  /**
   * Compares two file views and two package inventories, without any I/O: the building block for
   * embedders that already hold them.
   *
   * @param imageName names the image in the report; not null
   * @param rootfsName names the root filesystem in the report; not null
   * @param image the image's file view; not null
   * @param rootfs the root filesystem's file view; its issues name paths that could not be read; not null
   * @param imagePackages the image's inventory; not null
   * @param rootfsPackages the root filesystem's inventory; not null
   * @return the drift; excluded paths are those this detector was built with
   */
  public DriftReport compare(String imageName, String rootfsName, FileView image, FileView rootfs,
      List<Package> imagePackages, List<Package> rootfsPackages) {
    return compare(imageName, rootfsName, image, rootfs, imagePackages, rootfsPackages, excluded);
  }

  private static DriftReport compare(String imageName, String rootfsName, FileView image, FileView rootfs,
      List<Package> imagePackages, List<Package> rootfsPackages, Set<String> skip) {
    List<MisconfigurationFinding> out = new ArrayList<>();
    List<AnalysisIssue> issues = new ArrayList<>(image.issues());
    issues.addAll(rootfs.issues());
    Set<String> unreadable = new HashSet<>();
    for (AnalysisIssue i : rootfs.issues()) {
      if (i.location() != null) {
        unreadable.add(i.location().path());
      }
    }
    TreeMap<String, FileState> union = new TreeMap<>(image.files());
    rootfs.files().forEach(union::putIfAbsent);
    long compared = 0;
    for (String path : union.keySet()) {
      if (under(path, skip)) {
        continue;
      }
      compared++;
      FileState before = image.files().get(path);
      FileState after = rootfs.files().get(path);
      if (before == null) {
        out.add(added(path, after));
      } else if (after == null) {
        if (!under(path, unreadable)) {
          out.add(finding(REMOVED, Severity.LOW, "Removed after build: " + path + " (" + kind(before) + ")",
              "Find out what deleted it; restore the container from its image if the deletion was not intended.",
              path, before));
        }
      } else {
        MisconfigurationFinding m = modified(path, before, after);
        if (m != null) {
          out.add(m);
        }
      }
    }
    packageDrift(filter(imagePackages, skip), filter(rootfsPackages, skip), out);
    out.sort(ORDER);
    return new DriftReport(imageName, rootfsName, out, issues, compared);
  }

  private static MisconfigurationFinding added(String path, FileState s) {
    if (s.setuidOrSetgid()) {
      return finding(ADDED_SETUID, Severity.CRITICAL, "New " + setuidWord(s.mode()) + " file after build: " + path
          + " (mode " + octal(s.mode()) + ", owner " + s.uid() + ":" + s.gid() + ")",
          "A setuid/setgid program added at run time is a privilege-escalation path: investigate, and rebuild"
              + " or restart the container from its image.", path, null);
    }
    if (s.executable()) {
      return finding(ADDED_EXECUTABLE, Severity.HIGH, "New executable after build: " + path + " (mode "
          + octal(s.mode()) + ", owner " + s.uid() + ":" + s.gid() + ")",
          "Containers should run only what their image holds: find out where it came from; bake needed tools"
              + " into the image.", path, null);
    }
    if (s.type() == EntryType.DIRECTORY) {
      return finding(ADDED_DIRECTORY, Severity.LOW, "Directory added after build: " + path,
          "If the application writes here, mount a volume for it.", path, null);
    }
    String what = s.type() == EntryType.SYMLINK ? "Symbolic link added after build: " + path + " -> " + s.linkTarget()
        : s.type() == EntryType.OTHER ? "Special file added after build: " + path
        : "File added after build: " + path + " (" + s.size() + " bytes)";
    return finding(ADDED_FILE, Severity.LOW, what,
        "If the application writes here, mount a volume for it; otherwise find out what wrote it.", path, null);
  }

  /** One finding for every change of one path, with the id of the worst change; null when unchanged. */
  private static MisconfigurationFinding modified(String path, FileState b, FileState a) {
    List<String> changes = new ArrayList<>();
    String id = null;
    Severity sev = null;
    String[] best = {null};
    Severity[] worst = {null};
    if (b.type() != a.type()) {
      changes.add("type " + kind(b) + " -> " + kind(a));
      pick(best, worst, a.setuidOrSetgid() ? ADDED_SETUID : a.executable() ? ADDED_EXECUTABLE : TYPE_CHANGED,
          a.setuidOrSetgid() ? Severity.CRITICAL : a.executable() ? Severity.HIGH : Severity.MEDIUM);
    } else {
      if (a.type() == EntryType.FILE && (b.size() != a.size() || !Objects.equals(b.sha256(), a.sha256()))) {
        changes.add("content " + shortDigest(b) + " -> " + shortDigest(a)
            + (b.size() != a.size() ? ", size " + b.size() + " -> " + a.size() : ""));
        boolean exec = b.executable() || a.executable();
        pick(best, worst, exec ? MODIFIED_EXECUTABLE : MODIFIED_FILE, exec ? Severity.HIGH : Severity.MEDIUM);
      }
      if (a.type() == EntryType.SYMLINK && !Objects.equals(b.linkTarget(), a.linkTarget())) {
        changes.add("target " + b.linkTarget() + " -> " + a.linkTarget());
        pick(best, worst, MODIFIED_LINK, Severity.MEDIUM);
      }
    }
    boolean metadataKnown = !b.implied() && a.type() != EntryType.SYMLINK;
    if (metadataKnown && b.mode() != a.mode()) {
      changes.add("mode " + octal(b.mode()) + " -> " + octal(a.mode()));
      int gained = a.mode() & ~b.mode();
      if (a.type() == EntryType.FILE && (gained & 06000) != 0) {
        pick(best, worst, ADDED_SETUID, Severity.CRITICAL);
      } else if (a.type() == EntryType.FILE && (gained & 0111) != 0 && (b.mode() & 0111) == 0) {
        pick(best, worst, ADDED_EXECUTABLE, Severity.HIGH);
      } else {
        pick(best, worst, MODIFIED_MODE, Severity.MEDIUM);
      }
    }
    if (!b.implied() && (b.uid() != a.uid() || b.gid() != a.gid())) {
      changes.add("owner " + b.uid() + ":" + b.gid() + " -> " + a.uid() + ":" + a.gid());
      pick(best, worst, MODIFIED_OWNER, Severity.MEDIUM);
    }
    if (changes.isEmpty()) {
      return null;
    }
    id = best[0];
    sev = worst[0];
    String remediation = switch (id) {
      case ADDED_SETUID -> "A file that became setuid/setgid at run time is a privilege-escalation path: investigate,"
          + " and restart the container from its image.";
      case MODIFIED_EXECUTABLE -> "A program changed after build: treat the container as compromised until you know"
          + " why; restart it from its image.";
      default -> "Find out what changed it; keep state on volumes and restart the container from its image.";
    };
    return finding(id, sev, "Modified after build: " + path + " (" + String.join("; ", changes) + ")", remediation,
        path, b);
  }

  private static void pick(String[] best, Severity[] worst, String id, Severity s) {
    if (worst[0] == null || s.ordinal() < worst[0].ordinal()) {
      best[0] = id;
      worst[0] = s;
    }
  }

  private static void packageDrift(List<Package> before, List<Package> after, List<MisconfigurationFinding> out) {
    Map<String, SortedSet<String>> b = versions(before);
    Map<String, SortedSet<String>> a = versions(after);
    Map<String, Package> sample = new TreeMap<>();
    before.forEach(p -> sample.putIfAbsent(key(p), p));
    after.forEach(p -> sample.put(key(p), p));
    for (Map.Entry<String, Package> e : sample.entrySet()) {
      Package p = e.getValue();
      SortedSet<String> was = b.get(e.getKey());
      SortedSet<String> now = a.get(e.getKey());
      String what = p.ecosystem() + " package " + p.name() + (p.arch() == null ? "" : " (" + p.arch() + ")");
      Location where = new Location(null, p.location().path(), p.location().nestedPath());
      if (was == null) {
        out.add(new MisconfigurationFinding(PACKAGE_ADDED, Severity.MEDIUM, "Package installed after build: "
            + what + " " + String.join(", ", now), "Install packages in the image build, not in running containers;"
            + " find out who installed it.", null, where, 0));
      } else if (now == null) {
        out.add(new MisconfigurationFinding(PACKAGE_REMOVED, Severity.LOW, "Package removed after build: " + what
            + " " + String.join(", ", was), "Find out what removed it; restart the container from its image.",
            null, where, 0));
      } else if (!was.equals(now)) {
        out.add(new MisconfigurationFinding(PACKAGE_CHANGED, Severity.MEDIUM, "Package changed after build: " + what
            + " " + String.join(", ", was) + " -> " + String.join(", ", now), "Upgrade packages by rebuilding the"
            + " image, not in running containers.", null, where, 0));
      }
    }
  }

  private static Map<String, SortedSet<String>> versions(List<Package> packages) {
    Map<String, SortedSet<String>> m = new TreeMap<>();
    for (Package p : packages) {
      m.computeIfAbsent(key(p), k -> new TreeSet<>()).add(p.version());
    }
    return m;
  }

  /** A package's identity without its version and without the layer it was found in. */
  private static String key(Package p) {
    return p.ecosystem() + '\u0000' + p.name() + '\u0000' + p.arch() + '\u0000' + p.location().path() + '\u0000'
        + p.location().nestedPath();
  }

  private static List<Package> filter(List<Package> packages, Set<String> skip) {
    return packages.stream().filter(p -> !under(p.location().path(), skip)).toList();
  }

  /** True if the path is one of the given paths or below one. */
  private static boolean under(String path, Set<String> paths) {
    if (paths.isEmpty()) {
      return false;
    }
    if (paths.contains(path)) {
      return true;
    }
    for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
      if (paths.contains(path.substring(0, i))) {
        return true;
      }
    }
    return false;
  }

  private static MisconfigurationFinding finding(String id, Severity s, String title, String remediation,
      String path, FileState before) {
    return new MisconfigurationFinding(id, s, title, remediation, null,
        new Location(before == null ? null : before.layer(), path, null), 0);
  }

  private static String kind(FileState s) {
    return switch (s.type()) {
      case FILE -> "file";
      case DIRECTORY -> "directory";
      case SYMLINK -> "symlink";
      default -> "special file";
    };
  }

  private static String setuidWord(int mode) {
    return (mode & 04000) != 0 ? ((mode & 02000) != 0 ? "setuid+setgid" : "setuid") : "setgid";
  }

  private static String octal(int mode) {
    return String.format("%04o", mode);
  }

  private static String shortDigest(FileState s) {
    return s.sha256() == null ? "?" : s.sha256().algorithm() + ":" + s.sha256().shortHex();
  }

  /** Configures a {@link DriftDetector}. Not thread-safe; build once and share the detector. */
  public static final class Builder {
    private Scanner scanner;
    private ScanLimits limits = ScanLimits.defaults();
    private Set<String> excluded = RootfsImageSource.DEFAULT_EXCLUDED;
    private boolean packages = true;

    private Builder() {}

    /**
     * Sets the scanner whose analyzers build the package inventories (default
     * {@code Scanner.builder().build()}).
     *
     * @param s the scanner; not null
     * @return this builder
     */
    public Builder scanner(Scanner s) {
      scanner = Objects.requireNonNull(s, "scanner");
      return this;
    }

    /**
     * Sets the limits for reading layers and the directory (default {@link ScanLimits#defaults()}).
     *
     * @param l the limits; not null
     * @return this builder
     */
    public Builder limits(ScanLimits l) {
      limits = Objects.requireNonNull(l, "limits");
      return this;
    }

    /**
     * Sets the paths compared on neither side (default {@link RootfsImageSource#DEFAULT_EXCLUDED}); the
     * root filesystem's own excluded paths are always added.
     *
     * @param paths relative paths; not null, possibly empty
     * @return this builder
     * @throws IllegalArgumentException if a path is empty or contains {@code ..}
     */
    public Builder excluded(Set<String> paths) {
      excluded = RootfsImageSource.normalizeExcluded(paths);
      return this;
    }

    /**
     * Turns the package comparison on or off (default on). Off saves the two inventory scans.
     *
     * @param on whether to compare packages
     * @return this builder
     */
    public Builder packages(boolean on) {
      packages = on;
      return this;
    }

    /**
     * Builds the detector.
     *
     * @return the detector
     */
    public DriftDetector build() {
      if (scanner == null) {
        scanner = Scanner.builder().build();
      }
      return new DriftDetector(this);
    }
  }
}
