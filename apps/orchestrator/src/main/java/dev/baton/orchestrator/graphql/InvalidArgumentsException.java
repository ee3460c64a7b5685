package dev.baton.orchestrator.graphql;

import java.util.List;

/** Arguments of a query that are refused, each named as the query spells it (e.g. filter.tags). */
class InvalidArgumentsException extends RuntimeException {

  /** One argument at fault and what is wrong with it. */
  record ArgumentError(String argument, String message) {}

  private final List<ArgumentError> errors;

  InvalidArgumentsException(List<ArgumentError> errors) {
    super(String.join("; ", errors.stream().map(e -> e.argument() + " " + e.message()).toList()));
    this.errors = List.copyOf(errors);
  }

  static InvalidArgumentsException of(String argument, String message) {
    return new InvalidArgumentsException(List.of(new ArgumentError(argument, message)));
  }

  List<ArgumentError> errors() {
    return errors;
  }
}
