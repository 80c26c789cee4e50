package dev.stowaway.analyzers.iac.kubernetes;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A pod spec found in a manifest: a Pod's own spec or a workload's template.
 *
 * <p>Immutable view over composed YAML nodes; used from one thread.
 *
 * @param kind the resource kind, such as {@code Deployment}
 * @param name the resource's {@code metadata.name}, or the empty string
 * @param namespace the resource's {@code metadata.namespace}, or null
 * @param resource the whole resource node
 * @param podMetadata the pod's metadata node (template metadata for workloads), or null
 * @param spec the pod spec node
 */
record PodTemplate(String kind, String name, String namespace, Node resource, Node podMetadata, Node spec) {

  /** One container of the pod with its list name ({@code containers}, {@code initContainers}...). */
  record Container(String list, String name, Node node) {
    Node securityContext() {
      return Yaml.get(node, "securityContext");
    }
  }

  List<Container> containers() {
    List<Container> out = new ArrayList<>();
    for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
      for (Node c : Yaml.seq(Yaml.get(spec, list))) {
        String n = Yaml.str(c, "name");
        out.add(new Container(list, n == null ? "" : n, c));
      }
    }
    return out;
  }

  Node podSecurityContext() {
    return Yaml.get(spec, "securityContext");
  }

  String resourceName() {
    return kind + "/" + name;
  }
}
