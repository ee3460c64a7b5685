package dev.baton.orchestrator.graphql;

import dev.baton.orchestrator.api.TaskResponse;
import java.util.List;

/** A Relay connection of tasks, newest first; the cursors are the REST list's. */
record TaskConnection(List<Edge> edges, PageInfo pageInfo) {

  record Edge(String cursor, TaskResponse node) {}

  record PageInfo(boolean hasNextPage, String endCursor) {}

  static TaskConnection of(List<Edge> edges, boolean hasNextPage) {
    var end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
    return new TaskConnection(edges, new PageInfo(hasNextPage, end));
  }
}
