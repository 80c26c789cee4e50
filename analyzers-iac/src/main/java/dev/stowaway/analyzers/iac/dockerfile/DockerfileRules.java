package dev.stowaway.analyzers.iac.dockerfile;

import static dev.stowaway.api.model.Severity.HIGH;
import static dev.stowaway.api.model.Severity.LOW;
import static dev.stowaway.api.model.Severity.MEDIUM;

import dev.stowaway.api.model.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * The Dockerfile rule table, {@code DS001} to {@code DS050}. The ids are Stowaway's own and stable; the
 * checks follow what Hadolint's DL rules and Trivy's DS checks look for, and map to the CIS Docker
 * Benchmark v1.6 section 4 controls where one fits ({@code CIS-DI-00NN} is control 4.NN). The module's
 * {@code RULES.md} lists them. Stateless and thread-safe.
 */
public final class DockerfileRules {
  private DockerfileRules() {}

  private static final Pattern URL = Pattern.compile("(?i)^(https?|ftp)://.*");
  private static final Pattern ARCHIVE =
      Pattern.compile("(?i).*\\.(tar|tar\\.gz|tgz|tar\\.bz2|tbz2?|tar\\.xz|txz|tar\\.zst|gz|bz2|xz)$");
  private static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ash", "ksh", "python", "python3",
      "perl", "ruby", "node");
  private static final Set<String> APT_VALUE_OPTS = Set.of("-o", "-t", "-c", "--target-release", "--option");
  private static final Set<String> APK_VALUE_OPTS = Set.of("-X", "--repository", "-t", "--virtual", "-p", "--root",
      "--arch", "--keys-dir", "--repositories-file");
  private static final Set<String> PIP_VALUE_OPTS = Set.of("-r", "--requirement", "-c", "--constraint", "-i",
      "--index-url", "--extra-index-url", "-t", "--target", "--prefix", "--root", "-f", "--find-links",
      "--trusted-host", "-e", "--editable", "--platform", "--python-version", "--src");
  private static final Set<String> NPM_VALUE_OPTS = Set.of("--prefix", "--registry", "--cache", "-w", "--workspace");
  private static final Set<String> GEM_VALUE_OPTS = Set.of("-v", "--version", "-i", "--install-dir", "-n",
      "--bindir", "-s", "--source", "--platform");
  private static final Set<String> YES = Set.of("-y", "--yes", "--assume-yes", "-qq", "-q=2", "--quiet=2");
  private static final Pattern SECRET_FILE = Pattern.compile(
      "(?i)(^|/)(id_rsa|id_dsa|id_ecdsa|id_ed25519|\\.env|\\.npmrc|\\.pypirc|\\.netrc|\\.git-credentials"
          + "|credentials|\\.dockercfg|config\\.json|[^/]*\\.pem|[^/]*\\.key|[^/]*\\.p12|[^/]*\\.pfx)$");

  // Script patterns, compiled once.
  private static final Pattern P0 = Pattern.compile("rm\\s+-[a-zA-Z]*\\s+/var/lib/apt/lists");
  private static final Pattern P1 = Pattern.compile("rm\\s+-[a-zA-Z]*\\s+/var/cache/apk");
  private static final Pattern P2 = Pattern.compile("rm\\s+-[a-zA-Z]*\\s+/var/cache/(yum|dnf)");
  private static final Pattern SIGNATURES_OFF = Pattern.compile(
      "(?i)gpgcheck\\s*=\\s*(0|false|no)\\b|trusted=yes|--allow-unauthenticated|--allow-untrusted"
          + "|--nogpgcheck|--no-gpg-checks|--force-yes|AllowUnauthenticated\\s*\"?(true|1)"
          + "|--insecure-skip-tls-verify|--no-verify-signature");
  private static final Pattern PIP = Pattern.compile("pip[23]?");

  // ---- helpers -------------------------------------------------------------------------------------

  private static void eachRun(Dockerfile df, DockerfileRule.Scripts sh,
      BiPredicate<Instruction, List<ShellCommand>> bad, IntConsumer hit) {
    for (Instruction ins : df.instructions()) {
      Instruction run = ins.is("ONBUILD") ? ins.onbuildTrigger() : ins;
      if (run != null && run.is("RUN") && bad.test(run, sh.commands(run))) {
        hit.accept(ins.startLine());
      }
    }
  }

  private static void eachCommand(Dockerfile df, DockerfileRule.Scripts sh,
      BiPredicate<Instruction, ShellCommand> bad, IntConsumer hit) {
    eachRun(df, sh, (ins, cmds) -> cmds.stream().anyMatch(c -> bad.test(ins, c)), hit);
  }

  private static void each(Dockerfile df, String keyword, BiPredicate<Dockerfile, Instruction> bad, IntConsumer hit) {
    for (Instruction ins : df.instructions()) {
      if (ins.is(keyword) && bad.test(df, ins)) {
        hit.accept(ins.startLine());
      }
    }
  }

  private static boolean any(List<ShellCommand> cmds, String programs, String subs) {
    return cmds.stream().anyMatch(c -> c.is(programs, subs));
  }

  private static boolean scriptMatches(Instruction ins, Pattern p) {
    return p.matcher(ins.script()).find();
  }

  private static boolean stageNameKnown(Dockerfile df, String name, int beforeStage) {
    for (Stage s : df.stages()) {
      if (s.index() >= beforeStage) {
        break;
      }
      if (name.equalsIgnoreCase(s.name()) || name.equals(String.valueOf(s.index()))) {
        return true;
      }
    }
    return false;
  }

  /** Base image reference without digest; null for {@code scratch} or a previous stage's name. */
  private static String externalBase(Dockerfile df, Stage s) {
    String image = s.baseImage();
    if (image.isEmpty() || image.equalsIgnoreCase("scratch") || image.contains("$")
        || stageNameKnown(df, image, s.index())) {
      return null;
    }
    return image;
  }

  private static boolean hasTag(String image) {
    int slash = image.lastIndexOf('/');
    return image.indexOf(':', slash + 1) > 0;
  }

  private static String tagOf(String image) {
    String noDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = noDigest.lastIndexOf('/');
    int colon = noDigest.indexOf(':', slash + 1);
    return colon < 0 ? null : noDigest.substring(colon + 1);
  }

  private static String lastUser(Stage s) {
    String user = null;
    for (Instruction i : s.instructions()) {
      if (i.is("USER")) {
        user = i.expandedArgs().strip();
      }
    }
    return user;
  }

  /**
   * Tells whether a {@code USER} value means root: {@code root}, {@code 0}, or either with a group.
   *
   * @param user the value; not null
   * @return whether it is root
   */
  public static boolean isRoot(String user) {
    String u = user.strip();
    int colon = u.indexOf(':');
    if (colon >= 0) {
      u = u.substring(0, colon);
    }
    return u.equals("root") || u.equals("0") || u.isEmpty();
  }

  private static void duplicates(Dockerfile df, String keyword, IntConsumer hit) {
    for (Stage s : df.stages()) {
      List<Instruction> all = s.all(keyword);
      for (int k = 1; k < all.size(); k++) {
        hit.accept(all.get(k).startLine());
      }
    }
  }

  private static List<String> unpinned(ShellCommand c, Set<String> valueOpts, BiPredicate<String, ShellCommand> pinned) {
    List<String> out = new ArrayList<>();
    for (String p : c.operands(valueOpts)) {
      if (p.startsWith(".") || p.startsWith("/") || p.contains("://") || p.startsWith("$") || p.endsWith(".deb")
          || p.endsWith(".rpm") || p.endsWith(".whl") || p.endsWith(".tgz") || p.endsWith(".tar.gz")
          || p.startsWith("git+") || p.contains("/") && !p.startsWith("@")) {
        continue;
      }
      if (!pinned.test(p, c)) {
        out.add(p);
      }
    }
    return out;
  }

  private static boolean aptInstall(ShellCommand c) {
    return c.is("apt-get|apt", "install");
  }

  private static boolean portOutOfRange(String spec) {
    String p = spec;
    int slash = p.indexOf('/');
    if (slash >= 0) {
      p = p.substring(0, slash);
    }
    for (String part : p.split("-")) {
      if (part.isEmpty() || part.contains("$")) {
        return false;
      }
      try {
        int v = Integer.parseInt(part);
        if (v < 0 || v > 65535) {
          return true;
        }
      } catch (NumberFormatException e) {
        return !p.contains(":");
      }
    }
    return false;
  }

  private static boolean exposes22(String spec) {
    String p = spec;
    int slash = p.indexOf('/');
    if (slash >= 0) {
      p = p.substring(0, slash);
    }
    if (p.contains(":")) {
      p = p.substring(p.lastIndexOf(':') + 1);
    }
    String[] range = p.split("-");
    try {
      int lo = Integer.parseInt(range[0]);
      int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
      return lo <= 22 && 22 <= hi;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static DockerfileRule rule(String id, Severity sev, String title, String remediation, String benchmark,
      boolean history, DockerfileRule.Check check) {
    return new DockerfileRule(id, sev, title, remediation, benchmark, history, check);
  }

  // ---- the table ----------------------------------------------------------------------------------

  /** Every rule, ordered by id. */
  public static final List<DockerfileRule> ALL = List.of(
      rule("DS001", MEDIUM, "Base image uses the ':latest' tag",
          "Pin the base image to a specific version tag or digest instead of ':latest'.", "CIS-DI-0002", false,
          (df, sh, hit) -> {
            for (Stage s : df.stages()) {
              String b = externalBase(df, s);
              if (b != null && "latest".equals(tagOf(b)) && !b.contains("@")) {
                hit.accept(s.from().startLine());
              }
            }
          }),
      rule("DS002", MEDIUM, "Base image has no tag",
          "Name an explicit version tag or digest in FROM, such as 'debian:12.8'.", "CIS-DI-0002", false,
          (df, sh, hit) -> {
            for (Stage s : df.stages()) {
              String b = externalBase(df, s);
              if (b != null && !hasTag(b) && !b.contains("@")) {
                hit.accept(s.from().startLine());
              }
            }
          }),
      rule("DS003", HIGH, "Final stage runs as root (last USER is root)",
          "Switch to a non-root user with USER after the steps that need root.", "CIS-DI-0001", false,
          (df, sh, hit) -> {
            Stage s = df.finalStage();
            if (s == null) {
              return;
            }
            List<Instruction> users = s.all("USER");
            if (!users.isEmpty() && isRoot(users.get(users.size() - 1).expandedArgs())) {
              hit.accept(users.get(users.size() - 1).startLine());
            }
          }),
      rule("DS004", HIGH, "Final stage sets no USER, so the container runs as root",
          "Create a non-root user and add a USER instruction to the final stage.", "CIS-DI-0001", false,
          (df, sh, hit) -> {
            Stage s = df.finalStage();
            if (s != null && lastUser(s) == null && !s.baseImage().equalsIgnoreCase("scratch")) {
              hit.accept(s.from().startLine());
            }
          }),
      rule("DS005", LOW, "ADD used where COPY would do",
          "Use COPY for local files; ADD is only needed to fetch URLs or unpack local archives.", "CIS-DI-0009",
          true, (df, sh, hit) -> each(df, "ADD", (d, i) -> {
            List<String> w = i.words();
            if (w.size() < 2 || !i.heredocs().isEmpty()) {
              return false;
            }
            List<String> src = w.subList(0, w.size() - 1);
            return src.stream().noneMatch(x -> URL.matcher(x).matches() || ARCHIVE.matcher(x).matches()
                || x.startsWith("git@") || x.contains("$"));
          }, hit)),
      rule("DS006", MEDIUM, "ADD fetches a remote URL",
          "Download with curl or wget in a RUN step and verify a checksum, or use ADD --checksum.",
          "CIS-DI-0009", true, (df, sh, hit) -> each(df, "ADD", (d, i) -> i.flag("checksum") == null
              && i.words().stream().limit(Math.max(0, i.words().size() - 1))
                  .anyMatch(x -> URL.matcher(x).matches()), hit)),
      rule("DS007", MEDIUM, "sudo used in RUN",
          "Do not use sudo in builds; RUN already runs as the current USER, switch USER where needed.", null,
          true, (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.words().contains("sudo"), hit)),
      rule("DS008", HIGH, "Remote script piped into a shell (curl | sh)",
          "Download the script to a file, verify its checksum or signature, then run it.", "CIS-DI-0012", true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.pipedInto() && SHELLS.contains(c.program())
              && c.previous() != null && Set.of("curl", "wget").contains(c.previous().program()), hit)),
      rule("DS009", MEDIUM, "apt-get install without -y",
          "Add -y (--yes) so the build never waits for an answer.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> aptInstall(c) && YES.stream().noneMatch(c::hasOption), hit)),
      rule("DS010", LOW, "apt-get install without --no-install-recommends",
          "Add --no-install-recommends to avoid installing packages the image does not need.", "CIS-DI-0003",
          true, (df, sh, hit) -> eachCommand(df, sh, (i, c) -> aptInstall(c) && !c.hasOption("--no-install-recommends")
              && !c.words().contains("APT::Install-Recommends=false")
              && !c.words().contains("APT::Install-Recommends=0"), hit)),
      rule("DS011", MEDIUM, "Package index update alone, without an install in the same RUN",
          "Run 'apt-get update' (or 'apk update', 'yum makecache') in the same RUN as the install it is for.",
          "CIS-DI-0007", true, (df, sh, hit) -> eachRun(df, sh, (i, cmds) ->
              (any(cmds, "apt-get|apt", "update") && !any(cmds, "apt-get|apt", "install|upgrade|dist-upgrade"
                  + "|full-upgrade|build-dep|source|reinstall"))
                  || (any(cmds, "apk", "update") && !any(cmds, "apk", "add|upgrade")), hit)),
      rule("DS012", LOW, "apt lists not removed after apt-get install",
          "End the RUN with 'rm -rf /var/lib/apt/lists/*' (or use a cache mount).", null, true,
          (df, sh, hit) -> eachRun(df, sh, (i, cmds) -> cmds.stream().anyMatch(DockerfileRules::aptInstall)
              && i.flag("mount") == null && !scriptMatches(i, P0)
              && !any(cmds, "apt-get", "clean") , hit)),
      rule("DS013", LOW, "apk add without --no-cache",
          "Use 'apk add --no-cache' so the package index is not kept in the image.", null, true,
          (df, sh, hit) -> eachRun(df, sh, (i, cmds) -> cmds.stream().anyMatch(c -> c.is("apk", "add")
              && !c.hasOption("--no-cache")) && !scriptMatches(i, P1)
              && i.flag("mount") == null, hit)),
      rule("DS014", LOW, "pip install without --no-cache-dir",
          "Add --no-cache-dir (or set PIP_NO_CACHE_DIR) so pip's cache is not kept in the image.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.is("pip|pip3|pip2", "install") && !c.hasOption("--no-cache-dir")
              && i.flag("mount") == null && !i.script().contains("PIP_NO_CACHE_DIR"), hit)),
      rule("DS015", LOW, "apt-get install of unpinned packages",
          "Pin versions, as in 'apt-get install -y curl=7.88.1-10+deb12u8'.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> aptInstall(c)
              && !unpinned(c, APT_VALUE_OPTS, (p, cc) -> p.contains("=")).isEmpty(), hit)),
      rule("DS016", LOW, "apk add of unpinned packages",
          "Pin versions, as in 'apk add --no-cache curl=8.5.0-r0'.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.is("apk", "add")
              && !unpinned(c, APK_VALUE_OPTS, (p, cc) -> p.matches(".*[=~<>].*")).isEmpty(), hit)),
      rule("DS017", LOW, "pip install of unpinned packages",
          "Pin versions, as in 'pip install requests==2.32.3', or install from a requirements file.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.is("pip|pip3|pip2", "install")
              && !unpinned(c, PIP_VALUE_OPTS, (p, cc) -> p.matches(".*(==|>=|<=|~=|!=|<|>|@).*")).isEmpty(), hit)),
      rule("DS018", LOW, "npm install of unpinned packages",
          "Pin versions, as in 'npm install express@4.21.2', or use 'npm ci' with a lockfile.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.is("npm", "install|i|add")
              && !unpinned(c, NPM_VALUE_OPTS, (p, cc) -> p.lastIndexOf('@') > 0).isEmpty(), hit)),
      rule("DS019", LOW, "gem install of unpinned packages",
          "Pin versions, as in 'gem install rails:7.1.3' or 'gem install rails -v 7.1.3'.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.is("gem", "install") && !c.hasOption("-v", "--version")
              && !unpinned(c, GEM_VALUE_OPTS, (p, cc) -> p.contains(":")).isEmpty(), hit)),
      rule("DS020", MEDIUM, "Port 22 (SSH) exposed",
          "Do not run an SSH server in a container; remove 'EXPOSE 22' and use 'docker exec' instead.", null,
          false, (df, sh, hit) -> each(df, "EXPOSE", (d, i) -> i.words().stream().anyMatch(DockerfileRules::exposes22),
              hit)),
      rule("DS021", HIGH, "Secret-looking name in ENV or ARG",
          "Pass secrets at build time with 'RUN --mount=type=secret' and at run time from a secret store, "
              + "never in ENV or ARG (they stay in the image and its history).", "CIS-DI-0010", false,
          (df, sh, hit) -> {
            for (Instruction i : df.instructions()) {
              if ((i.is("ENV") || i.is("ARG"))
                  && DockerfileParser.keyValues(i.args(), i.is("ENV")).keySet().stream()
                      .anyMatch(SecretNames::looksSecret)) {
                hit.accept(i.startLine());
              }
            }
          }),
      rule("DS022", LOW, "No HEALTHCHECK in the final stage",
          "Add a HEALTHCHECK so the engine can tell when the container stops working.", "CIS-DI-0006", false,
          (df, sh, hit) -> {
            Stage s = df.finalStage();
            if (s != null && s.all("HEALTHCHECK").isEmpty() && !s.baseImage().equalsIgnoreCase("scratch")) {
              hit.accept(s.from().startLine());
            }
          }),
      rule("DS023", MEDIUM, "WORKDIR is a relative path",
          "Use an absolute path in WORKDIR so it does not depend on the previous one.", null, true,
          (df, sh, hit) -> each(df, "WORKDIR", (d, i) -> {
            String p = i.expandedArgs().strip().replace("\"", "");
            return !p.isEmpty() && !p.startsWith("/") && !p.startsWith("$") && !p.matches("[A-Za-z]:[\\\\/].*");
          }, hit)),
      rule("DS024", LOW, "cd used in RUN to change directory",
          "Use WORKDIR to change the working directory instead of 'cd' in RUN.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.program().equals("cd"), hit)),
      rule("DS025", HIGH, "chmod 777 makes files writable by everyone",
          "Grant only the permissions needed, such as 755 for directories and 644 for files.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.program().equals("chmod")
              && c.args().stream().anyMatch(a -> a.matches("0?[0-7]?777|a\\+rwx|o\\+w|a\\+w|ugo\\+rwx")), hit)),
      rule("DS026", HIGH, "TLS certificate checks disabled for a download",
          "Remove --no-check-certificate, -k/--insecure and --trusted-host; fix the CA certificates instead.",
          "CIS-DI-0011", true, (df, sh, hit) -> eachCommand(df, sh, (i, c) ->
              (c.program().equals("wget") && c.hasOption("--no-check-certificate"))
                  || (c.program().equals("curl") && c.hasOption("-k", "--insecure"))
                  || (PIP.matcher(c.program()).matches() && c.hasOption("--trusted-host"))
                  || (c.program().equals("npm") && c.words().stream().anyMatch(w -> w.equals("strict-ssl")))
                  || c.words().stream().anyMatch(w -> w.equalsIgnoreCase("sslverify=false")
                      || w.equals("NODE_TLS_REJECT_UNAUTHORIZED=0")), hit)),
      rule("DS027", HIGH, "Package signature checks disabled",
          "Keep package signature checks on: remove gpgcheck=0, [trusted=yes], --allow-unauthenticated, "
              + "--allow-untrusted and --nogpgcheck.", "CIS-DI-0011", true,
          (df, sh, hit) -> eachRun(df, sh, (i, cmds) -> scriptMatches(i, SIGNATURES_OFF), hit)),
      rule("DS028", MEDIUM, "More than one CMD in a stage",
          "Keep a single CMD per stage; only the last one takes effect.", null, false,
          (df, sh, hit) -> duplicates(df, "CMD", hit)),
      rule("DS029", MEDIUM, "More than one ENTRYPOINT in a stage",
          "Keep a single ENTRYPOINT per stage; only the last one takes effect.", null, false,
          (df, sh, hit) -> duplicates(df, "ENTRYPOINT", hit)),
      rule("DS030", LOW, "More than one HEALTHCHECK in a stage",
          "Keep a single HEALTHCHECK per stage; only the last one takes effect.", "CIS-DI-0006", false,
          (df, sh, hit) -> duplicates(df, "HEALTHCHECK", hit)),
      rule("DS031", LOW, "MAINTAINER is deprecated",
          "Replace MAINTAINER with 'LABEL org.opencontainers.image.authors=...'.", null, false,
          (df, sh, hit) -> each(df, "MAINTAINER", (d, i) -> true, hit)),
      rule("DS032", HIGH, "COPY --from names a stage that is not defined before it",
          "Define the stage (FROM ... AS name) before copying from it, or name an image with its tag.", null, false,
          (df, sh, hit) -> {
            for (Stage s : df.stages()) {
              for (Instruction i : s.all("COPY")) {
                String from = i.flag("from");
                if (from == null || from.contains("$") || from.contains(":") || from.contains("/")
                    || from.contains("@")) {
                  continue; // an image reference, not a stage
                }
                if (!stageNameKnown(df, from, s.index()) && !from.equalsIgnoreCase(s.name())
                    && !from.equals(String.valueOf(s.index()))) {
                  hit.accept(i.startLine());
                }
              }
            }
          }),
      rule("DS033", HIGH, "Stage name used twice",
          "Give every stage a unique name with FROM ... AS.", null, false,
          (df, sh, hit) -> {
            Set<String> seen = new HashSet<>();
            for (Stage s : df.stages()) {
              if (s.name() != null && !seen.add(s.name())) {
                hit.accept(s.from().startLine());
              }
            }
          }),
      rule("DS034", HIGH, "COPY --from names its own stage",
          "Copy from an earlier stage; a stage cannot copy from itself.", null, false,
          (df, sh, hit) -> {
            for (Stage s : df.stages()) {
              for (Instruction i : s.all("COPY")) {
                String from = i.flag("from");
                if (from != null && (from.equalsIgnoreCase(s.name()) || from.equals(String.valueOf(s.index())))) {
                  hit.accept(i.startLine());
                }
              }
            }
          }),
      rule("DS035", MEDIUM, "Distribution upgrade in the build (apt-get upgrade, dist-upgrade)",
          "Do not upgrade all packages in the build; use an up-to-date base image and pin what you install.",
          null, true, (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.is("apt-get|apt", "upgrade|dist-upgrade"
              + "|full-upgrade") || c.is("zypper", "dist-upgrade|dup|update|up") || c.is("apk", "upgrade"), hit)),
      rule("DS036", MEDIUM, "yum/dnf install without -y",
          "Add -y so the build never waits for an answer.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.is("yum|dnf|microdnf|tdnf", "install|groupinstall|localinstall")
              && !c.hasOption("-y", "--assumeyes"), hit)),
      rule("DS037", LOW, "yum/dnf cache not cleaned after install",
          "End the RUN with 'yum clean all' (or 'dnf clean all', 'rm -rf /var/cache/yum').", null, true,
          (df, sh, hit) -> eachRun(df, sh, (i, cmds) -> any(cmds, "yum|dnf|microdnf|tdnf", "install|groupinstall|localinstall")
              && !any(cmds, "yum|dnf|microdnf|tdnf", "clean") && !scriptMatches(i, P2)
              && i.flag("mount") == null, hit)),
      rule("DS038", MEDIUM, "zypper install without -n",
          "Add -n (--non-interactive) so the build never waits for an answer.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.program().equals("zypper") && c.args().stream()
              .anyMatch(a -> a.equals("install") || a.equals("in")) && !c.hasOption("-n", "--non-interactive", "-y",
                  "--no-confirm"), hit)),
      rule("DS039", LOW, "zypper cache not cleaned after install",
          "End the RUN with 'zypper clean'.", null, true,
          (df, sh, hit) -> eachRun(df, sh, (i, cmds) -> cmds.stream().anyMatch(c -> c.program().equals("zypper")
              && c.args().stream().anyMatch(a -> a.equals("install") || a.equals("in")))
              && cmds.stream().noneMatch(c -> c.program().equals("zypper")
                  && c.args().stream().anyMatch(a -> a.equals("clean") || a.equals("cc"))), hit)),
      rule("DS040", LOW, "useradd with a high UID without -l",
          "Add -l (--no-log-init) to useradd; a large UID otherwise fills the lastlog and faillog files.", null,
          true, (df, sh, hit) -> eachCommand(df, sh, (i, c) -> {
            if (!c.program().equals("useradd") || c.hasOption("-l", "--no-log-init")) {
              return false;
            }
            List<String> a = c.args();
            for (int k = 0; k < a.size(); k++) {
              String v = a.get(k).equals("-u") || a.get(k).equals("--uid") ? (k + 1 < a.size() ? a.get(k + 1) : "")
                  : a.get(k).startsWith("--uid=") ? a.get(k).substring(6) : null;
              if (v != null && v.matches("\\d{6,}")) {
                return true;
              }
            }
            return false;
          }, hit)),
      rule("DS041", LOW, "CMD or ENTRYPOINT in shell form",
          "Use the exec (JSON) form so the process gets signals directly, as in CMD [\"app\", \"--flag\"].", null,
          false, (df, sh, hit) -> {
            for (Instruction i : df.instructions()) {
              if ((i.is("CMD") || i.is("ENTRYPOINT")) && !i.jsonForm() && !i.args().isBlank()) {
                hit.accept(i.startLine());
              }
            }
          }),
      rule("DS042", LOW, "Consecutive RUN instructions",
          "Join consecutive RUN instructions with '&&' to make fewer layers.", null, false,
          (df, sh, hit) -> {
            for (Stage s : df.stages()) {
              List<Instruction> ins = s.instructions();
              for (int k = 1; k < ins.size(); k++) {
                if (ins.get(k).is("RUN") && ins.get(k - 1).is("RUN") && ins.get(k).flags().isEmpty()
                    && ins.get(k - 1).flags().isEmpty()) {
                  hit.accept(ins.get(k).startLine());
                }
              }
            }
          }),
      rule("DS043", LOW, "Both curl and wget used",
          "Use one download tool throughout the Dockerfile.", null, false,
          (df, sh, hit) -> {
            Map<String, Integer> first = new HashMap<>();
            eachCommand(df, sh, (i, c) -> {
              if (c.program().equals("curl") || c.program().equals("wget")) {
                first.putIfAbsent(c.program(), i.startLine());
              }
              return false;
            }, l -> { });
            if (first.size() == 2) {
              hit.accept(Math.max(first.get("curl"), first.get("wget")));
            }
          }),
      rule("DS044", LOW, "RUN replaces /bin/sh instead of using SHELL",
          "Use the SHELL instruction to change the default shell.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.program().equals("ln") && c.args().contains("/bin/sh"), hit)),
      rule("DS045", LOW, "Pipe in RUN without 'set -o pipefail'",
          "Start the RUN with 'set -o pipefail &&' (or set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]) "
              + "so a failing command before a pipe fails the build.", null, false,
          (df, sh, hit) -> {
            for (Stage s : df.stages()) {
              boolean pipefailShell = false;
              for (Instruction i : s.instructions()) {
                if (i.is("SHELL") && i.args().contains("pipefail")) {
                  pipefailShell = true;
                }
                if (i.is("RUN") && !i.jsonForm() && !pipefailShell && !i.script().contains("pipefail")
                    && sh.commands(i).stream().anyMatch(ShellCommand::pipedInto)) {
                  hit.accept(i.startLine());
                }
              }
            }
          }),
      rule("DS046", HIGH, "EXPOSE of a port outside 0-65535",
          "Expose only valid port numbers (0-65535).", null, false,
          (df, sh, hit) -> each(df, "EXPOSE", (d, i) -> i.words().stream().anyMatch(DockerfileRules::portOutOfRange),
              hit)),
      rule("DS047", MEDIUM, "COPY of several sources to a destination without a trailing slash",
          "End the destination with '/' when COPY or ADD has more than one source.", null, false,
          (df, sh, hit) -> {
            for (Instruction i : df.instructions()) {
              if ((i.is("COPY") || i.is("ADD")) && i.heredocs().isEmpty()) {
                List<String> w = i.words();
                if (w.size() > 2 && !w.get(w.size() - 1).endsWith("/") && !w.get(w.size() - 1).contains("$")) {
                  hit.accept(i.startLine());
                }
              }
            }
          }),
      rule("DS048", LOW, "apt used instead of apt-get",
          "Use apt-get or apt-cache in scripts; apt's interface is not stable for scripting.", null, true,
          (df, sh, hit) -> eachCommand(df, sh, (i, c) -> c.program().equals("apt"), hit)),
      rule("DS049", HIGH, "ONBUILD triggers a forbidden instruction",
          "ONBUILD cannot trigger FROM, ONBUILD or MAINTAINER; remove it.", null, false,
          (df, sh, hit) -> each(df, "ONBUILD", (d, i) -> {
            Instruction t = i.onbuildTrigger();
            return t != null && (t.is("FROM") || t.is("ONBUILD") || t.is("MAINTAINER"));
          }, hit)),
      rule("DS050", HIGH, "Secret-looking file copied into the image",
          "Do not copy keys, .env or credential files into images; mount them as build secrets or at run time.",
          "CIS-DI-0010", true, (df, sh, hit) -> {
            for (Instruction i : df.instructions()) {
              if ((i.is("COPY") || i.is("ADD")) && i.heredocs().isEmpty()) {
                List<String> w = i.words();
                if (w.size() >= 2 && w.subList(0, w.size() - 1).stream()
                    .anyMatch(x -> SECRET_FILE.matcher(x).find())) {
                  hit.accept(i.startLine());
                }
              }
            }
          }));

  /**
   * Runs rules over a parsed Dockerfile.
   *
   * @param dockerfile the file; not null
   * @param rules the rules to run; not null
   * @return the hits, ordered by line then id; never null
   */
  public static List<Hit> evaluate(Dockerfile dockerfile, List<DockerfileRule> rules) {
    List<Hit> out = new ArrayList<>();
    DockerfileRule.Scripts scripts = new DockerfileRule.Scripts();
    for (DockerfileRule r : rules) {
      Set<Integer> lines = new TreeSet<>();
      r.check().run(dockerfile, scripts, lines::add);
      for (int l : lines) {
        out.add(new Hit(r, l));
      }
    }
    out.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : a.rule().id().compareTo(b.rule().id()));
    return out;
  }

  /**
   * Runs every rule.
   *
   * @param dockerfile the file; not null
   * @return the hits, ordered by line then id; never null
   */
  public static List<Hit> evaluate(Dockerfile dockerfile) {
    return evaluate(dockerfile, ALL);
  }

  /**
   * Looks a rule up by id.
   *
   * @param id such as {@code DS001}; not null
   * @return the rule, or null
   */
  public static DockerfileRule byId(String id) {
    String want = id.toUpperCase(Locale.ROOT);
    return ALL.stream().filter(r -> r.id().equals(want)).findFirst().orElse(null);
  }

  /**
   * One rule broken at one line.
   *
   * @param rule the rule; never null
   * @param line the 1-based line
   */
  public record Hit(DockerfileRule rule, int line) {}
}
