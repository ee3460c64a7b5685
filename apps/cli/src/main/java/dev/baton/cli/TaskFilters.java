package dev.baton.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The filters of {@code list} and {@code stats}, passed to the server as they are. */
final class TaskFilters {

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      split = ",",
      description =
          "Only tasks in this state (repeatable or comma-separated, e.g. FAILED,CANCELLED)")
  List<String> statuses;

  @Option(names = "--type", paramLabel = "TYPE", description = "Only tasks of this type")
  String type;

  @Option(
      names = "--tag",
      paramLabel = "KEY:VALUE",
      description = "Only tasks with this tag (repeatable; all must match)")
  List<String> tags;

  @Option(
      names = "--worker",
      paramLabel = "WORKER_ID",
      description = "Only tasks whose current attempt this worker holds")
  String worker;

  @Option(
      names = "--created-after",
      paramLabel = "INSTANT",
      description = "Only tasks created at or after, e.g. 2025-01-31T00:00:00Z")
  String createdAfter;

  @Option(
      names = "--created-before",
      paramLabel = "INSTANT",
      description = "Only tasks created before this instant")
  String createdBefore;

  Query apply(Query query) {
    return query
        .params(
            "status",
            statuses == null
                ? null
                : statuses.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).toList())
        .param("type", type)
        .params("tag", tags)
        .param("workerId", worker)
        .param("createdAfter", createdAfter)
        .param("createdBefore", createdBefore);
  }
}
