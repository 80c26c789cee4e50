package dev.stowaway.analyzers.iac.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed Dockerfile: parser directives, the instructions before the first {@code FROM} (global
 * {@code ARG}s), the stages, and the problems met while parsing.
 *
 * <p>Immutable and thread-safe.
 *
 * @param directives the parser directives such as {@code syntax} and {@code escape}, keys lower-cased
 * @param escape the escape character in effect, {@code \} or {@code `}
 * @param globalInstructions the instructions before the first {@code FROM}; never null
 * @param stages the stages in order; never null
 * @param issues the parse problems, each with its line; never null
 */
public record Dockerfile(
    Map<String, String> directives,
    char escape,
    List<Instruction> globalInstructions,
    List<Stage> stages,
    List<ParseIssue> issues) {

  /** Copies the collections. */
  public Dockerfile {
    directives = Map.copyOf(Objects.requireNonNull(directives, "directives"));
    globalInstructions = List.copyOf(globalInstructions);
    stages = List.copyOf(stages);
    issues = List.copyOf(issues);
  }

  /**
   * Returns every instruction in file order: the global ones, then each stage's {@code FROM} and body.
   *
   * @return the instructions; never null
   */
  public List<Instruction> instructions() {
    List<Instruction> out = new ArrayList<>(globalInstructions);
    for (Stage s : stages) {
      out.add(s.from());
      out.addAll(s.instructions());
    }
    return out;
  }

  /**
   * Returns the last stage, the one the build produces by default.
   *
   * @return the final stage, or null when there is no {@code FROM}
   */
  public Stage finalStage() {
    return stages.isEmpty() ? null : stages.get(stages.size() - 1);
  }
}
