package dev.stowaway.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Binds an option built without annotations (picocli's programmatic API) to a field of the object that
 * holds the parsed values. Why not annotations: picocli reads them by reflection, and the JDK generates a
 * proxy class per annotation type, ~40 ms of CPU (and ~45 ms of the main thread) at the start of every
 * {@code scan}, the most run command. picocli's getter and setter interfaces declare generic methods, which a
 * lambda cannot implement; this class adapts a supplier and a consumer. The getter matters for
 * multi-valued options: picocli appends each occurrence to the collection it reads back.
 */
final class OptionBinding implements IGetter, ISetter {

  private final Supplier<?> get;
  private final Consumer<Object> set;

  private OptionBinding(Supplier<?> get, Consumer<Object> set) {
    this.get = get;
    this.set = set;
  }

  /**
   * @param names the option's names, as on the command line
   * @param type the field's type (its element type goes in {@code auxiliaryTypes} for a list)
   * @param get reads the field
   * @param set writes the field with a value of {@code type}
   * @return a builder with the type and the binding set, for the label, description and the rest
   */
  static OptionSpec.Builder option(String[] names, Class<?> type, Supplier<?> get, Consumer<Object> set) {
    OptionBinding b = new OptionBinding(get, set);
    // the field's value as initial value, as picocli takes it from an annotated field: it is restored before
    // each parse (a null would not fit a primitive)
    return OptionSpec.builder(names).type(type).getter(b).setter(b).initialValue(get.get());
  }

  /** {@link #option(String[], Class, Supplier, Consumer)} for an option with one name. */
  static OptionSpec.Builder option(String name, Class<?> type, Supplier<?> get, Consumer<Object> set) {
    return option(new String[] {name}, type, get, set);
  }

  /**
   * @param index the positional parameter's index (range), as picocli's {@code @Parameters(index = ...)}
   * @param type the field's type
   * @param get reads the field
   * @param set writes the field with a value of {@code type}
   * @return a builder with the index, type and binding set, required (one value), as an annotated
   *     single-valued positional parameter is
   */
  static PositionalParamSpec.Builder positional(String index, Class<?> type, Supplier<?> get,
      Consumer<Object> set) {
    OptionBinding b = new OptionBinding(get, set);
    return PositionalParamSpec.builder().index(index).arity("1").required(true).type(type).getter(b).setter(b)
        .initialValue(get.get());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get() {
    return (T) get.get();
  }

  @Override
  public <T> T set(T value) {
    T old = get();
    set.accept(value);
    return old;
  }
}
