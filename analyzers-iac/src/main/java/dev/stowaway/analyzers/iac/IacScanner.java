package dev.stowaway.analyzers.iac;

import dev.stowaway.analyzers.iac.dockerfile.Dockerfile;
import dev.stowaway.analyzers.iac.dockerfile.DockerfileParser;
import dev.stowaway.analyzers.iac.dockerfile.DockerfileRules;
import dev.stowaway.analyzers.iac.dockerfile.ParseIssue;
import dev.stowaway.analyzers.iac.kubernetes.ManifestScanner;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Pre-build scanning, what {@code stowaway config PATH} runs: finds Dockerfiles ({@code Dockerfile},
 * {@code *.Dockerfile}, {@code Dockerfile.*}, {@code Containerfile}, {@code Containerfile.*}) and
 * Kubernetes manifests ({@code *.yaml}/{@code *.yml} with {@code apiVersion} and {@code kind}) in a file
 * or a directory tree and checks them with {@link DockerfileRules} and {@link ManifestScanner}.
 *
 * <p>Findings carry {@code Location(null, relativePath, nestedPath)} (the path relative to the scanned
 * directory, {@code /}-separated, or the file name when a file was given; {@code nestedPath} names the
 * Kubernetes resource) and the line. Problems (syntax errors, oversized files, unreadable files) are
 * issues, never exceptions. Directories {@code .git}, {@code node_modules} and the like are skipped;
 * symbolic links are not followed; files and their count are bounded. Stateless and thread-safe; reads
 * the file system only.
 */
public final class IacScanner {
  /** The largest file read; larger ones give an issue. */
  public static final long MAX_FILE_BYTES = 8L << 20;
  /** The most files checked in one scan; the rest give one issue. */
  public static final int MAX_FILES = 20_000;
  /** How deep the directory walk goes. */
  public static final int MAX_DEPTH = 64;

  private static final Set<String> SKIPPED_DIRS =
      Set.of(".git", ".hg", ".svn", "node_modules", ".terraform", ".venv", "__pycache__", ".idea", "target");

  private IacScanner() {}

  /** The kind of file, by name. */
  public enum FileKind {
    /** A Dockerfile or Containerfile. */
    DOCKERFILE,
    /** A YAML file that may be a Kubernetes manifest. */
    YAML,
    /** Anything else. */
    OTHER
  }

  /**
   * The outcome of a scan.
   *
   * @param findings the findings, by file then line; never null
   * @param issues the problems met; never null
   * @param files the relative paths of the files checked, in order; never null
   */
  public record Result(List<MisconfigurationFinding> findings, List<AnalysisIssue> issues, List<String> files) {
    /** Copies the lists. */
    public Result {
      findings = List.copyOf(findings);
      issues = List.copyOf(issues);
      files = List.copyOf(files);
    }

    /**
     * Judges a benchmark over these findings ({@link ComplianceReport.Scope#CONFIG}).
     *
     * @param benchmark one of {@link ComplianceReport#benchmarks()}; not null
     * @return the report; never null
     */
    public ComplianceReport compliance(String benchmark) {
      return ComplianceReport.of(benchmark, findings, ComplianceReport.Scope.CONFIG);
    }
  }

  /**
   * Tells what a file is from its name.
   *
   * @param fileName the base name; not null
   * @return the kind; never null
   */
  public static FileKind kindOf(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.equals("dockerfile") || n.equals("containerfile") || n.endsWith(".dockerfile")
        || n.endsWith(".containerfile") || n.startsWith("dockerfile.") || n.startsWith("containerfile.")) {
      return FileKind.DOCKERFILE;
    }
    if (n.endsWith(".yaml") || n.endsWith(".yml")) {
      return FileKind.YAML;
    }
    return FileKind.OTHER;
  }

  /**
   * Scans a file or a directory tree. A file given directly is checked even when its name is not a
   * known one: as a manifest if it looks like one, otherwise as a Dockerfile.
   *
   * @param fileOrDir the path; not null
   * @return findings and issues; never null
   * @throws NoSuchFileException if the path does not exist
   * @throws IOException if the directory cannot be listed at all
   */
  public static Result scan(Path fileOrDir) throws IOException {
    Objects.requireNonNull(fileOrDir, "fileOrDir");
    if (!Files.exists(fileOrDir)) {
      throw new NoSuchFileException(fileOrDir.toString());
    }
    List<MisconfigurationFinding> findings = new ArrayList<>();
    List<AnalysisIssue> issues = new ArrayList<>();
    List<String> files = new ArrayList<>();
    if (Files.isRegularFile(fileOrDir)) {
      String name = fileOrDir.getFileName().toString();
      checkFile(fileOrDir, name, kindOf(name), true, findings, issues, files);
      return new Result(findings, issues, files);
    }
    List<Path> candidates = new ArrayList<>();
    boolean[] truncated = {false};
    Files.walkFileTree(fileOrDir, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        Path name = dir.getFileName();
        return !dir.equals(fileOrDir) && name != null && SKIPPED_DIRS.contains(name.toString())
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && kindOf(file.getFileName().toString()) != FileKind.OTHER) {
          if (candidates.size() >= MAX_FILES) {
            truncated[0] = true;
            return FileVisitResult.TERMINATE;
          }
          candidates.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        issues.add(new AnalysisIssue("iac", new Location(null, relative(fileOrDir, file), null),
            "cannot read: " + e.getMessage()));
        return FileVisitResult.CONTINUE;
      }
    });
    if (truncated[0]) {
      issues.add(new AnalysisIssue("iac", null, "more than " + MAX_FILES + " candidate files; the rest skipped"));
    }
    candidates.sort(null);
    for (Path p : candidates) {
      checkFile(p, relative(fileOrDir, p), kindOf(p.getFileName().toString()), false, findings, issues, files);
    }
    return new Result(findings, issues, files);
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }

  private static void checkFile(Path file, String rel, FileKind kind, boolean explicit,
      List<MisconfigurationFinding> findings, List<AnalysisIssue> issues, List<String> files) {
    Location loc = new Location(null, rel, null);
    String analyzer = kind == FileKind.YAML ? ManifestScanner.ANALYZER : "dockerfile";
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        if (kind != FileKind.YAML || explicit || looksLikeManifestStart(file)) {
          issues.add(new AnalysisIssue(analyzer, loc, "line 0: file of " + size + " bytes is larger than "
              + MAX_FILE_BYTES + "; skipped"));
        }
        return;
      }
      try (InputStream in = Files.newInputStream(file)) {
        text = new String(in.readNBytes((int) MAX_FILE_BYTES + 1), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      issues.add(new AnalysisIssue(analyzer, loc, "cannot read: " + e.getMessage()));
      return;
    }
    if (kind == FileKind.OTHER && explicit) {
      kind = ManifestScanner.looksLikeManifest(text) ? FileKind.YAML : FileKind.DOCKERFILE;
    }
    if (kind == FileKind.YAML) {
      if (!ManifestScanner.looksLikeManifest(text)) {
        return;
      }
      files.add(rel);
      ManifestScanner.Result r = ManifestScanner.scan(text, loc);
      findings.addAll(r.findings());
      issues.addAll(r.issues());
      return;
    }
    files.add(rel);
    Dockerfile df = DockerfileParser.parse(text);
    for (ParseIssue pi : df.issues()) {
      issues.add(new AnalysisIssue("dockerfile", loc, "line " + pi.line() + ": " + pi.message()));
    }
    for (DockerfileRules.Hit h : DockerfileRules.evaluate(df)) {
      findings.add(h.rule().finding(loc, h.line()));
    }
  }

  /** For huge YAML files met in a walk: only report them when they look like manifests. */
  private static boolean looksLikeManifestStart(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return ManifestScanner.looksLikeManifest(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return false;
    }
  }
}
