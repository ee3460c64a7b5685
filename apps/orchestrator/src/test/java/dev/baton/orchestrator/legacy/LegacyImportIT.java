package dev.baton.orchestrator.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/tasks/import} with records of the earlier task stores. */
class LegacyImportIT extends OrchestratorIT {

  private static final String TYPE = "legacy-it";

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> TestBroker.deleteTopology(new Topology(PREFIX), List.of(TYPE))));
  }

  @Test
  void recordsAreImportedAsHistoryAndBadOnesAreRejectedWithoutStoppingTheOthers() {
    var doneId = UUID.randomUUID();
    var jobId = "job-" + UUID.randomUUID();
    var records =
        """
        [
          {"id":"%s","status":"done","code":"%s","prompt":"summarise this","timeout":30,
           "workerId":"old-w1","result":{"summary":"short"},"errorMessage":null,
           "createdAt":"2024-03-05T10:15:30.000Z","startedAt":"2024-03-05T10:15:31.000Z",
           "completedAt":"2024-03-05T10:15:32.000Z"},
          {"jobId":"%s","status":"pending","type":"%s","input":{"n":1},"timeoutMs":600000},
          {"id":"e-%s","status":"Error","type":"%s","errorMessage":"disk full"},
          {"id":"p-%s","status":"in_progress","type":"%s","assignedAgentId":"old-agent"},
          {"id":"w-1","status":"weird","type":"%s"},
          "not a record",
          {"id":"no-type","status":"done"}
        ]
        """
            .formatted(doneId, TYPE, jobId, TYPE, jobId, TYPE, jobId, TYPE, TYPE);

    var response = post("/api/v1/tasks/import", records);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var body = JSON.readTree(response.body());
    assertThat(body.get("imported").asInt()).isEqualTo(4);
    var rejected = list(body.get("rejected"));
    assertThat(rejected).extracting(r -> r.get("index").asInt()).containsExactly(4, 5, 6);
    assertThat(rejected.get(0).get("legacyId").asString()).isEqualTo("w-1");
    assertThat(rejected.get(0).get("reason").asString()).contains("unknown status 'weird'");
    assertThat(rejected.get(1).get("legacyId").isNull()).isTrue();
    assertThat(rejected.get(1).get("reason").asString()).contains("JSON object");
    assertThat(rejected.get(2).get("reason").asString()).contains("no type");

    var done = getJson("/api/v1/tasks/" + doneId);
    assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(done.get("type").asString()).isEqualTo(TYPE);
    assertThat(done.get("input").asString()).isEqualTo("summarise this");
    assertThat(done.get("result").get("summary").asString()).isEqualTo("short");
    assertThat(done.get("workerId").asString()).isEqualTo("old-w1");
    assertThat(done.get("timeoutSeconds").asInt()).isEqualTo(30);
    assertThat(done.get("createdAt").asString()).isEqualTo("2024-03-05T10:15:30Z");
    assertThat(done.get("completedAt").asString()).isEqualTo("2024-03-05T10:15:32Z");
    var history = list(getJson("/api/v1/tasks/" + doneId + "/events"));
    assertThat(history).hasSize(1);
    assertThat(history.get(0).get("detail").asString())
        .isEqualTo("imported from legacy status 'done'");
    assertThat(history.get(0).get("to").asString()).isEqualTo("COMPLETED");
    assertThat(history.get(0).get("trigger").isNull()).isTrue();

    var failed = getJson("/api/v1/tasks/" + legacyUuid("e-" + jobId));
    assertThat(failed.get("status").asString()).isEqualTo("FAILED");
    assertThat(failed.get("error").get("message").asString()).isEqualTo("disk full");
    assertThat(failed.get("tags").get("legacyId").asString()).isEqualTo("e-" + jobId);

    // Non-terminal records run again as a fresh first attempt: a pull worker can claim them.
    var pending = legacyUuid(jobId);
    var inProgress = legacyUuid("p-" + jobId);
    // Claimable once the relay has queued them (on PostgreSQL a claim skips rows it is updating).
    for (var id : List.of(pending, inProgress)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("QUEUED"));
    }
    var claimed =
        list(
            JSON.readTree(
                    post(
                            "/api/v1/tasks/claim",
                            "{\"workerId\":\"w-new\",\"types\":[\"" + TYPE + "\"],\"limit\":10}")
                        .body())
                .get("tasks"));
    assertThat(claimed)
        .extracting(t -> t.get("id").asString())
        .containsExactlyInAnyOrder(pending.toString(), inProgress.toString());
    assertThat(claimed).allSatisfy(t -> assertThat(t.get("attempt").asInt()).isEqualTo(1));
    assertThat(getJson("/api/v1/tasks/" + pending).get("timeoutSeconds").asInt()).isEqualTo(600);
    var resumed = list(getJson("/api/v1/tasks/" + inProgress + "/events"));
    assertThat(resumed.get(0).get("to").asString()).isEqualTo("SUBMITTED");
    assertThat(resumed.get(0).get("detail").asString())
        .isEqualTo(
            "imported from legacy status 'in_progress' (RUNNING, legacy worker old-agent); runs"
                + " again as attempt 1");

    var again = JSON.readTree(post("/api/v1/tasks/import", records).body());
    assertThat(again.get("imported").asInt()).isZero();
    assertThat(list(again.get("rejected")))
        .extracting(r -> r.get("index").asInt())
        .containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(list(again.get("rejected")).get(0).get("reason").asString())
        .contains("exists already");
  }

  @Test
  void defaultTypeAndSourceApplyToTheWholeImport() {
    var id = "d-" + UUID.randomUUID();
    var records = "[{\"id\":\"%s\",\"status\":\"success\"}]".formatted(id);

    var response = post("/api/v1/tasks/import?defaultType=" + TYPE + "&source=registry", records);

    assertThat(JSON.readTree(response.body()).get("imported").asInt()).isEqualTo(1);
    var task =
        getJson(
            "/api/v1/tasks/"
                + UUID.nameUUIDFromBytes(
                    ("baton-legacy:registry:" + id).getBytes(StandardCharsets.UTF_8)));
    assertThat(task.get("type").asString()).isEqualTo(TYPE);
    assertThat(task.get("tags").get("legacySource").asString()).isEqualTo("registry");
  }

  @Test
  void bodyThatIsNotAnArrayIsA400() {
    var response = post("/api/v1/tasks/import", "{\"id\":\"x\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(post("/api/v1/tasks/import?defaultType=a%20b", "[]").statusCode()).isEqualTo(400);
    assertThat(post("/api/v1/tasks/import", "[").statusCode()).isEqualTo(400);
    var empty = JSON.readTree(post("/api/v1/tasks/import", "[]").body());
    assertThat(empty.get("imported").asInt()).isZero();
  }

  private static UUID legacyUuid(String legacyId) {
    return UUID.nameUUIDFromBytes(("baton-legacy::" + legacyId).getBytes(StandardCharsets.UTF_8));
  }

  private static List<JsonNode> list(JsonNode array) {
    var list = new ArrayList<JsonNode>();
    array.forEach(list::add);
    return list;
  }
}
