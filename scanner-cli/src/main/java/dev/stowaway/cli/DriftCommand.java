package dev.stowaway.cli;

import dev.stowaway.analyzers.iac.ComplianceReport;
import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.Platform;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.report.ArtifactInfo;
import dev.stowaway.api.report.LayerInfo;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.drift.DriftDetector;
import dev.stowaway.core.drift.DriftReport;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.image.RootfsImage;
import dev.stowaway.core.image.RootfsImageSource;
import dev.stowaway.core.image.registry.RegistryImageSource;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stowaway drift --image IMAGE --rootfs DIR}: what changed in a root filesystem since its image was built. */
@Command(name = "drift", mixinStandardHelpOptions = true,
    description = {"Compares a root filesystem (a running container's root, such as /proc/PID/root, or an exported "
        + "container) with the image it was started from: files added, removed and modified (size, mode, owner, "
        + "content), new executables and setuid files, packages installed or changed after the build.",
        "Times are ignored. /proc, /sys, /dev, /run and /tmp are excluded by default."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:compared (and no drift at or above --fail-on)", "1:drift at or above --fail-on",
        "2:usage error or unreadable input", "3:internal error"})
final class DriftCommand implements Callable<Integer>, OptionGroups {

  /**
   * Drift compares package inventories; these built-in analyzers only report findings (secrets, file and
   * config checks), so running them over both sides would cost time and change nothing.
   */
  static final List<String> FINDING_ONLY_ANALYZERS = List.of("secrets", "secrets-config", "setuid-files",
      "system-files-misconfig", "image-config-misconfig");

  @ParentCommand
  StowawayCommand parent;

  @Option(names = "--image", required = true, paramLabel = "IMAGE",
      description = "The image the container was started from (any form 'stowaway scan' takes).")
  String image;

  @Option(names = "--rootfs", required = true, paramLabel = "DIR", description = "The root filesystem directory.")
  String rootfs;

  @Option(names = "--exclude", paramLabel = "PATH",
      description = "Another path to leave out on both sides, with everything below it; may be repeated.")
  List<String> exclude;

  @Option(names = "--no-default-excludes", description = "Do not leave out /proc, /sys, /dev, /run and /tmp.")
  boolean noDefaultExcludes;

  @Option(names = "--no-packages", description = "Compare files only, not package inventories (faster).")
  boolean noPackages;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "Platform to pick from a multi-platform image (default: linux/amd64).")
  String platform;

  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;

  final ReportOptions report = new ReportOptions();
  final RegistryFlags registry = new RegistryFlags();

  @Override
  public void addOptionGroups(CommandSpec spec) {
    report.addTo(spec);
    registry.addTo(spec);
  }

  @Override
  public Integer call() {
    PrintStream err = parent.err;
    Set<String> excluded = new HashSet<>(noDefaultExcludes ? Set.of() : RootfsImageSource.DEFAULT_EXCLUDED);
    SourceOptions options = SourceOptions.defaults();
    try {
      report.validate();
      if (report.compliance != null) {
        throw new IllegalArgumentException("--compliance does not apply to drift");
      }
      if (exclude != null) {
        excluded.addAll(exclude);
      }
      excluded = RootfsImageSource.normalizeExcluded(excluded);
      if (platform != null) {
        options = options.withPlatform(Platform.parse(platform));
      }
    } catch (IllegalArgumentException e) {
      err.println("stowaway: " + e.getMessage());
      return Main.USAGE_OR_INPUT;
    }
    try {
      DriftDetector detector = DriftDetector.builder().excluded(excluded).packages(!noPackages)
          .scanner(Scanner.builder().classLoader(DriftCommand.class.getClassLoader())
              .disable(FINDING_ONLY_ANALYZERS.toArray(String[]::new)).build()).build();
      DriftReport drift;
      ArtifactInfo artifact;
      try (Image img = ImageSources.open(image, options, List.of(new RegistryImageSource(registry.options())));
          Image dir = new RootfsImageSource(excluded).open(rootfs, options)) {
        drift = detector.detect(img, (RootfsImage) dir);
        List<LayerInfo> layers = new ArrayList<>();
        for (int i = 0; i < img.layers().size(); i++) {
          var l = img.layers().get(i);
          layers.add(new LayerInfo(i, l.digest(), l.diffId(), l.size(), null));
        }
        artifact = new ArtifactInfo(dir.name() + " (drift from " + img.name() + ")", img.manifestDigest(),
            img.configDigest(), img.config(), layers);
      }
      int code = report.emit(drift.toScanResult(artifact, Instant.now()), ComplianceReport.Scope.IMAGE, parent.out);
      err.println("stowaway: drift: " + drift.findings().size() + " change(s) in " + drift.comparedPaths()
          + " compared paths" + (drift.issues().isEmpty() ? "" : ", " + drift.issues().size() + " not readable"));
      return code;
    } catch (IOException | RuntimeException | Error e) {
      return ScanFailures.report(e, err, debug);
    }
  }


}
