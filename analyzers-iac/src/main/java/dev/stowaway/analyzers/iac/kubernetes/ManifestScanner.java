package dev.stowaway.analyzers.iac.kubernetes;

import dev.stowaway.api.analysis.ScanLimits;
import dev.stowaway.api.model.AnalysisIssue;
import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Checks Kubernetes manifests: multi-document YAML, {@code List} kinds, and the pod templates of Pod,
 * Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob and PodTemplate,
 * against {@link KubernetesRules#ALL}.
 *
 * <p>YAML is composed to nodes (not objects) with snakeyaml-engine, so lines are kept and aliases are
 * shared rather than copied; collection aliases, document size and {@code List} nesting are bounded, so
 * alias bombs and huge inputs give an issue, not unbounded time or memory. Stateless and thread-safe.
 *
 * @see <a href="https://yaml.org/spec/1.2.2/">YAML 1.2.2</a>
 * @see <a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/">Pod Security Standards</a>
 */
public final class ManifestScanner {
  /** The largest manifest read, in code points (8 Mi). */
  public static final int MAX_CODE_POINTS = 8 << 20;
  /** How many collection aliases one document may use (the default {@link ScanLimits#maxYamlAliases()}). */
  public static final int MAX_ALIASES = ScanLimits.DEFAULT_MAX_YAML_ALIASES;
  /** The analyzer name on issues. */
  public static final String ANALYZER = "kubernetes";

  private static final Pattern API_VERSION = Pattern.compile("(?m)^\\s*(- )?apiVersion\\s*:");
  private static final Pattern KIND = Pattern.compile("(?m)^\\s*(- )?kind\\s*:");
  private static final Set<String> TEMPLATE_KINDS =
      Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job");

  private ManifestScanner() {}

  /**
   * The outcome of checking one manifest file.
   *
   * @param findings the findings, in document order; never null
   * @param issues the problems met, such as a YAML syntax error with its line; never null
   * @param resources how many Kubernetes objects (documents or {@code List} items with a kind) were seen
   * @param podTemplates how many pod specs were checked
   */
  public record Result(List<MisconfigurationFinding> findings, List<AnalysisIssue> issues, int resources,
      int podTemplates) {
    /** Copies the lists. */
    public Result {
      findings = List.copyOf(findings);
      issues = List.copyOf(issues);
    }
  }

  /**
   * Tells cheaply whether text looks like a Kubernetes manifest (has {@code apiVersion:} and {@code kind:}
   * keys), before parsing it.
   *
   * @param text the file content; not null
   * @return whether to parse it as a manifest
   */
  public static boolean looksLikeManifest(String text) {
    return API_VERSION.matcher(text).find() && KIND.matcher(text).find();
  }

  /**
   * Checks a manifest.
   *
   * @param yaml the file content; not null
   * @param location where the file is; findings get it with {@code nestedPath} set to
   *     {@code Kind/name} or {@code Kind/name/container=NAME}; not null
   * @return findings and issues; never null
   */
  public static Result scan(String yaml, Location location) {
    return scan(yaml, location, ScanLimits.defaults());
  }

  /**
   * Checks every Kubernetes object in a YAML text against the built-in rules, with the YAML bounds of
   * {@code limits} ({@link ScanLimits#maxYamlAliases()}, {@link ScanLimits#maxYamlDepth()}).
   *
   * @param yaml the file content; not null
   * @param location where the file is; not null
   * @param limits the limits; not null
   * @return findings and issues; never null
   */
  public static Result scan(String yaml, Location location, ScanLimits limits) {
    List<MisconfigurationFinding> findings = new ArrayList<>();
    List<AnalysisIssue> issues = new ArrayList<>();
    if (yaml.length() > MAX_CODE_POINTS) {
      issues.add(new AnalysisIssue(ANALYZER, location, "line 1: manifest larger than " + MAX_CODE_POINTS
          + " characters; not parsed"));
      return new Result(findings, issues, 0, 0);
    }
    LoadSettings settings = LoadSettings.builder()
        .setLabel(location.path())
        .setMaxAliasesForCollections(limits.maxYamlAliases())
        .setAllowRecursiveKeys(false)
        .setAllowDuplicateKeys(true)
        .setCodePointLimit(MAX_CODE_POINTS)
        .build();
    int[] counts = new int[2];
    try {
      int depth = depth(settings, yaml, limits.maxYamlDepth());
      if (depth > limits.maxYamlDepth()) {
        issues.add(new AnalysisIssue(ANALYZER, location, "line 0: YAML nested deeper than " + limits.maxYamlDepth()
            + " levels (limit maxYamlDepth); not parsed"));
        return new Result(findings, issues, 0, 0);
      }
      Iterator<Node> docs = new Compose(settings).composeAllFromString(yaml).iterator();
      while (docs.hasNext()) {
        Node doc = docs.next();
        List<PodTemplate> pods = new ArrayList<>();
        collect(doc, 0, pods, counts);
        for (PodTemplate p : pods) {
          counts[1]++;
          check(p, location, findings);
        }
      }
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      issues.add(new AnalysisIssue(ANALYZER, location, "line " + line + ": invalid YAML: " + e.getProblem()));
    } catch (YamlEngineException | IllegalStateException e) {
      // alias limits, code point limit, recursion: all bounded failures of the composer
      issues.add(new AnalysisIssue(ANALYZER, location, "line 0: YAML rejected: " + firstLine(e.getMessage())));
    } catch (StackOverflowError e) {
      issues.add(new AnalysisIssue(ANALYZER, location, "line 0: YAML nested too deeply"));
    }
    return new Result(findings, issues, counts[0], counts[1]);
  }

  /**
   * Measures the nesting of mappings and sequences from the parser's events, which need no recursion, so
   * that the (recursive) composer never sees a document deeper than the limit. Stops early once over it.
   */
  private static int depth(LoadSettings settings, String yaml, int max) {
    int depth = 0;
    int deepest = 0;
    try {
      for (Event e : new Parse(settings).parseString(yaml)) {
        Event.ID id = e.getEventId();
        if (id == Event.ID.MappingStart || id == Event.ID.SequenceStart) {
          deepest = Math.max(deepest, ++depth);
          if (deepest > max) {
            return deepest;
          }
        } else if (id == Event.ID.MappingEnd || id == Event.ID.SequenceEnd) {
          depth--;
        }
      }
    } catch (YamlEngineException e) {
      // A syntax error: the composer reports it with its line, after the documents before it.
    }
    return deepest;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void collect(Node doc, int depth, List<PodTemplate> out, int[] counts) {
    String kind = Yaml.str(doc, "kind");
    if (kind == null || !(doc instanceof MappingNode)) {
      return;
    }
    counts[0]++;
    if (kind.endsWith("List")) {
      if (depth < 3) {
        for (Node item : Yaml.seq(Yaml.get(doc, "items"))) {
          collect(item, depth + 1, out, counts);
        }
      }
      return;
    }
    Node meta = Yaml.get(doc, "metadata");
    String name = Yaml.str(meta, "name");
    String ns = Yaml.str(meta, "namespace");
    Node template;
    if (kind.equals("Pod")) {
      add(out, kind, name, ns, doc, meta, Yaml.get(doc, "spec"));
      return;
    } else if (TEMPLATE_KINDS.contains(kind)) {
      template = Yaml.path(doc, "spec", "template");
    } else if (kind.equals("CronJob")) {
      template = Yaml.path(doc, "spec", "jobTemplate", "spec", "template");
    } else if (kind.equals("PodTemplate")) {
      template = Yaml.get(doc, "template");
    } else {
      return;
    }
    add(out, kind, name, ns, doc, Yaml.get(template, "metadata"), Yaml.get(template, "spec"));
  }

  private static void add(List<PodTemplate> out, String kind, String name, String ns, Node doc, Node podMeta,
      Node spec) {
    if (spec instanceof MappingNode) {
      out.add(new PodTemplate(kind, name == null ? "" : name, ns, doc, podMeta, spec));
    }
  }

  private static void check(PodTemplate p, Location location, List<MisconfigurationFinding> out) {
    for (KubernetesRule r : KubernetesRules.ALL) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      r.check().run(p, (line, container) -> {
        String nested = container == null ? p.resourceName() : p.resourceName() + "/container=" + container;
        if (seen.add(nested + "@" + line)) {
          out.add(new MisconfigurationFinding(r.id(), r.severity(), r.title(), r.remediation(), r.benchmark(),
              new Location(location.layer(), location.path(), nested), line));
        }
      });
    }
  }
}
