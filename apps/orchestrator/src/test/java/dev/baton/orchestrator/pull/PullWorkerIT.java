package dev.baton.orchestrator.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.orchestrator.task.TaskSubmissions;
import dev.baton.protocol.TaskSubmission;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** HTTP pull workers: claims, leases, reports, on the real orchestrator (no AMQP worker). */
class PullWorkerIT extends OrchestratorIT {

  private static final String LOAD = "pull-load";
  private static final List<String> TYPES =
      List.of(
          LOAD, "pull-order", "pull-flow", "pull-rules", "pull-lease", "pull-copy", "pull-only");

  static {
    // No AMQP worker consumes these types: their queues keep the copies of claimed tasks.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> TestBroker.deleteTopology(new Topology(PREFIX), TYPES)));
  }

  @Autowired TaskSubmissions submissions;
  @Autowired PlatformTransactionManager txManager;
  @Autowired DataSource dataSource;

  @Test
  void eightConcurrentClaimersClaimAndCompleteEveryTaskExactlyOnce() throws Exception {
    int count = 2_000;
    var ids = submitMany(LOAD, count);
    var claims = new ConcurrentHashMap<String, AtomicInteger>();
    var rejectedReports = new AtomicInteger();

    var pool = Executors.newFixedThreadPool(8);
    var workers = new ArrayList<Future<Integer>>();
    for (int w = 0; w < 8; w++) {
      var workerId = "pull-load-" + w;
      workers.add(
          pool.submit(
              () -> {
                int done = 0;
                while (true) {
                  var claimed = claim(workerId, LOAD, ThreadLocalRandom.current().nextInt(1, 11));
                  if (claimed.isEmpty()) {
                    return done;
                  }
                  for (var task : claimed) {
                    var id = task.get("id").asString();
                    claims.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    var completed =
                        report(
                            id,
                            "complete",
                            workerId,
                            task.get("attempt").asInt(),
                            ",\"result\":{\"by\":\"" + workerId + "\"}");
                    if (completed.statusCode() != 200) {
                      rejectedReports.incrementAndGet();
                    }
                    done++;
                  }
                }
              }));
    }
    int completedByWorkers = 0;
    for (var worker : workers) {
      completedByWorkers += worker.get(3, TimeUnit.MINUTES);
    }
    pool.shutdown();

    assertThat(completedByWorkers).isEqualTo(count);
    assertThat(claims).hasSize(count).containsOnlyKeys(ids);
    assertThat(claims.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(rejectedReports.get()).isZero();
    var jdbc = new JdbcTemplate(dataSource);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM tasks WHERE type = ? AND status = 'COMPLETED'",
                Integer.class,
                LOAD))
        .isEqualTo(count);
    for (var trigger : List.of("WORKER_ASSIGNED", "WORKER_COMPLETED")) {
      List<Map<String, Object>> perTask =
          jdbc.queryForList(
              "SELECT h.task_id, count(*) AS n FROM task_history h JOIN tasks t ON t.id = h.task_id"
                  + " WHERE t.type = ? AND h.trigger_name = ? AND h.outcome = 'APPLIED'"
                  + " GROUP BY h.task_id",
              LOAD,
              trigger);
      assertThat(perTask).as("tasks with an applied %s", trigger).hasSize(count);
      assertThat(perTask)
          .as("one applied %s per task", trigger)
          .allSatisfy(row -> assertThat(((Number) row.get("n")).intValue()).isEqualTo(1));
    }
  }

  @Test
  void claimTakesTheHighestPriorityFirstThenTheOldestAndLeasesThem() {
    var low = submit("{\"type\":\"pull-order\",\"priority\":2,\"timeoutSeconds\":60}");
    var high = submit("{\"type\":\"pull-order\",\"priority\":8,\"input\":{\"n\":1}}");
    var highLater = submit("{\"type\":\"pull-order\",\"priority\":8}");
    // Claimable, and the relay done with them: on PostgreSQL a claim skips rows another
    // transaction holds (SKIP LOCKED), which would make the order a matter of timing.
    for (var id : List.of(low, high, highLater)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("QUEUED"));
    }
    var before = Instant.now();

    var first = claim("w-order", "pull-order", 2);
    var second = claim("w-order", "pull-order", 5);

    assertThat(first)
        .extracting(t -> t.get("id").asString())
        .containsExactly(high.toString(), highLater.toString());
    assertThat(second).extracting(t -> t.get("id").asString()).containsExactly(low.toString());
    var claimed = first.get(0);
    assertThat(claimed.get("attempt").asInt()).isEqualTo(1);
    assertThat(claimed.get("type").asString()).isEqualTo("pull-order");
    assertThat(claimed.get("input").get("n").asInt()).isEqualTo(1);
    assertThat(Instant.parse(second.get(0).get("leaseExpiresAt").asString()))
        .isBetween(before.plusSeconds(59), Instant.now().plusSeconds(60));
    var task = getJson("/api/v1/tasks/" + high);
    assertThat(task.get("status").asString()).isEqualTo("ASSIGNED");
    assertThat(task.get("workerId").asString()).isEqualTo("w-order");
    assertThat(claim("w-order", "pull-order", 5)).isEmpty();
  }

  @Test
  void heartbeatsKeepTheLeaseAndReportProgressThenCompleteEndsTheAttempt() {
    var id = submit("{\"type\":\"pull-flow\",\"timeoutSeconds\":2}");
    var task = claimOne("w-flow", "pull-flow", id);
    int attempt = task.get("attempt").asInt();

    var started = Instant.now();
    while (Duration.between(started, Instant.now()).toMillis() < 4_000) {
      // Twice the lease: only the heartbeats keep the attempt alive.
      await()
          .pollDelay(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                var beat = report(id, "heartbeat", "w-flow", attempt, ",\"progress\":40");
                assertThat(beat.statusCode()).as(beat.body()).isEqualTo(200);
                var body = JSON.readTree(beat.body());
                assertThat(body.get("status").asString()).isEqualTo("RUNNING");
                assertThat(Instant.parse(body.get("leaseExpiresAt").asString()))
                    .isAfter(Instant.now().plusMillis(1_500));
              });
    }
    assertThat(getJson("/api/v1/tasks/" + id).get("progress").asInt()).isEqualTo(40);

    var done = report(id, "complete", "w-flow", attempt, ",\"result\":{\"answer\":42}");

    assertThat(done.statusCode()).isEqualTo(200);
    var body = JSON.readTree(done.body());
    assertThat(body.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(body.get("leaseExpiresAt").isNull()).isTrue();
    var finished = getJson("/api/v1/tasks/" + id);
    assertThat(finished.get("result").get("answer").asInt()).isEqualTo(42);
    assertThat(finished.get("attempt").asInt()).isEqualTo(1);
    assertThat(appliedTriggers(id))
        .containsExactly("WORKER_ASSIGNED", "WORKER_RUNNING", "WORKER_COMPLETED");
  }

  @Test
  void reportOfAnotherWorkerOrForAnotherAttemptIsA409AndRecordedAsIgnored() {
    var id = submit("{\"type\":\"pull-rules\"}");
    claimOne("w-holder", "pull-rules", id);

    var otherWorker = report(id, "complete", "w-other", 1, ",\"result\":{}");
    var otherHeartbeat = report(id, "heartbeat", "w-other", 1, "");
    var futureAttempt = report(id, "heartbeat", "w-holder", 2, "");

    assertThat(otherWorker.statusCode()).isEqualTo(409);
    assertThat(otherWorker.headers().firstValue("Content-Type"))
        .hasValue("application/problem+json");
    var problem = JSON.readTree(otherWorker.body());
    assertThat(problem.get("type").asString())
        .isEqualTo("https://baton.dev/problems/report-not-accepted");
    assertThat(problem.get("detail").asString())
        .isEqualTo("attempt 1 is held by worker w-holder, not w-other");
    assertThat(problem.get("heldBy").asString()).isEqualTo("w-holder");
    assertThat(problem.get("currentAttempt").asInt()).isEqualTo(1);
    assertThat(problem.get("taskStatus").asString()).isEqualTo("ASSIGNED");
    assertThat(otherHeartbeat.statusCode()).isEqualTo(409);
    assertThat(futureAttempt.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(futureAttempt.body()).get("detail").asString())
        .isEqualTo("event for attempt 2, current attempt is 1");
    assertThat(status(id)).isEqualTo("ASSIGNED");

    assertThat(
            report(id, "fail", "w-holder", 1, ",\"error\":{\"message\":\"no\",\"retryable\":false}")
                .statusCode())
        .isEqualTo(200);
    var again = report(id, "complete", "w-holder", 1, ",\"result\":{}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(again.body()).get("detail").asString())
        .isEqualTo("task is already FAILED");

    var ignored = new ArrayList<String>();
    for (var e : getJson("/api/v1/tasks/" + id + "/events")) {
      if (e.get("outcome").asString().equals("IGNORED")
          && e.get("trigger").asString().startsWith("WORKER_")) {
        ignored.add(e.get("workerId").asString() + " " + e.get("trigger").asString());
      }
    }
    assertThat(ignored)
        .containsExactly(
            "w-other WORKER_COMPLETED",
            "w-other WORKER_RUNNING",
            "w-holder WORKER_RUNNING",
            "w-holder WORKER_COMPLETED");
    assertThat(status(id)).isEqualTo("FAILED");
  }

  @Test
  void reportAboutAnUnclaimedTaskIsA409AndChangesNothing() {
    var id = submit("{\"type\":\"pull-rules\",\"priority\":0}");

    var response = report(id, "complete", "w-sneaky", 1, ",\"result\":{}");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(response.body()).get("detail").asString())
        .startsWith("attempt 1 is not held by worker w-sneaky (task is ")
        .endsWith("); claim it first");
    assertThat(status(id)).isIn("SUBMITTED", "QUEUED");
    assertThat(report(UUID.randomUUID(), "heartbeat", "w", 1, "").statusCode()).isEqualTo(404);
  }

  @Test
  void expiredLeaseTimesTheAttemptOutAndTheTaskIsClaimedAgainAsTheNextAttempt() {
    var id = submit("{\"type\":\"pull-lease\",\"timeoutSeconds\":1,\"maxRetries\":2}");
    claimOne("w-slow", "pull-lease", id);

    // No heartbeat: the lease runs out, the sweeper times the attempt out, the retry is queued.
    var next = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              var claimed = claim("w-fresh", "pull-lease", 1);
              next[0] = claimed.isEmpty() ? null : claimed.get(0);
              return next[0] != null;
            });

    assertThat(next[0].get("id").asString()).isEqualTo(id.toString());
    assertThat(next[0].get("attempt").asInt()).isEqualTo(2);
    var late = report(id, "complete", "w-slow", 1, ",\"result\":{\"late\":true}");
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(late.body()).get("detail").asString())
        .isEqualTo("event for attempt 1, current attempt is 2");
    assertThat(report(id, "complete", "w-fresh", 2, ",\"result\":{\"ok\":true}").statusCode())
        .isEqualTo(200);
    var task = getJson("/api/v1/tasks/" + id);
    assertThat(task.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(task.get("result").get("ok").asBoolean()).isTrue();
    assertThat(appliedTriggers(id)).contains("ATTEMPT_TIMED_OUT");
  }

  @Test
  void amqpCopyOfAClaimedTaskIsIgnoredAndItsWorkerToldToStop() throws Exception {
    var id = submit("{\"type\":\"pull-copy\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("QUEUED"));
    claimOne("w-http", "pull-copy", id);

    try (var connection = TestBroker.connectionFactory().newConnection("pull-copy-it")) {
      var channel = connection.createChannel();
      var control = channel.queueDeclare().getQueue();
      channel.queueBind(control, topology.controlExchange(), topology.controlKey("w-amqp"));
      var copy = channel.basicGet(topology.taskQueue("pull-copy"), true);
      assertThat(copy).isNotNull();
      assertThat(copy.getProps().getMessageId()).isEqualTo(id + ":1");

      var assigned =
          "{\"v\":1,\"taskId\":\"%s\",\"attempt\":1,\"workerId\":\"w-amqp\",\"status\":\"ASSIGNED\"}"
              .formatted(id);
      channel.basicPublish(
          topology.eventsExchange(),
          Topology.KEY_TASK_STATUS,
          null,
          assigned.getBytes(StandardCharsets.UTF_8));

      var cancel = new JsonNode[1];
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                var m = channel.basicGet(control, true);
                cancel[0] = m == null ? null : JSON.readTree(m.getBody());
                return cancel[0] != null;
              });
      assertThat(cancel[0].get("kind").asString()).isEqualTo("CANCEL");
      assertThat(cancel[0].get("taskId").asString()).isEqualTo(id.toString());
      assertThat(cancel[0].get("attempt").asInt()).isEqualTo(1);
    }
    var ignored = new ArrayList<String>();
    for (var e : getJson("/api/v1/tasks/" + id + "/events")) {
      if (e.get("outcome").asString().equals("IGNORED")) {
        ignored.add(e.get("reason").asString());
      }
    }
    assertThat(ignored).containsExactly("attempt 1 is held by worker w-http, not w-amqp");
    assertThat(status(id)).isEqualTo("ASSIGNED");
  }

  @Test
  void pullOnlyTypeIsQueuedForClaimsWithoutEverReachingTheBroker() throws Exception {
    var id = submit("{\"type\":\"pull-only\"}");

    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("QUEUED"));

    var confirm = getJson("/api/v1/tasks/" + id + "/events").get(1);
    assertThat(confirm.get("trigger").asString()).isEqualTo("DISPATCH_CONFIRMED");
    assertThat(confirm.get("detail").asString())
        .isEqualTo("pull-only type: not published, ready to claim");
    try (var connection = TestBroker.connectionFactory().newConnection("pull-only-it")) {
      var channel = connection.createChannel();
      assertThatThrownBy(() -> channel.queueDeclarePassive(topology.taskQueue("pull-only")))
          .as("no queue was ever declared for a pull-only type")
          .isInstanceOf(java.io.IOException.class);
    }
    claimOne("w-only", "pull-only", id);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "limit 0 | {\"workerId\":\"w\",\"types\":[\"t\"],\"limit\":0} | limit",
        "limit 101 | {\"workerId\":\"w\",\"types\":[\"t\"],\"limit\":101} | limit",
        "no types | {\"workerId\":\"w\",\"types\":[]} | types",
        "bad type | {\"workerId\":\"w\",\"types\":[\"a b\"]} | types[0]",
        "no worker | {\"types\":[\"t\"]} | workerId"
      })
  void invalidClaimIsA400NamingTheField(String name, String body, String field) {
    var response = post("/api/v1/tasks/claim", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("errors").findValuesAsString("field"))
        .contains(field);
  }

  @Test
  void invalidReportIsA400NamingTheField() {
    var id = UUID.randomUUID();

    var noAttempt = post("/api/v1/tasks/" + id + "/complete", "{\"workerId\":\"w\"}");
    var noError = post("/api/v1/tasks/" + id + "/fail", "{\"workerId\":\"w\",\"attempt\":1}");
    var badProgress =
        post(
            "/api/v1/tasks/" + id + "/heartbeat",
            "{\"workerId\":\"w\",\"attempt\":1,\"progress\":101}");

    assertThat(fields(noAttempt)).contains("attempt");
    assertThat(fields(noError)).contains("error");
    assertThat(fields(badProgress)).contains("progress");
  }

  @Test
  void claimQueryReadsTheClaimIndexInClaimOrder() {
    Assumptions.assumeFalse(TestDatabase.isPostgres(), "an SQLite query plan");
    List<String> plan =
        new JdbcTemplate(dataSource)
            .query(
                "EXPLAIN QUERY PLAN SELECT id FROM tasks WHERE status = 'QUEUED' AND type = 'x'"
                    + " ORDER BY priority DESC, created_at ASC LIMIT 10",
                (rs, i) -> rs.getString("detail"));

    assertThat(String.join("\n", plan))
        .contains("USING INDEX ix_tasks_claim (status=? AND type=?)")
        .doesNotContain("TEMP B-TREE");
  }

  private List<String> submitMany(String type, int count) {
    var ids = new ArrayList<String>(count);
    new TransactionTemplate(txManager)
        .executeWithoutResult(
            s -> {
              for (int i = 0; i < count; i++) {
                var input = JSON.readTree("{\"n\":" + i + "}");
                var submitted =
                    submissions.submit(
                        new TaskSubmission(
                            type, input, i % 10, null, null, null, null, null, null, null),
                        TaskSubmissions.DEFAULT_TENANT);
                ids.add(submitted.task().id().toString());
              }
            });
    return ids;
  }

  private List<JsonNode> claim(String workerId, String type, int limit) {
    var response =
        post(
            "/api/v1/tasks/claim",
            "{\"workerId\":\"%s\",\"types\":[\"%s\"],\"limit\":%d}"
                .formatted(workerId, type, limit));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var tasks = new ArrayList<JsonNode>();
    JSON.readTree(response.body()).get("tasks").forEach(tasks::add);
    return tasks;
  }

  private JsonNode claimOne(String workerId, String type, UUID expected) {
    // A claim on PostgreSQL skips a row another transaction is updating (the relay confirming its
    // dispatch) and would take another claimable task of the type left by an earlier test: wait
    // until the relay is done with it, then poll like a real pull worker until the task is there.
    await().atMost(Duration.ofSeconds(10)).until(() -> status(expected).equals("QUEUED"));
    var holder = new java.util.concurrent.atomic.AtomicReference<List<JsonNode>>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              holder.set(claim(workerId, type, 1));
              return !holder.get().isEmpty();
            });
    var claimed = holder.get();
    assertThat(claimed).hasSize(1);
    assertThat(claimed.get(0).get("id").asString()).isEqualTo(expected.toString());
    return claimed.get(0);
  }

  private HttpResponse<String> report(
      Object id, String kind, String workerId, int attempt, String extra) {
    return post(
        "/api/v1/tasks/" + id + "/" + kind,
        "{\"workerId\":\"%s\",\"attempt\":%d%s}".formatted(workerId, attempt, extra));
  }

  private List<String> appliedTriggers(UUID id) {
    var triggers = new ArrayList<String>();
    for (var e : getJson("/api/v1/tasks/" + id + "/events")) {
      if (e.get("outcome").asString().equals("APPLIED") && !e.get("trigger").isNull()) {
        triggers.add(e.get("trigger").asString());
      }
    }
    triggers.removeIf("DISPATCH_CONFIRMED"::equals);
    return triggers;
  }

  private static List<String> fields(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return JSON.readTree(response.body()).get("errors").findValuesAsString("field");
  }
}
