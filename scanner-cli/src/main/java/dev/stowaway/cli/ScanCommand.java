package dev.stowaway.cli;

import static dev.stowaway.cli.OptionBinding.option;
import static dev.stowaway.cli.OptionBinding.positional;

import dev.stowaway.analyzers.iac.ComplianceReport;
import dev.stowaway.analyzers.secrets.SecretConfigAnalyzer;
import dev.stowaway.analyzers.secrets.SecretFileAnalyzer;
import dev.stowaway.analyzers.secrets.SecretRules;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageSource;
import dev.stowaway.api.image.Platform;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.api.vuln.AdvisorySource;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.policy.Policy;
import dev.stowaway.core.policy.Violation;
import dev.stowaway.core.policy.PolicyGate;
import dev.stowaway.core.policy.VexDocument;
import dev.stowaway.core.report.PolicyJUnitReporter;
import dev.stowaway.core.image.registry.RegistryImageSource;
import dev.stowaway.store.SqliteAdvisoryStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code stowaway scan IMAGE}: scan one image and write a report. Its model is built without annotations
 * ({@link #spec()}, {@link OptionBinding}): it is the most run command, and the one whose start-up counts.
 */
final class ScanCommand implements Callable<Integer> {

  /** Set by whoever builds the command line (there is no annotation for picocli to inject it by). */
  StowawayCommand parent;

  String image;
  final ReportOptions report = new ReportOptions();
  String platform;
  Integer parallelism;
  boolean debug;
  Path cacheDir;
  final LayerCacheOptions layerCache = new LayerCacheOptions();
  boolean skipDb;
  boolean ignoreUnfixed;
  long maxDbAgeHours;
  Path policyFile;
  List<Path> vexFiles;
  Path secretConfig;
  boolean secretScanSystemDirs;
  Integer exitCode;
  final RegistryFlags registry = new RegistryFlags();
  boolean offline;
  List<String> scanners;
  boolean save;
  boolean noSave;

  /**
   * The command's picocli model, bound to this object's fields (what the annotations of the other commands
   * declare, spelled out: options are listed sorted in the usage, so their order here does not matter).
   *
   * @return a new model named {@code scan}
   */
  @SuppressWarnings("unchecked")
  CommandSpec spec() {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("scan")
        .versionProvider(new StowawayCommand.Version());
    spec.usageMessage()
        .description("Scans a container image.",
            "IMAGE is docker-archive:PATH, oci:DIR[:TAG], oci-archive:PATH[:TAG], registry:REF, rootfs:DIR (a root "
                + "filesystem directory), or a path whose kind is detected.",
            "sbom:FILE matches the packages of a CycloneDX (1.4-1.6) or SPDX (2.2/2.3) JSON SBOM instead.",
            "Scans are recorded in the snapshot store with --save, and by default once that store exists.")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(UsageMessageSpec.keyValuesMap("0:scan done (and any gate passed)", "1:a policy gate failed",
            "2:usage error or unreadable input", "3:internal error"));
    StowawayCommand.addStandardHelpOptions(spec);
    spec.addPositional(positional("0", String.class, () -> image, v -> image = (String) v).paramLabel("IMAGE")
        .description("The image to scan.").build());
    report.addTo(spec);
    spec.addOption(option("--platform", String.class, () -> platform, v -> platform = (String) v)
        .paramLabel("OS/ARCH[/VARIANT]")
        .description("Platform to pick from a multi-platform image (default: linux/amd64).").build());
    spec.addOption(option("--parallelism", Integer.class, () -> parallelism, v -> parallelism = (Integer) v)
        .paramLabel("N").description("Layers read at once (default: number of CPUs).").build());
    spec.addOption(option("--debug", boolean.class, () -> debug, v -> debug = (Boolean) v)
        .description("Print stack traces of errors.").build());
    spec.addOption(option("--cache-dir", Path.class, () -> cacheDir, v -> cacheDir = (Path) v)
        .paramLabel("DIR")
        .description("Cache folder: the vulnerability database and the layer cache (<DIR>/layers) "
            + "(default: $STOWAWAY_CACHE_DIR or ~/.cache/stowaway).")
        .build());
    layerCache.addTo(spec);
    spec.addOption(option("--skip-db", boolean.class, () -> skipDb, v -> skipDb = (Boolean) v)
        .description("Do not match vulnerabilities (packages, secrets and misconfigurations only).").build());
    spec.addOption(option("--ignore-unfixed", boolean.class, () -> ignoreUnfixed, v -> ignoreUnfixed = (Boolean) v)
        .description("Leave out vulnerabilities that have no fixed version yet.").build());
    spec.addOption(option("--max-db-age", long.class, () -> maxDbAgeHours, v -> maxDbAgeHours = (Long) v)
        .paramLabel("HOURS").defaultValue("24")
        .description("Warn when the vulnerability data is older than this (default: ${DEFAULT-VALUE}).").build());
    spec.addOption(option("--policy", Path.class, () -> policyFile, v -> policyFile = (Path) v)
        .paramLabel("FILE")
        .description("Policy file (stowaway.toml): gates, exceptions, banned packages, required labels. "
            + "Default: ./stowaway.toml when it exists.")
        .build());
    spec.addOption(option("--vex", List.class, () -> vexFiles, v -> vexFiles = (List<Path>) v)
        .auxiliaryTypes(Path.class).paramLabel("FILE")
        .description("OpenVEX or CycloneDX VEX document; may be repeated.").build());
    spec.addOption(option("--secret-config", Path.class, () -> secretConfig, v -> secretConfig = (Path) v)
        .paramLabel("FILE")
        .description("Secret rules in gitleaks TOML format, instead of the built-in rules (add"
            + " '[extend] useDefault = true' to keep them); unsupported keys are reported as warnings.")
        .build());
    spec.addOption(option("--secret-scan-system-dirs", boolean.class, () -> secretScanSystemDirs,
        v -> secretScanSystemDirs = (Boolean) v)
        .description("Scan for secrets also in system directories skipped by default (usr/share, usr/include,"
            + " usr/lib, usr/local/go, usr/local/lib/pythonX.Y, opt/yarn-vX.Y.Z): files from OS and language"
            + " packages.")
        .build());
    spec.addOption(option("--exit-code", Integer.class, () -> exitCode, v -> exitCode = (Integer) v)
        .paramLabel("N")
        .description("Exit code to use when the policy or --fail-on gate fails (default 1; 0 = report only).")
        .build());
    registry.addTo(spec);
    spec.addOption(option("--offline", boolean.class, () -> offline, v -> offline = (Boolean) v)
        .description("Never use the network: registry images are refused, and the"
            + " vulnerability database is used as it is on disk (a scan of a local image never connects anyway).")
        .build());
    spec.addOption(option("--scanners", List.class, () -> scanners, v -> scanners = (List<String>) v)
        .auxiliaryTypes(String.class).splitRegex(",").paramLabel("KIND")
        .description("Finding kinds to report: vuln, secret, misconfig, license (default: all).").build());
    spec.addOption(option("--save", boolean.class, () -> save, v -> save = (Boolean) v)
        .description("Record the scan in the snapshot store (creates snapshots.db in the cache folder the first time).")
        .build());
    spec.addOption(option("--no-save", boolean.class, () -> noSave, v -> noSave = (Boolean) v)
        .description("Do not record the scan, even when the snapshot store exists.").build());
    return spec;
  }

  @Override
  public Integer call() {
    PrintStream err = parent.err;
    SourceOptions options = SourceOptions.defaults();
    Policy policy;
    List<VexDocument> vex = new java.util.ArrayList<>();
    try {
      report.validate();
      snapshotDir = SnapshotRecorder.storeDir(cacheDir, save, noSave);
      policy = loadPolicy();
      for (Path v : vexFiles == null ? List.<Path>of() : vexFiles) {
        vex.add(VexDocument.load(v));
      }
      if (platform != null) {
        options = options.withPlatform(Platform.parse(platform));
      }
    } catch (IllegalArgumentException e) {
      err.println("stowaway: " + e.getMessage());
      return Main.USAGE_OR_INPUT;
    } catch (NoSuchFileException e) {
      err.println("stowaway: " + e.getFile() + ": no such file or directory");
      return Main.USAGE_OR_INPUT;
    } catch (IOException e) {
      err.println("stowaway: " + e.getMessage());
      return Main.USAGE_OR_INPUT;
    }
    try {
      Scanner.Builder b = Scanner.builder().classLoader(ScanCommand.class.getClassLoader())
          .layerCache(layerCache.open(cacheDir));
      if (secretConfig != null || secretScanSystemDirs) {
        // The explicit analyzers take the place of the discovered ones with the same id and class.
        SecretRules rules = SecretRules.builtIn();
        if (secretConfig != null) {
          try {
            rules = SecretRules.parse(Files.readString(secretConfig), secretConfig.getFileName().toString());
          } catch (IOException | IllegalArgumentException e) {
            err.println("stowaway: --secret-config " + secretConfig + ": " + e.getMessage());
            return Main.USAGE_OR_INPUT;
          }
          for (String w : rules.warnings()) {
            err.println("stowaway: warning: " + secretConfig.getFileName() + ": " + w);
          }
        }
        b.analyzer(new SecretFileAnalyzer(rules, secretScanSystemDirs)).configAnalyzer(new SecretConfigAnalyzer(rules));
      }
      if (parallelism != null) {
        b.parallelism(parallelism);
      }
      Progress progress = Progress.forStderr(err);
      b.listener(progress).ignoreUnfixed(ignoreUnfixed);
      Set<String> kinds = findingKinds(scanners);
      b.disable(analyzersNotRun(kinds, report.compliance).toArray(String[]::new));
      DatabaseOpening opening = skipDb || !kinds.contains("vulnerability") ? null : openDatabase();
      SqliteAdvisoryStore store = null;
      ScanResult result;
      // for the policy's max-advisory-age: null = vulnerabilities not matched (not checked), empty = no database
      List<AdvisorySource.EcosystemData> dataStatus = null;
      Instant advisoryDataAt = null;
      try {
        if (image.startsWith(SBOM_PREFIX)) {
          store = opening == null ? null : opening.store();
          result = onlyKinds(SbomScan.scan(Path.of(image.substring(SBOM_PREFIX.length())), store, ignoreUnfixed), kinds);
        } else {
          ImageSource registrySource = offline ? new OfflineRegistrySource() : new RegistryImageSource(registry.options());
          // The scanner (its analyzers, their settings' keys) is built while the image opens.
          java.util.concurrent.FutureTask<Scanner> building = new java.util.concurrent.FutureTask<>(
              b.advisories(opening)::build);
          Thread builder = new Thread(building, "stowaway-build");
          builder.setDaemon(true);
          builder.start();
          try (Image img = ImageSources.open(image, options, List.of(registrySource))) {
            Scanner scanner = built(building);
            // The database opened meanwhile; a broken one stops here, before any layer is read.
            store = opening == null ? null : opening.store();
            result = onlyKinds(scanner.scan(img), kinds);
          }
        }
        if (store != null) {
          warnIfStale(store, result, err);
          dataStatus = store.status();
          advisoryDataAt = dev.stowaway.store.snapshot.SnapshotStore.advisoryDataTime(store, result);
        } else if (missingDatabase != null) {
          dataStatus = List.of();
        }
      } finally {
        progress.done();
        if (opening != null) {
          opening.close();
        }
      }
      PolicyGate.GateResult gate = PolicyGate.check(policy, vex, result, Clock.systemUTC(), dataStatus);
      if (!policy.rules().isEmpty() || report.threshold() != null) {
        // -f junit: one test case per policy rule; without any rule, one per finding
        report.policyJUnit = new PolicyJUnitReporter(policy, gate.decision(), report.threshold());
      }
      int code = report.emit(gate.result(), ComplianceReport.Scope.IMAGE, parent.out);
      for (Violation v : gate.violations()) {
        err.println("stowaway: policy: " + v.rule() + ": " + v.reason());
      }
      if (!gate.decision().passed()) {
        code = Main.GATE_FAILED;
      }
      if (snapshotDir != null) {
        SnapshotRecorder.record(snapshotDir, gate.result(), image.startsWith(SBOM_PREFIX)
            ? dev.stowaway.store.snapshot.Snapshot.Origin.SBOM : dev.stowaway.store.snapshot.Snapshot.Origin.SCAN,
            null, advisoryDataAt, err);
      }
      if (code == Main.GATE_FAILED && exitCode != null) {
        code = exitCode;
      }
      if (missingDatabase != null) {
        err.println("stowaway: warning: no vulnerability database in " + missingDatabase
            + ", vulnerabilities not matched (run 'stowaway db update' or 'stowaway db import PATH', or pass --skip-db)");
      }
      return code;
    } catch (IOException | RuntimeException | Error e) {
      return ScanFailures.report(e, err, debug);
    }
  }

  /** The scanner a {@code stowaway-build} thread built, or what building it threw. */
  private static Scanner built(java.util.concurrent.FutureTask<Scanner> building) throws IOException {
    try {
      return building.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("scan interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IOException(e.getCause());
    }
  }

  private static final String SBOM_PREFIX = "sbom:";

  /** Where to record the scan, or null; decided before the scan so a usage error comes first. */
  private Path snapshotDir;

  private static final Map<String, String> KINDS = Map.of("vuln", "vulnerability", "secret", "secret",
      "misconfig", "misconfiguration", "license", "license");

  /**
   * The analyzers whose only output is a finding kind that {@code --scanners} leaves out: they are not run
   * (as in trivy, {@code --scanners vuln} does not search files for secrets), rather than run and filtered.
   * Package analyzers always run (the report, SBOMs and licences use the packages). With
   * {@code --compliance} everything runs: a benchmark's controls draw on every kind.
   *
   * @param kinds the finding kinds to report ({@link #findingKinds})
   * @param compliance the benchmark, or null
   * @return analyzer ids for {@link Scanner.Builder#disable}
   */
  static List<String> analyzersNotRun(Set<String> kinds, String compliance) {
    if (compliance != null) {
      return List.of();
    }
    List<String> off = new java.util.ArrayList<>();
    if (!kinds.contains("secret")) {
      off.addAll(List.of("secrets", "secrets-config"));
    }
    if (!kinds.contains("misconfiguration")) {
      off.addAll(List.of("setuid-files", "system-files-misconfig", "image-config-misconfig"));
    }
    return off;
  }

  /** Maps --scanners names to finding kinds; policy findings are always kept. */
  static Set<String> findingKinds(List<String> names) {
    Set<String> kinds = new java.util.HashSet<>(Set.of("policy"));
    for (String n : names == null ? List.copyOf(KINDS.keySet()) : names) {
      String k = KINDS.get(n.trim().toLowerCase(java.util.Locale.ROOT));
      if (k == null) {
        throw new IllegalArgumentException("unknown scanner '" + n + "' (known: vuln, secret, misconfig, license)");
      }
      kinds.add(k);
    }
    return kinds;
  }

  static ScanResult onlyKinds(ScanResult r, Set<String> kinds) {
    if (kinds.size() == KINDS.size() + 1) {
      return r;
    }
    List<dev.stowaway.api.model.Finding> kept = r.findings().stream().filter(f -> kinds.contains(f.kind())).toList();
    Map<dev.stowaway.api.model.Finding, dev.stowaway.api.report.Suppression> suppressions =
        new java.util.LinkedHashMap<>(r.suppressions());
    suppressions.keySet().retainAll(new java.util.HashSet<>(kept));
    return new ScanResult(r.artifact(), r.os(), r.packages(), kept, r.issues(), r.analyzers(), r.scannedAt(),
        suppressions);
  }

  /** --policy FILE, else ./stowaway.toml when present, else a policy that passes everything. */
  private Policy loadPolicy() throws IOException {
    return loadPolicy(policyFile);
  }

  /** --policy FILE, else ./stowaway.toml when present, else a policy that passes everything. */
  static Policy loadPolicy(Path policyFile) throws IOException {
    if (policyFile != null) {
      return Policy.load(policyFile);
    }
    Path local = Path.of("stowaway.toml");
    return Files.isRegularFile(local) ? Policy.load(local) : Policy.permissive();
  }

  /** Set when there is no database; said after a successful scan, so it never precedes an error message. */
  private Path missingDatabase;

  /**
   * Starts opening the database if there is one (on a second thread, see {@link DatabaseOpening}); without
   * one, vulnerabilities are not matched and we say so.
   */
  private DatabaseOpening openDatabase() {
    Path dir = DbCommand.cacheDir(cacheDir);
    if (!Files.exists(dir.resolve(SqliteAdvisoryStore.FILE_NAME))) {
      missingDatabase = dir;
      return null;
    }
    return DatabaseOpening.start(dir);
  }

  private void warnIfStale(SqliteAdvisoryStore store, ScanResult result, PrintStream err) {
    List<String> ecosystems = result.packages().stream().map(p -> SqliteAdvisoryStore.baseEcosystem(p.ecosystem()))
        .distinct().sorted().toList();
    if (ecosystems.isEmpty()) {
      return;
    }
    Duration age = store.dataAge(ecosystems, Instant.now());
    if (age == null) {
      err.println("stowaway: warning: the vulnerability database has no data for any of " + ecosystems);
    } else if (age.toHours() > maxDbAgeHours) {
      err.println("stowaway: warning: the vulnerability data is " + age.toHours() + " hours old (more than "
          + maxDbAgeHours + "); run 'stowaway db update'");
    }
  }

  /** Stands in for the registry source under {@code --offline}: recognises the same references, opens none. */
  private static final class OfflineRegistrySource implements ImageSource {
    private final RegistryImageSource real = new RegistryImageSource();

    @Override
    public String scheme() {
      return real.scheme();
    }

    @Override
    public boolean recognizes(String locator) {
      return real.recognizes(locator);
    }

    @Override
    public Image open(String locator, SourceOptions options) throws IOException {
      throw new IOException(locator + ": a registry image needs the network, and --offline was given");
    }
  }
}
