package dev.stowaway.analyzers.iac.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowaway.api.model.Location;
import dev.stowaway.api.model.MisconfigurationFinding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestScannerTest {

  private static final Location LOC = new Location(null, "deploy/app.yaml", null);

  /**
   * A Pod that passes every rule; each {@code %HOOK%} is replaced by a case's text (or its default).
   * Hooks: ANN (pod annotations, indent 4), SPEC (pod spec, indent 2), PODSC (pod securityContext, indent 4),
   * C (container, indent 4), CSC (container securityContext, indent 6), CAPS (capabilities, indent 6).
   */
  private static final String POD = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
        namespace: apps
        annotations:
          note: x
      %ANN%
      spec:
        automountServiceAccountToken: false
      %SPEC%
        securityContext:
          runAsNonRoot: true
          seccompProfile:
            type: RuntimeDefault
      %PODSC%
        containers:
        - name: app
          image: registry.example.com/app:1.2.3
          resources:
            limits: {cpu: 500m, memory: 256Mi}
      %C%
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
      %CSC%
      %CAPS%
      """;

  private static String pod(String... hookAndText) {
    Map<String, String> hooks = new HashMap<>(Map.of("ANN", "", "SPEC", "", "PODSC", "", "C", "", "CSC", "",
        "CAPS", "      capabilities:\n        drop: [\"ALL\"]"));
    for (int k = 0; k < hookAndText.length; k += 2) {
      hooks.put(hookAndText[k], hookAndText[k + 1]);
    }
    String s = POD;
    for (Map.Entry<String, String> e : hooks.entrySet()) {
      s = s.replace("%" + e.getKey() + "%", e.getValue());
    }
    return s.lines().filter(l -> !l.isBlank()).collect(Collectors.joining("\n", "", "\n"));
  }

  private static int lineOf(String yaml, String marker) {
    List<String> lines = yaml.lines().toList();
    for (int k = 0; k < lines.size(); k++) {
      if (lines.get(k).contains(marker)) {
        return k + 1;
      }
    }
    throw new AssertionError("marker not found: " + marker);
  }

  private static List<MisconfigurationFinding> findings(String yaml, String id) {
    return ManifestScanner.scan(yaml, LOC).findings().stream().filter(f -> f.id().equals(id)).toList();
  }

  /** id, offending pod, marker of the reported line, near-miss pod that must pass. Examples after the PSS page. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("K8S001", pod("PODSC", "    windowsOptions:\n      hostProcess: true"), "hostProcess",
            pod("PODSC", "    windowsOptions:\n      hostProcess: false")),
        Arguments.of("K8S002", pod("SPEC", "  hostPID: true"), "hostPID", pod("SPEC", "  hostNetwork: false")),
        Arguments.of("K8S003", pod("CSC", "      privileged: true"), "privileged",
            pod("CSC", "      privileged: false")),
        Arguments.of("K8S004", pod("CAPS", "      capabilities:\n        drop: [ALL]\n        add: [NET_ADMIN]"),
            "add:", pod("CAPS", "      capabilities:\n        drop: [ALL]\n        add: [CHOWN, NET_BIND_SERVICE]")),
        Arguments.of("K8S005", pod("SPEC", "  volumes:\n  - name: h\n    hostPath: {path: /etc}"), "hostPath",
            pod("SPEC", "  volumes:\n  - name: e\n    emptyDir: {}")),
        Arguments.of("K8S006", pod("C", "    ports:\n    - containerPort: 80\n      hostPort: 80"), "hostPort",
            pod("C", "    ports:\n    - containerPort: 80\n      hostPort: 0")),
        Arguments.of("K8S007",
            pod("ANN", "    container.apparmor.security.beta.kubernetes.io/app: unconfined"), "apparmor",
            pod("ANN", "    container.apparmor.security.beta.kubernetes.io/app: localhost/my-profile",
                "CSC", "      appArmorProfile:\n        type: RuntimeDefault")),
        Arguments.of("K8S008", pod("CSC", "      seLinuxOptions:\n        type: spc_t"), "spc_t",
            pod("CSC", "      seLinuxOptions:\n        type: container_init_t\n        level: s0:c123,c456")),
        Arguments.of("K8S009", pod("CSC", "      procMount: Unmasked"), "procMount",
            pod("CSC", "      procMount: Default")),
        Arguments.of("K8S010", pod("CSC", "      seccompProfile:\n        type: Unconfined"), "Unconfined",
            pod("CSC", "      seccompProfile:\n        type: Localhost\n        localhostProfile: p.json")),
        Arguments.of("K8S011", pod("PODSC", "    sysctls:\n    - name: kernel.msgmax\n      value: \"65536\""),
            "kernel.msgmax", pod("PODSC", "    sysctls:\n    - name: net.ipv4.tcp_syncookies\n      value: \"1\"")),
        Arguments.of("K8S012", pod("SPEC", "  volumes:\n  - name: n\n    nfs: {server: s, path: /x}"), "nfs:",
            pod("SPEC", "  volumes:\n  - name: c\n    configMap: {name: c}\n  - name: p\n    projected: {sources: []}")),
        Arguments.of("K8S013", pod("CSC", "      runAsUser: 1000",
                "CAPS", "      capabilities:\n        drop: [ALL]\n      allowPrivilegeEscalation: true")
                .replace("      allowPrivilegeEscalation: false\n", ""), "allowPrivilegeEscalation: true",
            pod()),
        Arguments.of("K8S014", pod("CSC", "      runAsNonRoot: false"), "runAsNonRoot: false",
            pod("PODSC", "    runAsUser: 1000").replace("    runAsNonRoot: true\n", "")
                .replace("      readOnlyRootFilesystem: true\n", "      readOnlyRootFilesystem: true\n      runAsNonRoot: true\n")),
        Arguments.of("K8S015", pod("PODSC", "    runAsUser: 0"), "runAsUser: 0", pod("PODSC", "    runAsUser: 1000")),
        Arguments.of("K8S016", pod().replace("    seccompProfile:\n      type: RuntimeDefault\n", ""), "- name: app",
            pod().replace("    seccompProfile:\n      type: RuntimeDefault\n", "")
                .replace("      readOnlyRootFilesystem: true\n",
                    "      readOnlyRootFilesystem: true\n      seccompProfile: {type: RuntimeDefault}\n")),
        Arguments.of("K8S017", pod("CAPS", "      capabilities:\n        drop: [NET_RAW]"), "drop: [NET_RAW]",
            pod("CAPS", "      capabilities:\n        drop: [ALL]\n        add: [NET_BIND_SERVICE]")),
        Arguments.of("K8S018", pod().replace("app:1.2.3", "app:latest"), "app:latest",
            pod().replace("app:1.2.3", "app@sha256:" + "c".repeat(64))),
        Arguments.of("K8S019", pod().replace("limits: {cpu: 500m, memory: 256Mi}", "limits: {memory: 256Mi}"),
            "limits:", pod()),
        Arguments.of("K8S020", pod().replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"),
            "readOnlyRootFilesystem", pod()),
        Arguments.of("K8S021", pod().replace("namespace: apps", "namespace: default"), "namespace: default",
            pod()),
        Arguments.of("K8S022", pod().replace("automountServiceAccountToken: false", "automountServiceAccountToken: true"),
            "automountServiceAccountToken", pod()),
        Arguments.of("K8S023", pod("C", "    env:\n    - name: API_TOKEN\n      value: abc"), "- name: API_TOKEN",
            pod("C", "    env:\n    - name: API_TOKEN\n      valueFrom: {secretKeyRef: {name: s, key: t}}\n"
                + "    - name: LOG_LEVEL\n      value: debug")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleFiresOnPositiveAndNotOnNegative(String id, String positive, String marker, String negative) {
    assertThat(KubernetesRules.byId(id)).isNotNull();
    assertThat(ManifestScanner.scan(positive, LOC).issues()).isEmpty();
    assertThat(findings(positive, id)).extracting(MisconfigurationFinding::line)
        .containsExactly(lineOf(positive, marker));
    assertThat(ManifestScanner.scan(negative, LOC).issues()).isEmpty();
    assertThat(findings(negative, id)).isEmpty();
  }

  @Test
  void compliantPodHasNoFindingsAndEveryRuleHasACase() {
    assertThat(ManifestScanner.scan(pod(), LOC).findings()).isEmpty();
    Set<String> covered = cases().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
    assertThat(covered).isEqualTo(KubernetesRules.ALL.stream().map(KubernetesRule::id).collect(Collectors.toSet()));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ManifestScannerTest.class.getResourceAsStream("/k8s/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void realisticMultiDocumentManifest() throws IOException {
    String yaml = resource("insecure-app.yaml");
    ManifestScanner.Result r = ManifestScanner.scan(yaml, LOC);
    assertThat(r.issues()).isEmpty();
    assertThat(r.resources()).isEqualTo(3);
    assertThat(r.podTemplates()).isEqualTo(2);
    List<String> got = r.findings().stream()
        .map(f -> f.id() + "@" + f.line() + " " + f.location().nestedPath()).toList();
    assertThat(got).containsExactlyInAnyOrder(
        "K8S002@26 Deployment/web",
        "K8S003@37 Deployment/web/container=nginx",
        "K8S004@39 Deployment/web/container=nginx",
        "K8S005@42 Deployment/web",
        "K8S006@32 Deployment/web/container=nginx",
        "K8S012@42 Deployment/web",
        "K8S013@28 Deployment/web/container=nginx",
        "K8S014@28 Deployment/web/container=nginx",
        "K8S016@28 Deployment/web/container=nginx",
        "K8S017@39 Deployment/web/container=nginx",
        "K8S018@29 Deployment/web/container=nginx",
        "K8S019@28 Deployment/web/container=nginx",
        "K8S020@28 Deployment/web/container=nginx",
        "K8S021@12 Deployment/web",
        "K8S022@26 Deployment/web",
        "K8S023@34 Deployment/web/container=nginx",
        "K8S010@61 CronJob/backup",
        "K8S015@59 CronJob/backup",
        "K8S016@63 CronJob/backup/container=backup");
    assertThat(r.findings()).allSatisfy(f -> assertThat(f.location().path()).isEqualTo("deploy/app.yaml"));
  }

  @Test
  void listOfRestrictedWorkloadsPasses() throws IOException {
    ManifestScanner.Result r = ManifestScanner.scan(resource("restricted.yaml"), LOC);
    assertThat(r.issues()).isEmpty();
    assertThat(r.resources()).isEqualTo(2);
    assertThat(r.podTemplates()).isEqualTo(1);
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void everyWorkloadKindIsChecked() {
    String c = "      containers:\n      - name: c\n        image: x:latest\n";
    String tmpl = "  template:\n    spec:\n" + c.replace("\n      ", "\n      ").indent(2).stripTrailing() + "\n";
    StringBuilder yaml = new StringBuilder();
    for (String kind : List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job")) {
      yaml.append("---\napiVersion: apps/v1\nkind: ").append(kind).append("\nmetadata: {name: w}\nspec:\n")
          .append(tmpl);
    }
    yaml.append("---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: w}\nspec:\n  jobTemplate:\n    spec:\n")
        .append(tmpl.indent(4));
    yaml.append("---\napiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n").append(c.replace("\n      ", "\n  ")
        .replaceFirst("^      ", "  "));
    ManifestScanner.Result r = ManifestScanner.scan(yaml.toString(), LOC);
    assertThat(r.issues()).isEmpty();
    assertThat(r.findings().stream().filter(f -> f.id().equals("K8S018")).map(f -> f.location().nestedPath()))
        .containsExactly("Deployment/w/container=c", "StatefulSet/w/container=c", "DaemonSet/w/container=c",
            "ReplicaSet/w/container=c", "Job/w/container=c", "CronJob/w/container=c", "Pod/w/container=c");
  }

  @Test
  @Timeout(10)
  void billionLaughsIsRejectedQuickly() {
    StringBuilder y = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n");
    y.append("  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    char prev = 'a';
    for (char ch = 'b'; ch <= 'j'; ch++) {
      y.append("  ").append(ch).append(": &").append(ch).append(" [");
      for (int k = 0; k < 9; k++) {
        y.append(k == 0 ? "" : ",").append('*').append(prev);
      }
      y.append("]\n");
      prev = ch;
    }
    ManifestScanner.Result r = ManifestScanner.scan(y.toString(), LOC);
    assertThat(r.issues()).hasSize(1);
    assertThat(r.issues().get(0).message()).contains("YAML rejected").containsIgnoringCase("alias");
    assertThat(r.issues().get(0).analyzer()).isEqualTo("kubernetes");
  }

  @Test
  @Timeout(20)
  void deepNestingAndRecursiveAliasesAreBounded() {
    String deep = "apiVersion: v1\nkind: Pod\nmetadata: {name: d}\nspec: " + "[".repeat(200_000) + "\n";
    ManifestScanner.Result r = ManifestScanner.scan(deep, LOC);
    assertThat(r.issues()).hasSize(1);
    assertThat(r.findings()).isEmpty();
    String recursive = "apiVersion: v1\nkind: Pod\nmetadata: {name: r}\nspec:\n  containers: &c\n"
        + "  - name: a\n    image: x:1\n    env: *c\n";
    ManifestScanner.Result rr = ManifestScanner.scan(recursive, LOC);
    assertThat(rr.findings()).isNotEmpty();
  }

  @Test
  void syntaxErrorGivesAnIssueWithItsLineAndKeepsEarlierDocuments() {
    String yaml = pod().replace("app:1.2.3", "app:latest") + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n";
    ManifestScanner.Result r = ManifestScanner.scan(yaml, LOC);
    assertThat(r.findings()).extracting(MisconfigurationFinding::id).containsExactly("K8S018");
    assertThat(r.issues()).hasSize(1);
    assertThat(r.issues().get(0).message()).startsWith("line ").contains("invalid YAML");
  }

  @Test
  void oversizedManifestIsAnIssue() {
    String big = "apiVersion: v1\nkind: ConfigMap\ndata:\n  x: \"" + "y".repeat(ManifestScanner.MAX_CODE_POINTS) + "\"\n";
    ManifestScanner.Result r = ManifestScanner.scan(big, LOC);
    assertThat(r.issues()).extracting(i -> i.message()).singleElement().asString().contains("larger than");
  }

  @Test
  void manifestDetection() {
    assertThat(ManifestScanner.looksLikeManifest(pod())).isTrue();
    assertThat(ManifestScanner.looksLikeManifest("- apiVersion: v1\n  kind: Pod\n")).isTrue();
    assertThat(ManifestScanner.looksLikeManifest("services:\n  web:\n    image: nginx\n")).isFalse();
  }
}
