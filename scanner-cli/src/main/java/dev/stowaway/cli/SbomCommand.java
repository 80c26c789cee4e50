package dev.stowaway.cli;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.SourceOptions;
import dev.stowaway.api.report.ScanResult;
import dev.stowaway.core.Scanner;
import dev.stowaway.core.image.ImageSources;
import dev.stowaway.core.report.CycloneDxReporter;
import dev.stowaway.core.report.Reporter;
import dev.stowaway.core.report.Reporters;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowaway sbom IMAGE}: the package inventory only, as CycloneDX 1.6 or SPDX 2.3. */
@Command(name = "sbom", mixinStandardHelpOptions = true,
    description = "Writes the image's software bill of materials (packages only, no findings).")
final class SbomCommand implements Callable<Integer>, OptionGroups {

  @ParentCommand
  StowawayCommand parent;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The image, as for scan.")
  String image;

  @Option(names = {"-f", "--format"}, defaultValue = "cyclonedx", paramLabel = "FORMAT",
      description = "cyclonedx or spdx (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Cache folder; the layer cache is <DIR>/layers (default: $STOWAWAY_CACHE_DIR or ~/.cache/stowaway).")
  Path cacheDir;

  final LayerCacheOptions layerCache = new LayerCacheOptions();

  @Override
  public void addOptionGroups(CommandSpec spec) {
    layerCache.addTo(spec);
  }

  @Override
  public Integer call() {
    Reporter reporter;
    switch (format) {
      case "cyclonedx" -> reporter = new CycloneDxReporter(false);
      case "spdx", "spdx-json" -> reporter = Reporters.forFormat("spdx-json");
      default -> {
        parent.err.println("stowaway: unknown SBOM format '" + format + "' (use cyclonedx or spdx)");
        return Main.USAGE_OR_INPUT;
      }
    }
    try (Image img = ImageSources.open(image, SourceOptions.defaults(), SbomCommand.class.getClassLoader())) {
      ScanResult r = Scanner.builder().classLoader(SbomCommand.class.getClassLoader())
          .layerCache(layerCache.open(cacheDir)).build().scan(img);
      ScanResult packagesOnly = new ScanResult(r.artifact(), r.os(), r.packages(), List.of(), r.issues(),
          r.analyzers(), r.scannedAt());
      if (output == null) {
        reporter.write(packagesOnly, parent.out);
      } else {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(output))) {
          reporter.write(packagesOnly, o);
        }
      }
      return Main.OK;
    } catch (NoSuchFileException e) {
      parent.err.println("stowaway: " + e.getFile() + ": no such file or directory");
      return Main.USAGE_OR_INPUT;
    } catch (ImageFormatException | IllegalArgumentException | IllegalStateException e) {
      parent.err.println("stowaway: " + String.valueOf(e.getMessage()).replace('\n', ' '));
      return Main.USAGE_OR_INPUT;
    } catch (IOException e) {
      parent.err.println("stowaway: " + e.getMessage());
      return Main.USAGE_OR_INPUT;
    }
  }
}
