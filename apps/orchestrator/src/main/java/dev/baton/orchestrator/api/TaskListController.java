package dev.baton.orchestrator.api;

import dev.baton.orchestrator.security.Callers;
import dev.baton.orchestrator.task.TaskQueries;
import dev.baton.protocol.ProtocolCodec;
import java.util.List;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/tasks}: tasks newest first, filtered, in keyset pages. Filters: {@code status}
 * (repeatable), {@code type}, {@code tag=key:value} (repeatable, ANDed), {@code workerId}, {@code
 * createdAfter} (inclusive), {@code createdBefore} (exclusive); paging: {@code limit} (1–500,
 * default 50) and {@code cursor} (the previous page's {@code nextCursor}, with the same filters).
 */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskListController {

  private final TaskQueries queries;
  private final CursorCodec cursors;
  private final ProtocolCodec codec;

  TaskListController(TaskQueries queries, CursorCodec cursors, ProtocolCodec codec) {
    this.queries = queries;
    this.cursors = cursors;
    this.codec = codec;
  }

  /** A page of tasks, and the cursor of the next page (null on the last page). */
  record TaskListResponse(List<TaskResponse> items, String nextCursor) {}

  @io.swagger.v3.oas.annotations.Operation(
      summary = "List tasks, newest first",
      description =
          "Filters: status (repeatable), type, tag=key:value (repeatable, all must match), workerId, createdAfter, createdBefore. limit 1..500 (default 50); follow nextCursor for the next page.")
  @FilterParameters(paging = true)
  @GetMapping
  TaskListResponse list(@RequestParam MultiValueMap<String, String> params) {
    var request = TaskListParameters.forList(params);
    var after =
        request.cursor() == null ? null : cursors.decode(request.cursor(), request.filter());
    var scoped = request.filter().scopedTo(Callers.current().scope());
    var page = queries.list(scoped, after, request.limit());
    return new TaskListResponse(
        page.tasks().stream().map(t -> TaskResponse.of(t, codec)).toList(),
        page.next() == null ? null : cursors.encode(page.next(), request.filter()));
  }
}
