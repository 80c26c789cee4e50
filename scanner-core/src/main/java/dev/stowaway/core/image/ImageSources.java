package dev.stowaway.core.image;

import dev.stowaway.api.image.Image;
import dev.stowaway.api.image.ImageFormatException;
import dev.stowaway.api.image.ImageSource;
import dev.stowaway.api.image.SourceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Opens images from a command-line style spec: {@code scheme:locator} where the scheme is a
 * registered {@link ImageSource} ({@code docker-archive:PATH}, {@code oci:DIR[:TAG]},
 * {@code oci-archive:PATH}, {@code registry:REF}, {@code rootfs:DIR}), or a bare path whose kind is detected with
 * {@link ImageSource#recognizes}, or a bare image reference ({@code alpine:3.20}) that is not an
 * existing path, which the registry source recognises.
 *
 * <p>Stateless and thread-safe; sources are looked up with {@link ServiceLoader} on every call.
 */
public final class ImageSources {

  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");

  private ImageSources() {}

  /**
   * Opens an image with the sources visible to this class's class loader.
   *
   * @param spec {@code scheme:locator} or a bare path; not null
   * @param options platform and limits; not null
   * @return the opened image, which the caller closes
   * @throws ImageFormatException if the spec names no image, an unknown scheme, or an invalid image
   *     (one-line message naming the file and the problem)
   * @throws IOException if reading fails
   */
  public static Image open(String spec, SourceOptions options) throws IOException {
    return open(spec, options, ImageSources.class.getClassLoader());
  }

  /**
   * Opens an image with the sources found by the given class loader.
   *
   * @param spec {@code scheme:locator} or a bare path; not null
   * @param options platform and limits; not null
   * @param loader where to look for {@link ImageSource} implementations; not null
   * @return the opened image, which the caller closes
   * @throws ImageFormatException if the spec names no image, an unknown scheme, or an invalid image
   * @throws IOException if reading fails
   */
  public static Image open(String spec, SourceOptions options, ClassLoader loader) throws IOException {
    return openWith(spec, options, sources(loader));
  }

  /**
   * Opens an image with the sources visible to this class's class loader, where each source in
   * {@code overrides} replaces the registered one with the same scheme (or is added). This is how a
   * caller passes a configured source, such as a registry source with credentials:
   * {@code ImageSources.open(spec, options, List.of(new RegistryImageSource(registryOptions)))}.
   *
   * @param spec {@code scheme:locator}, a bare path or a bare image reference; not null
   * @param options platform and limits; not null
   * @param overrides configured sources; not null, possibly empty
   * @return the opened image, which the caller closes
   * @throws ImageFormatException if the spec names no image, an unknown scheme, or an invalid image
   * @throws IOException if reading fails
   */
  public static Image open(String spec, SourceOptions options, List<ImageSource> overrides) throws IOException {
    List<ImageSource> sources = new ArrayList<>(sources(ImageSources.class.getClassLoader()));
    for (ImageSource o : overrides) {
      sources.removeIf(s -> s.scheme().equals(o.scheme()));
      sources.add(o);
    }
    sources.sort(Comparator.comparing(ImageSource::scheme));
    return openWith(spec, options, sources);
  }

  private static Image openWith(String spec, SourceOptions options, List<ImageSource> sources)
      throws IOException {
    if (spec.isEmpty()) {
      throw new ImageFormatException("no image given");
    }
    int colon = spec.indexOf(':');
    if (colon > 0 && !existsAsPath(spec)) {
      String scheme = spec.substring(0, colon);
      for (ImageSource s : sources) {
        if (s.scheme().equals(scheme)) {
          return s.open(spec.substring(colon + 1), options);
        }
      }
      // A bare image reference such as alpine:3.20 or localhost:5000/app:1 also has a colon.
      if (SCHEME.matcher(scheme).matches() && !existsAsPath(scheme) && !recognized(sources, spec)) {
        throw new ImageFormatException(spec + ": unknown image scheme '" + scheme + "' (known: "
            + sources.stream().map(ImageSource::scheme).collect(Collectors.joining(", ")) + ")");
      }
    }
    Path path;
    try {
      path = Path.of(spec);
    } catch (InvalidPathException e) {
      for (ImageSource s : sources) {
        if (s.recognizes(spec)) {
          return s.open(spec, options);
        }
      }
      throw new ImageFormatException(spec + ": not a valid path: " + e.getReason());
    }
    if (!Files.exists(path)) {
      // A bare DIR:TAG or PATH@DIGEST: detect the kind from the path part, give the source the whole spec.
      for (Locator l : new Locator[] {Locator.withTag(spec), Locator.withRepoTag(spec)}) {
        if (!l.path().equals(path) && Files.exists(l.path())) {
          for (ImageSource s : sources) {
            if (s.recognizes(l.path().toString())) {
              return s.open(spec, options);
            }
          }
        }
      }
      // Not a path at all: a source that takes other locators (a registry reference) may recognise it.
      for (ImageSource s : sources) {
        if (s.recognizes(spec)) {
          return s.open(spec, options);
        }
      }
    }
    Inputs.requireExists(path);
    if (Files.isRegularFile(path) && Files.size(path) == 0) {
      throw new ImageFormatException(path + ": empty file, not an image");
    }
    for (ImageSource s : sources) {
      if (s.recognizes(spec)) {
        return s.open(spec, options);
      }
    }
    if (Files.isDirectory(path)) {
      throw new ImageFormatException(path + ": not a container image: directory has no oci-layout file");
    }
    throw new ImageFormatException(path + ": not a container image: no manifest.json or oci-layout");
  }

  /**
   * Returns the registered sources, sorted by scheme.
   *
   * @param loader where to look; not null
   * @return the sources; never null
   */
  public static List<ImageSource> sources(ClassLoader loader) {
    List<ImageSource> out = new ArrayList<>();
    ServiceLoader.load(ImageSource.class, loader).forEach(out::add);
    out.sort(Comparator.comparing(ImageSource::scheme));
    return out;
  }

  private static boolean recognized(List<ImageSource> sources, String spec) {
    for (ImageSource s : sources) {
      if (s.recognizes(spec)) {
        return true;
      }
    }
    return false;
  }

  private static boolean existsAsPath(String s) {
    try {
      return Files.exists(Path.of(s));
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
