package dev.baton.orchestrator.graphql;

import dev.baton.orchestrator.api.TaskResponse;
import dev.baton.orchestrator.security.Callers;
import dev.baton.orchestrator.task.TaskPosition;
import dev.baton.orchestrator.task.TaskQueries;
import dev.baton.protocol.ProtocolCodec;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Tasks, read through the same services and in the same shape as the REST API's. */
@Controller
class TaskGraphQlController {

  private final TaskQueries queries;
  private final TaskArguments arguments;
  private final ProtocolCodec codec;

  TaskGraphQlController(TaskQueries queries, TaskArguments arguments, ProtocolCodec codec) {
    this.queries = queries;
    this.arguments = arguments;
    this.codec = codec;
  }

  /** A key-value pair of a task's tags. */
  record Tag(String key, String value) {}

  @QueryMapping
  TaskResponse task(@Argument String id) {
    return queries
        .find(TaskArguments.taskId(id), Callers.current().scope())
        .map(t -> TaskResponse.of(t, codec))
        .orElse(null);
  }

  @QueryMapping
  TaskConnection tasks(
      @Argument TaskFilterInput filter, @Argument Integer first, @Argument String after) {
    var request = arguments.forList(filter, first, after);
    var scoped = request.filter().scopedTo(Callers.current().scope());
    var page = queries.list(scoped, request.after(), request.first());
    var edges =
        page.tasks().stream()
            .map(
                t ->
                    new TaskConnection.Edge(
                        arguments.cursor(new TaskPosition(t.createdAt(), t.id()), request.filter()),
                        TaskResponse.of(t, codec)))
            .toList();
    return TaskConnection.of(edges, page.next() != null);
  }

  @QueryMapping
  StatsView stats(@Argument TaskFilterInput filter) {
    return StatsView.of(
        queries.stats(arguments.forStats(filter).scopedTo(Callers.current().scope())));
  }

  @SchemaMapping(typeName = "Task")
  List<Tag> tags(TaskResponse task) {
    return task.tags().entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
  }
}
