package dev.stowaway.analyzers.iac.dockerfile;

import java.util.List;
import java.util.Objects;

/**
 * One build stage: a {@code FROM} and the instructions up to the next one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index the 0-based stage index
 * @param from the {@code FROM} instruction; never null
 * @param baseImage the base image with global {@code ARG}s substituted, such as {@code debian:12}; never
 *     null (empty when the {@code FROM} names nothing)
 * @param name the stage name given with {@code AS}, lower-cased, or null
 * @param platform the {@code --platform} flag value, or null
 * @param instructions the instructions after the {@code FROM}, in order; never null
 */
public record Stage(
    int index, Instruction from, String baseImage, String name, String platform, List<Instruction> instructions) {
  /** Copies the list. */
  public Stage {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(baseImage, "baseImage");
    instructions = List.copyOf(instructions);
  }

  /**
   * Returns the instructions with a keyword, in order.
   *
   * @param keyword the keyword, any case; not null
   * @return the matching instructions; never null
   */
  public List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.is(keyword)).toList();
  }
}
