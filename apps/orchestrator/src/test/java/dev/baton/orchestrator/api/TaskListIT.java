package dev.baton.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.testsupport.TestBroker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /api/v1/tasks and /stats on the real stack: every filter, keyset paging, stats. */
class TaskListIT extends OrchestratorIT {

  private final String run = UUID.randomUUID().toString();

  @Test
  void statusFilterTakesSeveralStatusesAndStatsCountTheSameTasks() {
    var scheduled = List.of(scheduled("{}"), scheduled("{}"));
    var cancelled = List.of(scheduled("{}"), scheduled("{}"));
    cancelled.forEach(id -> post("/api/v1/tasks/" + id + "/cancel", ""));
    var queued = List.of(submitTagged("q-list-a", "{}"), submitTagged("q-list-a", "{}"));
    await().atMost(Duration.ofSeconds(20)).until(() -> queued.stream().allMatch(this::isQueued));

    assertThat(ids(list("status=SCHEDULED&status=CANCELLED&" + runTag())))
        .containsExactlyInAnyOrderElementsOf(concat(scheduled, cancelled));
    assertThat(ids(list("status=QUEUED,CANCELLED&" + runTag())))
        .containsExactlyInAnyOrderElementsOf(concat(queued, cancelled));
    assertThat(ids(list("status=RUNNING&" + runTag()))).isEmpty();

    var stats = getJson("/api/v1/tasks/stats?" + runTag());
    assertThat(stats.get("total").asLong()).isEqualTo(6);
    assertThat(stats.get("byStatus").get("SCHEDULED").asLong()).isEqualTo(2);
    assertThat(stats.get("byStatus").get("CANCELLED").asLong()).isEqualTo(2);
    assertThat(stats.get("byStatus").get("QUEUED").asLong()).isEqualTo(2);
    assertThat(stats.get("byStatus").propertyNames()).hasSize(9);
    assertThat(stats.get("workers").propertyNames()).contains("IDLE", "OFFLINE");
    var cancelledOnly = getJson("/api/v1/tasks/stats?status=CANCELLED&" + runTag());
    assertThat(cancelledOnly.get("total").asLong()).isEqualTo(2);
    assertThat(cancelledOnly.get("byStatus").get("SCHEDULED").asLong()).isZero();
    assertThat(cancelledOnly.get("byStatus").propertyNames()).hasSize(9);
  }

  @Test
  void typeFilterAloneAndWithATag() {
    var a = submitTagged("q-list-a", "{}");
    var b1 = submitTagged("q-list-b", "{}");
    var b2 = submitTagged("q-list-b", "{}");

    assertThat(ids(list("type=q-list-b&" + runTag()))).containsExactly(b2, b1);
    assertThat(ids(list("type=q-list-a&" + runTag()))).containsExactly(a);
    // q-list-b is used by this test only: the type index alone finds exactly these.
    assertThat(ids(list("type=q-list-b"))).containsExactly(b2, b1);
    assertThat(getJson("/api/v1/tasks/stats?type=q-list-b").get("total").asLong()).isEqualTo(2);
  }

  @Test
  void tagFiltersAreAndedInAnyOrder() {
    var wanted = submitTagged("q-list-a", "{\"team\":\"a\",\"env\":\"prod\"}");
    submitTagged("q-list-a", "{\"team\":\"a\",\"env\":\"dev\"}");
    submitTagged("q-list-a", "{\"team\":\"b\",\"env\":\"prod\"}");
    submit("{\"type\":\"q-list-a\",\"tags\":{\"team\":\"a\",\"env\":\"prod\"}}"); // not this run

    assertThat(ids(list(runTag() + "&tag=team:a&tag=env:prod"))).containsExactly(wanted);
    assertThat(ids(list("tag=env:prod&tag=team:a&" + runTag()))).containsExactly(wanted);
    assertThat(ids(list(runTag() + "&tag=team:a"))).hasSize(2);
    assertThat(ids(list(runTag() + "&tag=team:a&tag=team:b"))).isEmpty();
    assertThat(getJson("/api/v1/tasks/stats?tag=team:b&" + runTag()).get("total").asLong())
        .isEqualTo(1);
  }

  @Test
  void tagValueMaySpanColonsAndNeedsEncoding() {
    var id = submitTagged("q-list-a", "{\"url\":\"http://x/y?a=b&c\"}");

    assertThat(ids(list(runTag() + "&tag=" + encode("url:http://x/y?a=b&c")))).containsExactly(id);
  }

  @Test
  void workerIdFilterFindsTheTasksAWorkerHolds() throws Exception {
    var worker = "q-worker-" + run;
    var held = List.of(submitTagged("q-list-a", "{}"), submitTagged("q-list-a", "{}"));
    var other = submitTagged("q-list-a", "{}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> isQueued(held.get(0)) && isQueued(held.get(1)) && isQueued(other));

    try (var connection = TestBroker.connectionFactory().newConnection("task-list-it")) {
      var channel = connection.createChannel();
      channel.confirmSelect();
      for (var id : held) {
        assign(channel, id, worker);
      }
      assign(channel, other, "someone-else-" + run);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> concat(held, List.of(other)).stream().allMatch(this::isAssigned));

    assertThat(ids(list("workerId=" + worker))).containsExactlyInAnyOrderElementsOf(held);
    assertThat(ids(list("workerId=" + worker + "&status=ASSIGNED&" + runTag())))
        .containsExactlyInAnyOrderElementsOf(held);
    assertThat(ids(list("workerId=" + worker + "&status=RUNNING"))).isEmpty();
    assertThat(getJson("/api/v1/tasks/stats?workerId=" + worker).get("total").asLong())
        .isEqualTo(2);
  }

  @Test
  void createdRangeIsFromInclusiveToExclusive() {
    var first = submitTagged("q-list-a", "{}");
    var second = submitAfterTheClockMoved(first);
    var third = submitAfterTheClockMoved(second);
    var from = createdAt(first);
    var to = createdAt(third);

    assertThat(ids(list(runTag() + "&createdAfter=" + from + "&createdBefore=" + to)))
        .containsExactly(second, first);
    assertThat(ids(list(runTag() + "&createdAfter=" + createdAt(second))))
        .containsExactly(third, second);
    assertThat(ids(list(runTag() + "&createdBefore=" + createdAt(second)))).containsExactly(first);
    // A bound finer than the stored milliseconds: after .xyz1 excludes the task of .xyz.
    assertThat(ids(list(runTag() + "&createdAfter=" + from.plusNanos(100_000))))
        .containsExactly(third, second);
    assertThat(
            getJson("/api/v1/tasks/stats?" + runTag() + "&createdAfter=" + createdAt(second))
                .get("total")
                .asLong())
        .isEqualTo(2);
  }

  @Test
  void pagingVisitsEveryTaskOnceNewestFirstAndIgnoresTasksCreatedMeanwhile() {
    var submitted = new ArrayList<UUID>();
    for (int batch = 0; batch < 3; batch++) {
      submitted.addAll(submitBatch(40));
    }

    var visited = new ArrayList<JsonNode>();
    String cursor = null;
    var pages = 0;
    do {
      var page = list(runTag() + "&limit=50" + (cursor == null ? "" : "&cursor=" + cursor));
      page.get("items").forEach(visited::add);
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
      pages++;
      if (pages == 1) {
        submitBatch(5); // newer than every position still to come: must not show up
      }
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    var ids = visited.stream().map(t -> UUID.fromString(t.get("id").asString())).toList();
    assertThat(ids).hasSize(120).doesNotHaveDuplicates();
    assertThat(new HashSet<>(ids)).isEqualTo(new HashSet<>(submitted));
    var newestFirst =
        Comparator.<JsonNode, Instant>comparing(t -> Instant.parse(t.get("createdAt").asString()))
            .thenComparing(t -> t.get("id").asString())
            .reversed();
    assertThat(visited).isSortedAccordingTo(newestFirst);
  }

  @Test
  void lastPageHasNoCursorAndAnEmptyListIsAPage() {
    submitTagged("q-list-a", "{}");
    submitTagged("q-list-a", "{}");

    var exact = list(runTag() + "&limit=2");
    assertThat(exact.get("items")).hasSize(2);
    assertThat(exact.get("nextCursor").isNull()).isTrue();
    var first = list(runTag() + "&limit=1");
    assertThat(first.get("nextCursor").isNull()).isFalse();
    var empty = list("tag=nobody:" + run);
    assertThat(empty.get("items")).isEmpty();
    assertThat(empty.get("nextCursor").isNull()).isTrue();
  }

  private String runTag() {
    return "tag=run:" + run;
  }

  private JsonNode list(String query) {
    var response = get("/api/v1/tasks?" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static List<UUID> ids(JsonNode page) {
    var ids = new ArrayList<UUID>();
    page.get("items").forEach(t -> ids.add(UUID.fromString(t.get("id").asString())));
    return ids;
  }

  private UUID submitTagged(String type, String extraTags) {
    var tags = JSON.readTree(extraTags);
    ((tools.jackson.databind.node.ObjectNode) tags).put("run", run);
    return submit("{\"type\":\"" + type + "\",\"tags\":" + tags + "}");
  }

  private UUID scheduled(String extraTags) {
    var tags = JSON.readTree(extraTags);
    ((tools.jackson.databind.node.ObjectNode) tags).put("run", run);
    return submit(
        "{\"type\":\"q-list-a\",\"runAt\":\""
            + Instant.now().plus(Duration.ofDays(1))
            + "\",\"tags\":"
            + tags
            + "}");
  }

  private List<UUID> submitBatch(int n) {
    var items =
        IntStream.range(0, n)
            .mapToObj(
                i ->
                    "{\"type\":\"q-list-a\",\"input\":{\"i\":"
                        + i
                        + "},\"tags\":{\"run\":\""
                        + run
                        + "\"}}")
            .toList();
    var response = post("/api/v1/tasks/batch", "{\"tasks\":[" + String.join(",", items) + "]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    var ids = new ArrayList<UUID>();
    JSON.readTree(response.body())
        .get("ids")
        .forEach(id -> ids.add(UUID.fromString(id.asString())));
    return ids;
  }

  private UUID submitAfterTheClockMoved(UUID previous) {
    var after = createdAt(previous);
    await().atMost(Duration.ofSeconds(1)).until(() -> Instant.now().isAfter(after.plusMillis(1)));
    return submitTagged("q-list-a", "{}");
  }

  private Instant createdAt(UUID id) {
    return Instant.parse(getJson("/api/v1/tasks/" + id).get("createdAt").asString());
  }

  private boolean isQueued(UUID id) {
    return status(id).equals("QUEUED");
  }

  private boolean isAssigned(UUID id) {
    return status(id).equals("ASSIGNED");
  }

  private void assign(com.rabbitmq.client.Channel channel, UUID id, String worker)
      throws Exception {
    var body =
        "{\"v\":1,\"taskId\":\"%s\",\"attempt\":1,\"workerId\":\"%s\",\"status\":\"ASSIGNED\"}"
            .formatted(id, worker);
    channel.basicPublish(
        topology.eventsExchange(),
        "task.status",
        new AMQP.BasicProperties.Builder().contentType("application/json").build(),
        body.getBytes(StandardCharsets.UTF_8));
    channel.waitForConfirmsOrDie(5000);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    var all = new ArrayList<T>(a);
    all.addAll(b);
    return all;
  }
}
