package dev.baton.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** PATCH and DELETE of /api/v1/tasks/{id}: what may change, when, and what it leaves behind. */
class TaskEditIT extends OrchestratorIT {

  private final String run = UUID.randomUUID().toString();
  @Autowired DataSource dataSource;

  @Test
  void patchChangesPriorityAndTagsRecordsItAndRewritesTheUnpublishedDispatch() {
    var id = scheduledTask(3, "\"team\":\"a\",\"gone\":\"x\"");

    var response =
        request(
            "PATCH",
            "/api/v1/tasks/" + id,
            "{\"priority\":8,\"tags\":{\"run\":\"" + run + "\",\"team\":\"b\",\"new\":\"y\"}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var task = JSON.readTree(response.body());
    assertThat(task.get("priority").asInt()).isEqualTo(8);
    assertThat(task.get("tags").get("team").asString()).isEqualTo("b");
    assertThat(task.get("tags").has("gone")).isFalse();
    assertThat(task.get("status").asString()).isEqualTo("SCHEDULED");

    var last = lastHistoryEntry(id);
    assertThat(last.get("trigger").isNull()).isTrue();
    assertThat(last.get("from").asString()).isEqualTo("SCHEDULED");
    assertThat(last.get("to").asString()).isEqualTo("SCHEDULED");
    assertThat(last.get("outcome").asString()).isEqualTo("APPLIED");
    assertThat(last.get("detail").asString())
        .isEqualTo("patched: priority 3→8, tags (added [new]; removed [gone]; changed [team])");

    assertThat(listIds("tag=run:" + run + "&tag=team:b")).containsExactly(id.toString());
    assertThat(listIds("tag=run:" + run + "&tag=team:a")).isEmpty();
    assertThat(listIds("tag=gone:x&tag=run:" + run)).isEmpty();

    var dispatch =
        jdbc()
            .queryForMap(
                "SELECT priority, payload FROM outbox WHERE task_id = ? AND kind = 'DISPATCH'",
                id.toString());
    assertThat(((Number) dispatch.get("priority")).intValue()).isEqualTo(8);
    var payload = JSON.readTree((String) dispatch.get("payload"));
    assertThat(payload.get("priority").asInt()).isEqualTo(8);
    assertThat(payload.get("tags").get("team").asString()).isEqualTo("b");
    assertThat(payload.get("attempt").asInt()).isEqualTo(1);
  }

  @Test
  void patchThatChangesNothingLeavesNoHistory() {
    var id = scheduledTask(4, "\"team\":\"a\"");
    var before = getJson("/api/v1/tasks/" + id + "/events").size();

    var response = request("PATCH", "/api/v1/tasks/" + id, "{\"priority\":4}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(getJson("/api/v1/tasks/" + id + "/events").size()).isEqualTo(before);
  }

  @Test
  void patchOnlyTheTagsOrOnlyThePriority() {
    var id = scheduledTask(4, "\"team\":\"a\"");

    request("PATCH", "/api/v1/tasks/" + id, "{\"tags\":{}}");
    assertThat(getJson("/api/v1/tasks/" + id).get("tags").size()).isZero();
    assertThat(getJson("/api/v1/tasks/" + id).get("priority").asInt()).isEqualTo(4);
    assertThat(listIds("tag=run:" + run)).isEmpty();

    request("PATCH", "/api/v1/tasks/" + id, "{\"priority\":0}");
    assertThat(getJson("/api/v1/tasks/" + id).get("priority").asInt()).isZero();
  }

  @Test
  void patchOfATerminalTaskIsAConflictAndChangesNothing() {
    var id = scheduledTask(4, "");
    post("/api/v1/tasks/" + id + "/cancel", "");

    var response = request("PATCH", "/api/v1/tasks/" + id, "{\"priority\":9}");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(response.body()).get("taskStatus").asString()).isEqualTo("CANCELLED");
    assertThat(getJson("/api/v1/tasks/" + id).get("priority").asInt()).isEqualTo(4);
  }

  @Test
  void patchOfAnUnknownTaskIsNotFound() {
    assertThat(
            request("PATCH", "/api/v1/tasks/" + UUID.randomUUID(), "{\"priority\":1}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void deleteOfATerminalTaskRemovesItsHistoryTagsAndDispatch() {
    var id = scheduledTask(4, "\"team\":\"a\"");
    post("/api/v1/tasks/" + id + "/cancel", "");

    var response = request("DELETE", "/api/v1/tasks/" + id, null);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(get("/api/v1/tasks/" + id).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/tasks/" + id + "/events").statusCode()).isEqualTo(404);
    assertThat(count("task_tags", id)).isZero();
    assertThat(count("task_history", id)).isZero();
    assertThat(count("outbox", id)).isZero();
    assertThat(listIds("tag=run:" + run)).isEmpty();
    assertThat(request("DELETE", "/api/v1/tasks/" + id, null).statusCode()).isEqualTo(404);
  }

  @Test
  void deleteOfATaskThatHasNotEndedIsAConflictAndKeepsIt() {
    var id = scheduledTask(4, "\"team\":\"a\"");

    var response = request("DELETE", "/api/v1/tasks/" + id, null);

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(response.body()).get("taskStatus").asString()).isEqualTo("SCHEDULED");
    assertThat(get("/api/v1/tasks/" + id).statusCode()).isEqualTo(200);
    assertThat(count("task_tags", id)).isEqualTo(2);
  }

  @Test
  void deleteOfAnUnknownTaskIsNotFound() {
    assertThat(request("DELETE", "/api/v1/tasks/" + UUID.randomUUID(), null).statusCode())
        .isEqualTo(404);
  }

  /** A task that waits (SCHEDULED a day ahead), so its dispatch stays in the outbox. */
  private UUID scheduledTask(int priority, String extraTags) {
    var tags = "\"run\":\"" + run + "\"" + (extraTags.isEmpty() ? "" : "," + extraTags);
    return submit(
        "{\"type\":\"q-edit\",\"priority\":%d,\"runAt\":\"%s\",\"tags\":{%s}}"
            .formatted(priority, Instant.now().plus(Duration.ofDays(1)), tags));
  }

  private JsonNode lastHistoryEntry(UUID id) {
    var history = getJson("/api/v1/tasks/" + id + "/events");
    return history.get(history.size() - 1);
  }

  private java.util.List<String> listIds(String query) {
    var ids = new java.util.ArrayList<String>();
    getJson("/api/v1/tasks?" + query).get("items").forEach(t -> ids.add(t.get("id").asString()));
    return ids;
  }

  private long count(String table, UUID id) {
    return jdbc()
        .queryForObject(
            "SELECT COUNT(*) FROM " + table + " WHERE task_id = ?", Long.class, id.toString());
  }

  private JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource);
  }
}
