package dev.stowaway.analyzers.iac.kubernetes;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Small read-only accessors over composed YAML nodes; every method accepts null and answers null. */
final class Yaml {
  private Yaml() {}

  static Node get(Node map, String key) {
    if (!(map instanceof MappingNode m)) {
      return null;
    }
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return t.getValueNode();
      }
    }
    return null;
  }

  static Node path(Node node, String... keys) {
    Node n = node;
    for (String k : keys) {
      n = get(n, k);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  /** The key node of an entry, for reporting the line of the key rather than of its value. */
  static Node keyNode(Node map, String key) {
    if (!(map instanceof MappingNode m)) {
      return null;
    }
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return k;
      }
    }
    return null;
  }

  static String str(Node n) {
    return n instanceof ScalarNode s ? s.getValue() : null;
  }

  static String str(Node map, String... keys) {
    return str(path(map, keys));
  }

  static boolean isTrue(Node n) {
    String s = str(n);
    return s != null && s.equalsIgnoreCase("true");
  }

  static boolean isFalse(Node n) {
    String s = str(n);
    return s != null && s.equalsIgnoreCase("false");
  }

  static List<Node> seq(Node n) {
    return n instanceof SequenceNode s ? s.getValue() : List.of();
  }

  static List<NodeTuple> entries(Node n) {
    return n instanceof MappingNode m ? m.getValue() : List.of();
  }

  static List<String> strings(Node n) {
    List<String> out = new ArrayList<>();
    for (Node e : seq(n)) {
      String s = str(e);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** The 1-based line where a node starts, or 0. */
  static int line(Node n) {
    return n == null ? 0 : n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }
}
