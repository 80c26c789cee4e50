package dev.stowaway.analyzers.iac.image;

import static dev.stowaway.api.model.Severity.HIGH;
import static dev.stowaway.api.model.Severity.LOW;
import static dev.stowaway.api.model.Severity.MEDIUM;

import dev.stowaway.api.analysis.AnalysisContext;
import dev.stowaway.api.analysis.Analyzer;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Severity;
import dev.stowaway.api.walk.EntrySelector;
import dev.stowaway.api.walk.EntryType;
import dev.stowaway.api.walk.LayerEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks system files of an image: accounts with empty passwords in {@code etc/shadow}, duplicate UIDs
 * and GIDs in {@code etc/passwd} and {@code etc/group}, package signature checks turned off in APT
 * sources and configuration ({@code [trusted=yes]}, {@code Trusted: yes},
 * {@code AllowUnauthenticated}) and in yum/dnf repositories ({@code gpgcheck=0}), and leftovers: a
 * {@code .git} repository, an {@code .env} file, compilers, package manager caches.
 *
 * <p>Formats: passwd(5), shadow(5), group(5), sources.list(5) one-line and deb822 styles, yum.conf(5)
 * INI files. Each file is read line by line up to {@link #MAX_BYTES}; findings are attached to the
 * file's path and line so a later layer that fixes or deletes the file clears them. Stateless and
 * thread-safe.
 *
 * <p>Rule ids: {@code SYS001} empty password, {@code SYS002} duplicate UID, {@code SYS003} duplicate
 * GID, {@code SYS004} APT signature checks off, {@code SYS005} yum/dnf signature checks off,
 * {@code SYS006} git repository left in the image, {@code SYS007} {@code .env} file left in the image,
 * {@code SYS008} compiler or build tool in the image (a CIS 4.3 heuristic), {@code SYS009} package
 * manager cache left in the image.
 *
 * @see <a href="https://manpages.debian.org/bookworm/manpages/shadow.5.en.html">shadow(5)</a>
 * @see <a href="https://manpages.debian.org/bookworm/apt/sources.list.5.en.html">sources.list(5)</a>
 */
public final class SystemFilesMisconfigAnalyzer implements Analyzer {
  /** The largest file read. */
  public static final long MAX_BYTES = 4L << 20;

  /** Compilers and build tools: a runtime image rarely needs them (CIS 4.3 heuristic). */
  static final List<String> COMPILERS = List.of("usr/bin/gcc", "usr/bin/cc", "usr/bin/g++", "usr/bin/c++",
      "usr/bin/clang", "usr/bin/make", "usr/bin/javac", "usr/local/go/bin/go", "usr/bin/rustc", "usr/bin/as");
  /** Package manager caches and indexes that only make an image bigger. */
  static final List<String> PACKAGE_CACHES = List.of("var/cache/apt/archives/*.deb", "var/lib/apt/lists/*_Packages",
      "var/lib/apt/lists/*_Packages.*", "var/cache/apk/APKINDEX.*", "var/cache/yum/**/repomd.xml",
      "var/cache/dnf/**/repomd.xml");
  private static final List<Pattern> CACHE_PATTERNS = List.of(
      Pattern.compile("var/cache/apt/archives/[^/]*\\.deb"),
      Pattern.compile("var/lib/apt/lists/[^/]*_Packages(\\.[^/]*)?"),
      Pattern.compile("var/cache/apk/APKINDEX\\.[^/]*"), Pattern.compile("var/cache/(yum|dnf)/.*repomd\\.xml"));

  private static final EntrySelector SELECTOR = EntrySelector.builder()
      .paths("etc/shadow", "etc/passwd", "etc/group", "etc/apt/sources.list", "etc/yum.conf", "etc/dnf/dnf.conf")
      .globs("etc/apt/sources.list.d/*", "etc/apt/apt.conf.d/*", "etc/yum.repos.d/*.repo", "**/.git/HEAD")
      .basenames(".env")
      .paths(COMPILERS.toArray(String[]::new))
      .globs(PACKAGE_CACHES.toArray(String[]::new))
      .types(EntryType.FILE, EntryType.SYMLINK, EntryType.HARDLINK)
      .maxSize(MAX_BYTES)
      .build();
  private static final Pattern TRUSTED_ONE_LINE = Pattern.compile("^\\s*deb(-src)?\\s+\\[[^\\]]*trusted\\s*=\\s*yes");
  private static final Pattern TRUSTED_DEB822 = Pattern.compile("(?i)^\\s*Trusted\\s*:\\s*yes\\s*$");
  private static final Pattern APT_UNAUTH = Pattern.compile(
      "(?i)(AllowUnauthenticated|AllowInsecureRepositories|AllowDowngradeToInsecureRepositories)\\s*\"?(true|1|yes)");
  private static final Pattern GPGCHECK_OFF = Pattern.compile("(?i)^\\s*(repo_)?gpgcheck\\s*=\\s*(0|false|no)\\s*$");

  /** The public no-argument constructor ServiceLoader needs. */
  public SystemFilesMisconfigAnalyzer() {}

  @Override
  public String id() {
    return "system-files-misconfig";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public EntrySelector selector() {
    return SELECTOR;
  }

  private static void add(AnalysisContext ctx, String path, String id, Severity sev, String title, String fix,
      String benchmark, int line) {
    ctx.addFinding(new MisconfigurationFinding(id, sev, title, fix, benchmark, ctx.location(path), line));
  }

  @Override
  public void analyze(LayerEntry entry, InputStream content, AnalysisContext ctx) throws IOException {
    String path = entry.path();
    if (COMPILERS.contains(path)) {
      add(ctx, path, "SYS008", LOW, "Compiler or build tool in the image: " + path,
          "Build in a separate stage and copy only the results into a runtime image without build tools.",
          "CIS-DI-0003", 0);
      return;
    }
    if (CACHE_PATTERNS.stream().anyMatch(p -> p.matcher(path).matches())) {
      add(ctx, path, "SYS009", LOW, "Package manager cache left in the image",
          "Clean package caches in the same RUN that installs (apt-get clean and rm -rf /var/lib/apt/lists/*, "
              + "apk add --no-cache, yum clean all).", null, 0);
      return;
    }
    if (entry.type() != EntryType.FILE) {
      return;
    }
    if (path.endsWith(".git/HEAD")) {
      add(ctx, path, "SYS006", MEDIUM, "Git repository left in the image: " + path.substring(0, path.length() - 5),
          "Exclude .git with .dockerignore or a multi-stage build; it holds the source history.", null, 0);
      return;
    }
    if (entry.basename().equals(".env")) {
      add(ctx, path, "SYS007", MEDIUM, ".env file left in the image",
          "Exclude .env files with .dockerignore and pass settings at run time.", "CIS-DI-0010", 0);
      return;
    }
    // Not closed: the caller owns the stream.
    BufferedReader r = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String l;
    while ((l = r.readLine()) != null) {
      lines.add(l);
    }
    switch (path) {
      case "etc/shadow" -> shadow(ctx, path, lines);
      case "etc/passwd" -> duplicates(ctx, path, lines, "SYS002", "UID", MEDIUM);
      case "etc/group" -> duplicates(ctx, path, lines, "SYS003", "GID", LOW);
      default -> {
        if (path.startsWith("etc/apt/")) {
          apt(ctx, path, lines);
        } else {
          yum(ctx, path, lines);
        }
      }
    }
  }

  private static void shadow(AnalysisContext ctx, String path, List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split(":", -1);
      if (f.length >= 2 && !f[0].isEmpty() && f[1].isEmpty()) {
        add(ctx, path, "SYS001", HIGH, "Account with an empty password: " + f[0],
            "Lock the account ('passwd -l " + f[0] + "') or set a password hash; an empty field lets anyone log in.",
            null, i + 1);
      }
    }
  }

  private static void duplicates(AnalysisContext ctx, String path, List<String> lines, String id, String what,
      Severity sev) {
    Map<String, String> first = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split(":", -1);
      if (f.length < 3 || f[0].isEmpty() || f[0].startsWith("+") || f[0].startsWith("-") || f[2].isEmpty()) {
        continue;
      }
      String prev = first.putIfAbsent(f[2], f[0]);
      if (prev != null) {
        add(ctx, path, id, sev, "Duplicate " + what + " " + f[2] + ": " + prev + " and " + f[0],
            "Give every account its own " + what + ".", null, i + 1);
      }
    }
  }

  private static void apt(AnalysisContext ctx, String path, List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      String s = lines.get(i);
      if (s.stripLeading().startsWith("#") || s.stripLeading().startsWith("//")) {
        continue;
      }
      if (TRUSTED_ONE_LINE.matcher(s).find() || TRUSTED_DEB822.matcher(s).find() || APT_UNAUTH.matcher(s).find()) {
        add(ctx, path, "SYS004", HIGH, "APT package signature checks disabled",
            "Remove [trusted=yes], 'Trusted: yes' and AllowUnauthenticated; install the repository's signing key.",
            "CIS-DI-0011", i + 1);
      }
    }
  }

  private static void yum(AnalysisContext ctx, String path, List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (GPGCHECK_OFF.matcher(lines.get(i)).find()) {
        add(ctx, path, "SYS005", HIGH, "yum/dnf package signature checks disabled ("
            + lines.get(i).strip().toLowerCase(Locale.ROOT) + ")",
            "Set gpgcheck=1 and import the repository's signing key.", "CIS-DI-0011", i + 1);
      }
    }
  }
}
