package dev.baton.orchestrator.graphql;

import dev.baton.orchestrator.api.CursorCodec;
import dev.baton.orchestrator.api.ProblemException;
import dev.baton.orchestrator.api.TaskListParameters;
import dev.baton.orchestrator.task.TaskFilter;
import dev.baton.orchestrator.task.TaskPosition;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Reads the arguments of the task queries through the REST list's own parser and cursor codec, so
 * both APIs accept and refuse exactly the same filters, page sizes and cursors; only the names in
 * the errors change, to the arguments as a GraphQL query spells them.
 */
@Component
class TaskArguments {

  private static final Map<String, String> ARGUMENT_OF_PARAMETER =
      Map.of(
          "status", "filter.status",
          "type", "filter.type",
          "tag", "filter.tags",
          "workerId", "filter.workerId",
          "createdAfter", "filter.createdAfter",
          "createdBefore", "filter.createdBefore",
          "limit", "first",
          "cursor", "after");

  /** A list request: the filter, the page size, and the position to start after (null: first). */
  record ListArguments(TaskFilter filter, int first, TaskPosition after) {}

  private final CursorCodec cursors;

  TaskArguments(CursorCodec cursors) {
    this.cursors = cursors;
  }

  ListArguments forList(TaskFilterInput filter, Integer first, String after) {
    var params = parameters(filter);
    if (first != null) {
      params.add("limit", first.toString());
    }
    if (after != null) {
      params.add("cursor", after);
    }
    return translated(
        () -> {
          var request = TaskListParameters.forList(params);
          var position =
              request.cursor() == null ? null : cursors.decode(request.cursor(), request.filter());
          return new ListArguments(request.filter(), request.limit(), position);
        });
  }

  TaskFilter forStats(TaskFilterInput filter) {
    return translated(() -> TaskListParameters.forStats(parameters(filter)));
  }

  /** The cursor of a task in a list with this filter: the REST list's cursor format. */
  String cursor(TaskPosition position, TaskFilter filter) {
    return cursors.encode(position, filter);
  }

  static UUID taskId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw InvalidArgumentsException.of("id", "must be a task id (a UUID); got '" + id + "'");
    }
  }

  private static MultiValueMap<String, String> parameters(TaskFilterInput filter) {
    return filter == null ? new LinkedMultiValueMap<>() : filter.toParameters();
  }

  private static <T> T translated(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (ProblemException e) {
      var errors = new ArrayList<InvalidArgumentsException.ArgumentError>();
      e.forEachFieldError(
          (field, message) ->
              errors.add(
                  new InvalidArgumentsException.ArgumentError(
                      ARGUMENT_OF_PARAMETER.getOrDefault(field, field), message)));
      throw new InvalidArgumentsException(errors);
    }
  }
}
