package dev.stowaway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Prints the classes of a jar in the form of a class-data sharing class list ({@code dev/stowaway/cli/Main}, one
 * per line), for the {@code stowaway} launcher: it adds them to the list of classes its training scan loaded, so
 * that the archive it dumps also holds the classes of the paths that scan did not take (another image format,
 * the layer cache, rpm and apk databases, policies), which are otherwise read, parsed and verified from the jar
 * on every run that needs them. Classes under {@code META-INF/versions} are left out (the dump takes the
 * class-path copy), as are {@code module-info} files. Not part of the library's or the command's API.
 */
public final class CdsClassList {
  private CdsClassList() {}

  /**
   * Writes the class list of the jar named by {@code args[0]} to standard output.
   *
   * @param args one argument, the jar's path
   * @throws IOException if the jar cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CdsClassList JAR");
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (JarFile jar = new JarFile(args[0])) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
          out.println(name.substring(0, name.length() - ".class".length()));
        }
      }
    }
    out.flush();
  }
}
