package dev.baton.cli;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** Text views of the server's JSON: tables of tasks, events, workers, definitions; summaries. */
final class Views {

  /** Every task state, in the order of the state machine. */
  static final List<String> STATES =
      List.of(
          "SCHEDULED",
          "SUBMITTED",
          "QUEUED",
          "ASSIGNED",
          "RUNNING",
          "RETRYING",
          "COMPLETED",
          "FAILED",
          "CANCELLED");

  static final List<String> TERMINAL = List.of("COMPLETED", "FAILED", "CANCELLED");

  private Views() {}

  static String tasks(Iterable<JsonNode> tasks) {
    var table = new Table("ID", "TYPE", "STATUS", "PRI", "ATTEMPT", "WORKER", "CREATED", "TAGS");
    for (var task : tasks) {
      table.row(
          text(task, "id"),
          text(task, "type"),
          text(task, "status"),
          text(task, "priority"),
          text(task, "attempt"),
          text(task, "workerId"),
          text(task, "createdAt"),
          tags(task.get("tags")));
    }
    return table.render();
  }

  /** One task, a field per line. */
  static String task(JsonNode task) {
    var table = new Table("FIELD", "VALUE");
    for (var field :
        List.of(
            "id",
            "type",
            "version",
            "status",
            "priority",
            "attempt",
            "maxRetries",
            "timeoutSeconds",
            "workerId",
            "progress",
            "createdAt",
            "queuedAt",
            "startedAt",
            "completedAt",
            "updatedAt",
            "input",
            "result")) {
      table.row(field, text(task, field));
    }
    table.row("tags", tags(task.get("tags")));
    var error = task.get("error");
    if (error != null && !error.isNull()) {
      table.row(
          "error",
          text(error, "message")
              + " (type "
              + text(error, "type")
              + ", retryable "
              + text(error, "retryable")
              + ")");
    }
    return dropHeader(table.render());
  }

  static String events(JsonNode events) {
    var table =
        new Table("SEQ", "AT", "ATTEMPT", "TRIGGER", "FROM", "TO", "OUTCOME", "WORKER", "DETAIL");
    for (var event : events) {
      var detail = text(event, "reason");
      var more = text(event, "detail");
      if (!more.isEmpty()) {
        detail = detail.isEmpty() ? more : detail + "; " + more;
      }
      table.row(
          text(event, "seq"),
          text(event, "at"),
          text(event, "attempt"),
          text(event, "trigger"),
          text(event, "from"),
          text(event, "to"),
          text(event, "outcome"),
          text(event, "workerId"),
          detail);
    }
    return table.render();
  }

  static String stats(JsonNode stats) {
    var table = new Table("STATUS", "TASKS");
    var byStatus = stats.path("byStatus");
    for (var state : STATES) {
      table.row(state, byStatus.path(state).asLong(0));
    }
    table.row("TOTAL", stats.path("total").asLong(0));
    var text = new StringBuilder(table.render());
    var workers = stats.get("workers");
    if (workers != null && workers.isObject()) {
      text.append("\nworkers: ");
      var parts = new StringBuilder();
      for (var status : List.of("IDLE", "BUSY", "UNHEALTHY", "OFFLINE")) {
        parts.append(parts.isEmpty() ? "" : ", ").append(status).append(' ');
        parts.append(workers.path(status).asLong(0));
      }
      text.append(parts).append('\n');
    }
    return text.toString();
  }

  /** {@code 12 tasks: 10 COMPLETED, 1 RUNNING, 1 FAILED}, states in state-machine order. */
  static String progress(long total, Map<String, Long> byStatus) {
    var text = new StringBuilder().append(total).append(total == 1 ? " task" : " tasks");
    var first = true;
    for (var state : STATES) {
      long n = byStatus.getOrDefault(state, 0L);
      if (n > 0) {
        text.append(first ? ": " : ", ").append(n).append(' ').append(state);
        first = false;
      }
    }
    return text.toString();
  }

  static String workers(JsonNode workers) {
    var table = new Table("ID", "STATUS", "TYPES", "CAPACITY", "RUNNING", "LAST HEARTBEAT");
    for (var worker : workers) {
      var types = new StringBuilder();
      worker
          .path("types")
          .forEach(t -> types.append(types.isEmpty() ? "" : ",").append(t.asString()));
      table.row(
          text(worker, "id"),
          text(worker, "status"),
          types,
          text(worker, "capacity"),
          worker.path("running").size(),
          text(worker, "lastHeartbeatAt"));
    }
    return table.render();
  }

  static String definitions(JsonNode definitions) {
    var table = new Table("TYPE", "LATEST", "VERSIONS", "CONCURRENCY", "LABEL", "SOURCE");
    for (var definition : definitions) {
      table.row(
          text(definition, "type"),
          text(definition, "version"),
          definition.path("availableVersions").size(),
          text(definition, "concurrencyLimit"),
          text(definition, "label"),
          text(definition, "source"));
    }
    return table.render();
  }

  /** {@code imported n, rejected m}, then one line per rejected record. */
  static String importSummary(int imported, List<JsonNode> rejected) {
    var text = new StringBuilder();
    text.append("imported ").append(imported).append(", rejected ").append(rejected.size());
    text.append('\n');
    for (var rejection : rejected) {
      text.append("  record ").append(text(rejection, "index"));
      var legacyId = text(rejection, "legacyId");
      if (!legacyId.isEmpty()) {
        text.append(" (").append(legacyId).append(')');
      }
      text.append(": ").append(text(rejection, "reason")).append('\n');
    }
    return text.toString();
  }

  /** A field as text: strings as they are, other JSON compact, absent or null as empty. */
  static String text(JsonNode node, String field) {
    var value = node == null ? null : node.get(field);
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    return value.isValueNode() ? value.asString() : value.toString();
  }

  /** {@code k=v,k2=v2}, sorted by key. */
  static String tags(JsonNode tags) {
    if (tags == null || !tags.isObject()) {
      return "";
    }
    var sorted = new TreeMap<String, String>();
    tags.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString()));
    var text = new StringBuilder();
    sorted.forEach(
        (k, v) -> text.append(text.isEmpty() ? "" : ",").append(k).append('=').append(v));
    return text.toString();
  }

  private static String dropHeader(String table) {
    return table.substring(table.indexOf('\n') + 1);
  }
}
