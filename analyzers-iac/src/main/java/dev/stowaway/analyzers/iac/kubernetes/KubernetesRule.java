package dev.stowaway.analyzers.iac.kubernetes;

import dev.stowaway.api.model.Severity;
import java.util.Objects;

/**
 * One Kubernetes manifest check. The table is {@link KubernetesRules#ALL}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the stable id such as {@code K8S003}; never null
 * @param severity the severity; never null
 * @param title a one-line title; never null
 * @param remediation one sentence saying what to change; never null
 * @param benchmark the Pod Security Standards control, such as {@code k8s-pss-baseline:privileged}, or null
 * @param check finds the offending nodes; never null
 */
public record KubernetesRule(
    String id, Severity severity, String title, String remediation, String benchmark, Check check) {

  /** Requires every field but the benchmark. */
  public KubernetesRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(remediation, "remediation");
    Objects.requireNonNull(check, "check");
  }

  /** Finds where a pod template breaks the rule. Stateless. */
  @FunctionalInterface
  interface Check {
    void run(PodTemplate pod, Hits hits);
  }

  /** Receives the places a rule is broken. */
  @FunctionalInterface
  interface Hits {
    /**
     * @param line the 1-based line of the offending (or, when something is missing, the enclosing) node
     * @param container the container concerned, or null for the pod as a whole
     */
    void hit(int line, String container);
  }
}
