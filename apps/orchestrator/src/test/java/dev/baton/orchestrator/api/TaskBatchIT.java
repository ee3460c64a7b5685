package dev.baton.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /api/v1/tasks/batch: one transaction, all or nothing, every bad item named. */
class TaskBatchIT extends OrchestratorIT {

  private final String run = UUID.randomUUID().toString();

  @Test
  void batchStoresEveryTaskAndAnswersTheIdsInOrder() {
    var response =
        post(
            "/api/v1/tasks/batch",
            batch(
                "{\"type\":\"q-batch\",\"priority\":1," + tags() + "}",
                "{\"type\":\"q-batch\",\"priority\":9,\"input\":{\"n\":2}," + tags() + "}",
                "{\"type\":\"q-batch\"," + tags() + "}"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    var ids = ids(response);
    assertThat(ids).hasSize(3).doesNotHaveDuplicates();
    assertThat(getJson("/api/v1/tasks/" + ids.get(0)).get("priority").asInt()).isEqualTo(1);
    assertThat(getJson("/api/v1/tasks/" + ids.get(1)).get("priority").asInt()).isEqualTo(9);
    assertThat(getJson("/api/v1/tasks/" + ids.get(1)).get("input").get("n").asInt()).isEqualTo(2);
    assertThat(getJson("/api/v1/tasks/" + ids.get(2)).get("priority").asInt()).isEqualTo(5);
    assertThat(storedOfThisRun()).isEqualTo(3);
  }

  @Test
  void oneBadItemStoresNothingAndTheProblemNamesEveryBadItem() {
    var response =
        post(
            "/api/v1/tasks/batch",
            batch(
                "{\"type\":\"q-batch\"," + tags() + "}",
                "{\"type\":\"q-batch\",\"priority\":12," + tags() + "}",
                "{\"type\":\"no spaces\",\"timeoutSeconds\":0," + tags() + "}",
                "{\"type\":\"q-batch\",\"priority\":\"high\"," + tags() + "}",
                "42",
                "{\"type\":\"q-batch\"," + tags() + "}"));

    assertProblem(response, 400);
    assertThat(fields(response))
        .containsExactly(
            "tasks[1].priority",
            "tasks[2].timeoutSeconds",
            "tasks[2].type",
            "tasks[3].priority",
            "tasks[4]");
    assertThat(storedOfThisRun()).isZero();
  }

  @Test
  void aRuleBrokenDeepInTheBatchRollsBackTheItemsAlreadyWritten() {
    var response =
        post(
            "/api/v1/tasks/batch",
            batch(
                "{\"type\":\"q-batch\"," + tags() + "}",
                "{\"type\":\"q-batch\"," + tags() + "}",
                "{\"type\":\"q-batch\",\"backoff\":{\"initialMs\":5000,\"maxMs\":10},"
                    + tags()
                    + "}"));

    assertProblem(response, 400);
    assertThat(fields(response)).containsExactly("tasks[2].backoff.maxMs");
    assertThat(storedOfThisRun()).isZero();
  }

  @Test
  void idempotencyKeysWorkPerItem() {
    var k1 = "k1-" + run;
    var k2 = "k2-" + run;
    var first =
        post(
            "/api/v1/tasks/batch",
            batch(keyed(k1, 1), keyed(k2, 2), keyed(k1, 1))); // a repeat within the batch
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    var firstIds = ids(first);
    assertThat(firstIds.get(2)).isEqualTo(firstIds.get(0));

    var repeat = post("/api/v1/tasks/batch", batch(keyed(k2, 2), keyed(k1, 1)));
    assertThat(repeat.statusCode()).as("every item a repeat").isEqualTo(200);
    assertThat(ids(repeat)).containsExactly(firstIds.get(1), firstIds.get(0));

    var mixed =
        post("/api/v1/tasks/batch", batch("{\"type\":\"q-batch\"," + tags() + "}", keyed(k1, 1)));
    assertThat(mixed.statusCode()).isEqualTo(201);
    assertThat(ids(mixed).get(1)).isEqualTo(firstIds.get(0));

    var before = storedOfThisRun();
    var conflict =
        post("/api/v1/tasks/batch", batch("{\"type\":\"q-batch\"," + tags() + "}", keyed(k2, 7)));
    assertProblem(conflict, 409);
    assertThat(fields(conflict)).containsExactly("tasks[1].idempotencyKey");
    assertThat(storedOfThisRun()).isEqualTo(before);
  }

  @Test
  void aThousandTasksAreOneBatchAndOneMoreIsRefused() {
    var thousand =
        IntStream.range(0, 1000)
            .mapToObj(i -> "{\"type\":\"q-batch\",\"input\":{\"i\":" + i + "}," + tags() + "}")
            .toArray(String[]::new);
    var started = System.nanoTime();
    var response = post("/api/v1/tasks/batch", batch(thousand));
    var millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("batch of 1000 answered in %d ms%n", millis);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(ids(response)).hasSize(1000).doesNotHaveDuplicates();
    assertThat(storedOfThisRun()).isEqualTo(1000);
    // Ids in creation order (UUID version 7), so that their index entries append
    // (TimeOrderedUuids).
    assertThat(ids(response).stream().map(UUID::toString).toList())
        .isSortedAccordingTo(String::compareTo);
    assertThat(ids(response)).allSatisfy(id -> assertThat(id.version()).isEqualTo(7));

    var tooMany = new ArrayList<>(List.of(thousand));
    tooMany.add("{\"type\":\"q-batch\"," + tags() + "}");
    var refused = post("/api/v1/tasks/batch", batch(tooMany.toArray(String[]::new)));
    assertProblem(refused, 400);
    assertThat(fields(refused)).containsExactly("tasks");
    assertThat(storedOfThisRun()).isEqualTo(1000);
  }

  private String tags() {
    return "\"tags\":{\"run\":\"" + run + "\"}";
  }

  private String keyed(String key, int priority) {
    return "{\"type\":\"q-batch\",\"priority\":%d,\"idempotencyKey\":\"%s\",%s}"
        .formatted(priority, key, tags());
  }

  private static String batch(String... items) {
    return "{\"tasks\":[" + String.join(",", items) + "]}";
  }

  private long storedOfThisRun() {
    return getJson("/api/v1/tasks/stats?tag=run:" + run).get("total").asLong();
  }

  private static List<UUID> ids(java.net.http.HttpResponse<String> response) {
    var ids = new ArrayList<UUID>();
    JSON.readTree(response.body())
        .get("ids")
        .forEach(id -> ids.add(UUID.fromString(id.asString())));
    return ids;
  }

  private static List<String> fields(java.net.http.HttpResponse<String> response) {
    var fields = new ArrayList<String>();
    for (JsonNode error : JSON.readTree(response.body()).get("errors")) {
      fields.add(error.get("field").asString());
    }
    return fields;
  }

  private static void assertProblem(java.net.http.HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }
}
