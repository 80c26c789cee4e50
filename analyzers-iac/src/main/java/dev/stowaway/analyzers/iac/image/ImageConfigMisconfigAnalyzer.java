package dev.stowaway.analyzers.iac.image;

import static dev.stowaway.api.model.Severity.HIGH;
import static dev.stowaway.api.model.Severity.LOW;
import static dev.stowaway.api.model.Severity.MEDIUM;

import dev.stowaway.analyzers.iac.dockerfile.DockerfileRule;
import dev.stowaway.analyzers.iac.dockerfile.DockerfileRules;
import dev.stowaway.analyzers.iac.dockerfile.SecretNames;
import dev.stowaway.api.analysis.ConfigAnalyzer;
import dev.stowaway.api.analysis.ConfigContext;
import dev.stowaway.api.image.ImageConfig;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import dev.stowaway.api.model.Severity;
import java.util.List;
import java.util.Map;

/**
 * Judges an image from its config and history, after the build: the CIS Docker Benchmark section 4
 * controls that the config can answer (runs as root, no healthcheck, secrets in the environment or in
 * build arguments), sensitive exposed ports, and the history's {@code created_by} commands run through
 * the Dockerfile rules that look at single instructions ({@link DockerfileRule#appliesToHistory()}), so
 * {@code ADD} of a URL, {@code apt-get upgrade}, an update without an install, or disabled signature
 * checks are found in a built image too.
 *
 * <p>Config findings are at {@link ConfigContext#configLocation()} with {@code nestedPath} naming the
 * field ({@code Env/GITHUB_TOKEN}, {@code ExposedPorts/22/tcp}); history findings at
 * {@link ConfigContext#historyLocation(int)} with line 0. Stateless and thread-safe.
 *
 * <p>Rule ids: {@code IMG001} root user, {@code IMG002} sensitive port, {@code IMG003} no healthcheck,
 * {@code IMG004} secret-looking environment variable, {@code IMG005} secret-looking build argument,
 * {@code IMG006} image tagged {@code latest}.
 */
public final class ImageConfigMisconfigAnalyzer implements ConfigAnalyzer {
  /** Ports whose services do not belong in a container image, with their service name. */
  static final Map<String, String> SENSITIVE_PORTS = Map.of("22", "SSH", "23", "Telnet", "2375", "Docker API",
      "2376", "Docker API", "3389", "RDP", "5900", "VNC", "21", "FTP");

  /** The public no-argument constructor ServiceLoader needs. */
  public ImageConfigMisconfigAnalyzer() {}

  @Override
  public String id() {
    return "image-config-misconfig";
  }

  @Override
  public String version() {
    return "1";
  }

  private static MisconfigurationFinding finding(String id, Severity sev, String title, String remediation,
      String benchmark, Location loc) {
    return new MisconfigurationFinding(id, sev, title, remediation, benchmark, loc, 0);
  }

  private static Location field(ConfigContext ctx, String nested) {
    Location c = ctx.configLocation();
    return new Location(c.layer(), c.path(), nested);
  }

  @Override
  public void analyze(ImageConfig config, ConfigContext ctx) {
    if (config.user() == null || config.user().isBlank() || DockerfileRules.isRoot(config.user())) {
      ctx.addFinding(finding("IMG001", HIGH, "Image runs as root (no USER, or USER root/0)",
          "Create a non-root user in the image and set it with USER.", "CIS-DI-0001", field(ctx, "User")));
    }
    for (String port : config.exposedPorts()) {
      String number = port.contains("/") ? port.substring(0, port.indexOf('/')) : port;
      String service = SENSITIVE_PORTS.get(number);
      if (service != null) {
        ctx.addFinding(finding("IMG002", MEDIUM, "Sensitive port exposed: " + port + " (" + service + ")",
            "Do not run " + service + " in a container; remove the port from EXPOSE.", null,
            field(ctx, "ExposedPorts/" + port)));
      }
    }
    if (isLatest(ctx.imageName())) {
      ctx.addFinding(finding("IMG006", MEDIUM, "Image is tagged 'latest': " + ctx.imageName(),
          "Tag images with an immutable version (or refer to them by digest) so a scan and a deployment see the same image.",
          null, field(ctx, "Tag")));
    }
    List<String> hc = config.healthcheck();
    if (hc.isEmpty() || hc.get(0).equalsIgnoreCase("NONE")) {
      ctx.addFinding(finding("IMG003", LOW, "Image has no HEALTHCHECK",
          "Add a HEALTHCHECK so the engine can tell when the container stops working.", "CIS-DI-0006",
          field(ctx, "Healthcheck")));
    }
    for (String e : config.env()) {
      int eq = e.indexOf('=');
      String name = eq < 0 ? e : e.substring(0, eq);
      String value = eq < 0 ? "" : e.substring(eq + 1);
      if (!value.isEmpty() && SecretNames.looksSecret(name)) {
        ctx.addFinding(finding("IMG004", HIGH, "Secret-looking environment variable in the image config: " + name,
            "Pass secrets at run time from a secret store instead of baking them into the image's ENV.",
            "CIS-DI-0010", field(ctx, "Env/" + name)));
      }
    }
    HistoryInstructions.Recovered recovered;
    try {
      recovered = HistoryInstructions.of(config.history());
    } catch (RuntimeException e) {
      ctx.addIssue("history not understood: " + e);
      return;
    }
    for (Map.Entry<Integer, List<String>> args : recovered.buildArgNames().entrySet()) {
      for (String name : args.getValue()) {
        if (SecretNames.looksSecret(name)) {
          ctx.addFinding(finding("IMG005", HIGH, "Secret-looking build argument recorded in the history: " + name,
              "Use 'RUN --mount=type=secret' instead of build arguments for secrets; they stay in the history.",
              "CIS-DI-0010", ctx.historyLocation(args.getKey())));
        }
      }
    }
    List<DockerfileRule> rules = DockerfileRules.ALL.stream().filter(DockerfileRule::appliesToHistory).toList();
    for (DockerfileRules.Hit h : DockerfileRules.evaluate(recovered.dockerfile(), rules)) {
      ctx.addFinding(h.rule().finding(ctx.historyLocation(h.line() - 1), 0));
    }
  }

  /** True for names whose tag is {@code latest}: {@code repo:latest}, {@code oci:/dir:latest}; a digest wins. */
  static boolean isLatest(String name) {
    if (name == null || name.contains("@sha256:")) {
      return false;
    }
    int slash = name.lastIndexOf('/');
    String last = name.substring(slash + 1);
    return last.endsWith(":latest");
  }
}
