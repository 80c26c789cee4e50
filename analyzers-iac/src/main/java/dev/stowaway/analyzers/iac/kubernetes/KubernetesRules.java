package dev.stowaway.analyzers.iac.kubernetes;

import static dev.stowaway.api.model.Severity.HIGH;
import static dev.stowaway.api.model.Severity.LOW;
import static dev.stowaway.api.model.Severity.MEDIUM;

import dev.stowaway.analyzers.iac.dockerfile.SecretNames;
import dev.stowaway.api.model.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * The Kubernetes rule table, {@code K8S001} to {@code K8S023}: the Pod Security Standards baseline and
 * restricted controls as the Kubernetes documentation defines them, then general hardening checks.
 * Benchmark ids name the profile and control ({@code k8s-pss-baseline:host-namespaces}). Stateless and
 * thread-safe.
 *
 * @see <a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/">Pod Security Standards</a>
 */
public final class KubernetesRules {
  private KubernetesRules() {}

  /** Capabilities the baseline profile lets containers add. */
  static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
      "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
  /** The sysctls the baseline profile allows. */
  static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
      "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
      "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
      "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
  /** The volume types the restricted profile allows. */
  static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
      "persistentVolumeClaim", "projected", "secret");
  private static final Set<String> SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
  private static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

  private static final String B = "k8s-pss-baseline:";
  private static final String R = "k8s-pss-restricted:";

  private static KubernetesRule rule(String id, Severity sev, String title, String remediation, String benchmark,
      KubernetesRule.Check check) {
    return new KubernetesRule(id, sev, title, remediation, benchmark, check);
  }

  private static int lineOr(Node n, Node fallback) {
    int l = Yaml.line(n);
    return l > 0 ? l : Yaml.line(fallback);
  }

  /** Runs a check on the pod-level security context and on each container's. */
  private interface ContextCheck {
    Node bad(Node securityContext);
  }

  private static void everyContext(PodTemplate p, KubernetesRule.Hits hits, ContextCheck c) {
    Node podBad = c.bad(p.podSecurityContext());
    if (podBad != null) {
      hits.hit(Yaml.line(podBad), null);
    }
    for (PodTemplate.Container k : p.containers()) {
      Node bad = c.bad(k.securityContext());
      if (bad != null) {
        hits.hit(lineOr(bad, k.node()), k.name());
      }
    }
  }

  private static void everyContainer(PodTemplate p, KubernetesRule.Hits hits, ContextCheck c) {
    for (PodTemplate.Container k : p.containers()) {
      Node bad = c.bad(k.node());
      if (bad != null) {
        hits.hit(lineOr(bad, k.node()), k.name());
      }
    }
  }

  private static String seccompType(Node sc) {
    return Yaml.str(sc, "seccompProfile", "type");
  }

  /** Every rule, ordered by id. */
  public static final List<KubernetesRule> ALL = List.of(
      rule("K8S001", HIGH, "Windows HostProcess container",
          "Remove windowsOptions.hostProcess; HostProcess containers have full access to the host.",
          B + "host-process", (p, h) -> everyContext(p, h, sc -> {
            Node n = Yaml.path(sc, "windowsOptions", "hostProcess");
            return Yaml.isTrue(n) ? n : null;
          })),
      rule("K8S002", HIGH, "Pod shares a host namespace (hostNetwork, hostPID or hostIPC)",
          "Remove hostNetwork, hostPID and hostIPC or set them to false.", B + "host-namespaces",
          (p, h) -> {
            for (String k : List.of("hostNetwork", "hostPID", "hostIPC")) {
              Node n = Yaml.get(p.spec(), k);
              if (Yaml.isTrue(n)) {
                h.hit(Yaml.line(n), null);
              }
            }
          }),
      rule("K8S003", HIGH, "Privileged container",
          "Remove securityContext.privileged or set it to false.", B + "privileged",
          (p, h) -> everyContainer(p, h, c -> {
            Node n = Yaml.path(c, "securityContext", "privileged");
            return Yaml.isTrue(n) ? n : null;
          })),
      rule("K8S004", MEDIUM, "Container adds capabilities beyond the baseline set",
          "Add only capabilities of the baseline set (such as NET_BIND_SERVICE); never SYS_ADMIN, NET_ADMIN or ALL.",
          B + "capabilities", (p, h) -> everyContainer(p, h, c -> {
            Node add = Yaml.path(c, "securityContext", "capabilities", "add");
            for (Node cap : Yaml.seq(add)) {
              String s = Yaml.str(cap);
              if (s != null && !BASELINE_CAPABILITIES.contains(s.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", ""))) {
                return cap;
              }
            }
            return null;
          })),
      rule("K8S005", HIGH, "hostPath volume",
          "Use a persistentVolumeClaim, configMap, secret or emptyDir instead of a hostPath volume.",
          B + "host-path-volumes", (p, h) -> {
            for (Node v : Yaml.seq(Yaml.get(p.spec(), "volumes"))) {
              Node hp = Yaml.keyNode(v, "hostPath");
              if (hp != null) {
                h.hit(Yaml.line(hp), null);
              }
            }
          }),
      rule("K8S006", MEDIUM, "Container binds a host port",
          "Remove hostPort and expose the container through a Service.", B + "host-ports",
          (p, h) -> everyContainer(p, h, c -> {
            for (Node port : Yaml.seq(Yaml.get(c, "ports"))) {
              Node hp = Yaml.get(port, "hostPort");
              String v = Yaml.str(hp);
              if (v != null && !v.equals("0")) {
                return hp;
              }
            }
            return null;
          })),
      rule("K8S007", MEDIUM, "AppArmor profile overridden",
          "Use the RuntimeDefault or a Localhost AppArmor profile; never Unconfined.", B + "apparmor",
          (p, h) -> {
            everyContext(p, h, sc -> {
              Node t = Yaml.path(sc, "appArmorProfile", "type");
              String v = Yaml.str(t);
              return v != null && !Set.of("RuntimeDefault", "Localhost").contains(v) ? t : null;
            });
            for (NodeTuple a : Yaml.entries(Yaml.get(p.podMetadata(), "annotations"))) {
              String k = Yaml.str(a.getKeyNode());
              String v = Yaml.str(a.getValueNode());
              if (k != null && k.startsWith(APPARMOR_ANNOTATION) && v != null && !v.equals("runtime/default")
                  && !v.startsWith("localhost/")) {
                h.hit(Yaml.line(a.getKeyNode()), k.substring(APPARMOR_ANNOTATION.length()));
              }
            }
          }),
      rule("K8S008", MEDIUM, "SELinux options set a custom type, user or role",
          "Remove seLinuxOptions.user and .role and use one of the container_t types.", B + "selinux",
          (p, h) -> everyContext(p, h, sc -> {
            Node opts = Yaml.get(sc, "seLinuxOptions");
            Node type = Yaml.get(opts, "type");
            if (type != null && !SELINUX_TYPES.contains(String.valueOf(Yaml.str(type)))) {
              return type;
            }
            for (String k : List.of("user", "role")) {
              Node n = Yaml.get(opts, k);
              if (n != null && !"".equals(Yaml.str(n))) {
                return n;
              }
            }
            return null;
          })),
      rule("K8S009", MEDIUM, "Unmasked /proc mount",
          "Remove securityContext.procMount or set it to Default.", B + "proc-mount",
          (p, h) -> everyContainer(p, h, c -> {
            Node n = Yaml.path(c, "securityContext", "procMount");
            return n != null && !"Default".equals(Yaml.str(n)) ? n : null;
          })),
      rule("K8S010", HIGH, "Seccomp profile set to Unconfined",
          "Set seccompProfile.type to RuntimeDefault or Localhost.", B + "seccomp",
          (p, h) -> everyContext(p, h, sc -> {
            Node t = Yaml.path(sc, "seccompProfile", "type");
            return "Unconfined".equals(Yaml.str(t)) ? t : null;
          })),
      rule("K8S011", MEDIUM, "Unsafe sysctl",
          "Set only the namespaced sysctls the baseline profile allows, such as net.ipv4.ip_local_port_range.",
          B + "sysctls", (p, h) -> {
            for (Node s : Yaml.seq(Yaml.path(p.spec(), "securityContext", "sysctls"))) {
              String n = Yaml.str(s, "name");
              if (n != null && !SAFE_SYSCTLS.contains(n)) {
                h.hit(Yaml.line(s), null);
              }
            }
          }),
      rule("K8S012", LOW, "Volume type not allowed by the restricted profile",
          "Use only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or "
              + "secret volumes.", R + "volume-types", (p, h) -> {
            for (Node v : Yaml.seq(Yaml.get(p.spec(), "volumes"))) {
              for (NodeTuple t : Yaml.entries(v)) {
                String k = Yaml.str(t.getKeyNode());
                if (k != null && !k.equals("name") && !RESTRICTED_VOLUMES.contains(k)) {
                  h.hit(Yaml.line(t.getKeyNode()), null);
                }
              }
            }
          }),
      rule("K8S013", MEDIUM, "Container allows privilege escalation",
          "Set securityContext.allowPrivilegeEscalation to false.", R + "privilege-escalation",
          (p, h) -> everyContainer(p, h, c -> {
            Node n = Yaml.path(c, "securityContext", "allowPrivilegeEscalation");
            return Yaml.isFalse(n) ? null : n != null ? n : c;
          })),
      rule("K8S014", MEDIUM, "Container may run as root (runAsNonRoot not true)",
          "Set securityContext.runAsNonRoot to true for the pod or every container.", R + "running-as-non-root",
          (p, h) -> {
            boolean pod = Yaml.isTrue(Yaml.get(p.podSecurityContext(), "runAsNonRoot"));
            for (PodTemplate.Container c : p.containers()) {
              Node n = Yaml.path(c.node(), "securityContext", "runAsNonRoot");
              if (Yaml.isFalse(n) || (n == null && !pod)) {
                h.hit(lineOr(n, c.node()), c.name());
              }
            }
          }),
      rule("K8S015", HIGH, "Runs as user 0 (root)",
          "Set runAsUser to a non-zero UID.", R + "running-as-non-root-user",
          (p, h) -> everyContext(p, h, sc -> {
            Node n = Yaml.get(sc, "runAsUser");
            return "0".equals(Yaml.str(n)) ? n : null;
          })),
      rule("K8S016", LOW, "Seccomp profile not set to RuntimeDefault or Localhost",
          "Set securityContext.seccompProfile.type to RuntimeDefault for the pod or every container.",
          R + "seccomp", (p, h) -> {
            String pod = seccompType(p.podSecurityContext());
            boolean podOk = "RuntimeDefault".equals(pod) || "Localhost".equals(pod);
            for (PodTemplate.Container c : p.containers()) {
              String t = seccompType(c.securityContext());
              boolean ok = t == null ? podOk : t.equals("RuntimeDefault") || t.equals("Localhost");
              if (!ok) {
                h.hit(lineOr(Yaml.path(c.securityContext(), "seccompProfile"), c.node()), c.name());
              }
            }
          }),
      rule("K8S017", MEDIUM, "Container does not drop ALL capabilities, or adds one other than NET_BIND_SERVICE",
          "Set capabilities.drop to [\"ALL\"] and add back only NET_BIND_SERVICE if needed.", R + "capabilities",
          (p, h) -> everyContainer(p, h, c -> {
            Node caps = Yaml.path(c, "securityContext", "capabilities");
            for (Node a : Yaml.seq(Yaml.get(caps, "add"))) {
              if (!"NET_BIND_SERVICE".equals(Yaml.str(a))) {
                return a;
              }
            }
            boolean dropsAll = Yaml.strings(Yaml.get(caps, "drop")).stream().anyMatch(s -> s.equalsIgnoreCase("ALL"));
            return dropsAll ? null : caps != null ? caps : c;
          })),
      rule("K8S018", MEDIUM, "Image uses the ':latest' tag or no tag",
          "Pin container images to a version tag or, better, a digest.", null,
          (p, h) -> everyContainer(p, h, c -> {
            Node img = Yaml.get(c, "image");
            String s = Yaml.str(img);
            if (s == null || s.contains("@")) {
              return null;
            }
            int slash = s.lastIndexOf('/');
            int colon = s.indexOf(':', slash + 1);
            return colon < 0 || s.substring(colon + 1).equals("latest") ? img : null;
          })),
      rule("K8S019", LOW, "Container has no CPU or memory limit",
          "Set resources.limits.cpu and resources.limits.memory.", null,
          (p, h) -> everyContainer(p, h, c -> {
            Node limits = Yaml.path(c, "resources", "limits");
            return Yaml.get(limits, "cpu") == null || Yaml.get(limits, "memory") == null
                ? (limits != null ? limits : c) : null;
          })),
      rule("K8S020", LOW, "Root filesystem is writable (readOnlyRootFilesystem not true)",
          "Set securityContext.readOnlyRootFilesystem to true and mount writable volumes where needed.", null,
          (p, h) -> everyContainer(p, h, c -> {
            Node n = Yaml.path(c, "securityContext", "readOnlyRootFilesystem");
            return Yaml.isTrue(n) ? null : n != null ? n : c;
          })),
      rule("K8S021", LOW, "Workload in the default namespace",
          "Deploy workloads into a dedicated namespace.", null,
          (p, h) -> {
            if (p.namespace() == null || p.namespace().isEmpty() || p.namespace().equals("default")) {
              Node ns = Yaml.path(p.resource(), "metadata", "namespace");
              h.hit(lineOr(ns, p.resource()), null);
            }
          }),
      rule("K8S022", LOW, "Service account token mounted automatically",
          "Set automountServiceAccountToken to false unless the pod talks to the Kubernetes API.", null,
          (p, h) -> {
            Node n = Yaml.get(p.spec(), "automountServiceAccountToken");
            if (!Yaml.isFalse(n)) {
              h.hit(lineOr(n, p.spec()), null);
            }
          }),
      rule("K8S023", HIGH, "Secret-looking environment variable set to a literal value",
          "Take secrets from a Secret with valueFrom.secretKeyRef instead of a literal value.", null,
          (p, h) -> everyContainer(p, h, c -> {
            for (Node e : Yaml.seq(Yaml.get(c, "env"))) {
              String name = Yaml.str(e, "name");
              String value = Yaml.str(e, "value");
              if (name != null && value != null && !value.isEmpty() && SecretNames.looksSecret(name)) {
                return e;
              }
            }
            return null;
          })));

  /**
   * Looks a rule up by id.
   *
   * @param id such as {@code K8S003}; not null
   * @return the rule, or null
   */
  public static KubernetesRule byId(String id) {
    return ALL.stream().filter(r -> r.id().equalsIgnoreCase(id)).findFirst().orElse(null);
  }
}
