package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Many tasks through the REST API, as a careful producer sends them: each submission carries an
 * idempotency key and is repeated until the orchestrator answers it (across a crash and restart),
 * so "submitted" means "the orchestrator said 201 or 200". Then waits for them and checks each.
 */
final class TaskLoad implements AutoCloseable {

  private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

  private final JsonHttp http;
  private final ExecutorService threads;

  TaskLoad(JsonHttp http, int threads) {
    this.http = http;
    this.threads = Executors.newFixedThreadPool(threads);
  }

  /** A submission body: {@code type}, {@code input} and the given idempotency key. */
  static ObjectNode task(String type, JsonNode input, String idempotencyKey) {
    var body = JsonHttp.JSON.createObjectNode();
    body.put("type", type);
    body.set("input", input);
    body.put("idempotencyKey", idempotencyKey);
    body.put("maxRetries", 3);
    body.put("timeoutSeconds", 120);
    return body;
  }

  /**
   * Tasks {@code from} to {@code from + count - 1}: every other one a sleep of {@code sleepMs}, the
   * rest echo, with idempotency keys {@code keyPrefix-i}. Sleeps of a few hundred ms make the
   * workers, not the submissions, set the pace, so dispatches wait in the broker all along the run.
   */
  static List<ObjectNode> echoAndSleep(String keyPrefix, int from, int count, int sleepMs) {
    var bodies = new ArrayList<ObjectNode>(count);
    for (int i = from; i < from + count; i++) {
      var input = JsonHttp.JSON.createObjectNode();
      var key = keyPrefix + "-" + i;
      bodies.add(
          i % 2 == 0
              ? task("sleep", input.put("ms", sleepMs), key)
              : task("echo", input.put("n", i), key));
    }
    return bodies;
  }

  /**
   * Submits every body on the load's threads, each until answered; the futures give the task ids in
   * the order of {@code bodies}.
   */
  List<Future<UUID>> submitAll(List<ObjectNode> bodies, Duration atMostEach) {
    var futures = new ArrayList<Future<UUID>>(bodies.size());
    for (var body : bodies) {
      futures.add(threads.submit(() -> submitUntilAnswered(body, atMostEach)));
    }
    return futures;
  }

  /** Submits once; the task id on 201/200, empty when the orchestrator is down or failing. */
  private Optional<UUID> submitOnce(ObjectNode body) {
    JsonHttp.Response response;
    try {
      response = http.post("/api/v1/tasks", body);
    } catch (UncheckedIOException e) {
      return Optional.empty(); // down or killed mid-request: the idempotency key makes a retry safe
    }
    if (response.status() == 201 || response.status() == 200) {
      return Optional.of(UUID.fromString(response.json().get("id").asString()));
    }
    if (response.status() >= 500) {
      return Optional.empty();
    }
    throw new AssertionError(
        "submission " + body + " answered " + response.status() + ": " + response.body());
  }

  private UUID submitUntilAnswered(ObjectNode body, Duration atMost) {
    return await("submission " + body.get("idempotencyKey").asString())
        .atMost(atMost)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> submitOnce(body), Optional::isPresent)
        .orElseThrow();
  }

  static List<UUID> join(List<Future<UUID>> futures) {
    var ids = new ArrayList<UUID>(futures.size());
    for (var f : futures) {
      try {
        ids.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new AssertionError("a submission failed: " + e.getCause(), e.getCause());
      }
    }
    return ids;
  }

  /**
   * Waits until every task is terminal, asking only about those not seen terminal yet (in parallel;
   * an unanswered request counts as not yet). On timeout the error tells how many are left, by
   * status, with the history of a few.
   */
  void awaitTerminal(Collection<UUID> ids, Duration atMost) {
    var pending = ConcurrentHashMap.<UUID>newKeySet();
    pending.addAll(ids);
    var lastSeen = new ConcurrentHashMap<UUID, String>();
    try {
      await("all " + ids.size() + " tasks terminal")
          .atMost(atMost)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                forEachParallel(
                    List.copyOf(pending),
                    id -> {
                      var status = statusOrNull(id);
                      if (status != null) {
                        lastSeen.put(id, status);
                        if (TERMINAL.contains(status)) {
                          pending.remove(id);
                        }
                      }
                      return null;
                    });
                return pending.isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      var byStatus = new TreeMap<String, Integer>();
      pending.forEach(id -> byStatus.merge(lastSeen.getOrDefault(id, "?"), 1, Integer::sum));
      var report = new StringBuilder();
      report.append(pending.size()).append(" of ").append(ids.size());
      report.append(" tasks not terminal after ").append(atMost).append(", by status ");
      report.append(byStatus).append('\n');
      pending.stream().limit(3).forEach(id -> report.append(historyOrNote(id)));
      throw new AssertionError(report.toString(), e);
    }
  }

  /**
   * Checks every task with {@link HistoryCheck} (in parallel) and asserts none has a violation; the
   * failure lists the count and the full history of the first few offenders.
   *
   * @param expectedResult the task's expected {@code result}, or null to skip that check
   */
  List<HistoryCheck.Verified> verifyAll(
      Collection<UUID> ids, String expectedTerminal, Function<UUID, JsonNode> expectedResult) {
    var offenders = new TreeMap<UUID, String>();
    var verified =
        forEachParallel(
            List.copyOf(ids),
            id -> {
              var v = HistoryCheck.read(http, id);
              var problems = new ArrayList<>(HistoryCheck.violations(v, expectedTerminal));
              var expected = expectedResult == null ? null : expectedResult.apply(id);
              if (expected != null && !expected.equals(v.task().get("result"))) {
                problems.add("result " + v.task().get("result") + ", expected " + expected);
              }
              if (!problems.isEmpty()) {
                synchronized (offenders) {
                  offenders.put(id, problems + "\n" + v.dump());
                }
              }
              return v;
            });
    assertThat(offenders)
        .as(
            "%d of %d tasks break the exactly-once history rules; the first:%n%s",
            offenders.size(),
            ids.size(),
            String.join("\n", offenders.values().stream().limit(5).toList()))
        .isEmpty();
    return verified;
  }

  /**
   * Asserts what the orchestrator itself counts ({@code GET /api/v1/tasks/stats}): exactly {@code
   * total} tasks, all in {@code status}. Independent of the ids the producer was given, so it also
   * catches a duplicate task or one the producer never heard of.
   */
  void assertCounts(long total, String status) {
    var stats = http.getJson("/api/v1/tasks/stats");
    assertThat(stats.get("total").asLong())
        .as("tasks the orchestrator knows: %s", stats)
        .isEqualTo(total);
    assertThat(stats.at("/byStatus/" + status).asLong())
        .as("tasks %s: %s", status, stats)
        .isEqualTo(total);
  }

  /**
   * History entries across the given tasks, by trigger and outcome ({@code WORKER_COMPLETED} for
   * the applied ones, {@code WORKER_COMPLETED/IGNORED} for the others), for the test's report.
   */
  static Map<String, Integer> triggerCounts(Collection<HistoryCheck.Verified> verified) {
    var counts = new TreeMap<String, Integer>();
    for (var v : verified) {
      for (var e : v.history()) {
        var trigger = e.trigger() == null ? "CREATED" : e.trigger();
        counts.merge(e.applied() ? trigger : trigger + "/" + e.outcome(), 1, Integer::sum);
      }
    }
    return counts;
  }

  private String statusOrNull(UUID id) {
    try {
      var response = http.get("/api/v1/tasks/" + id);
      return response.status() == 200 ? response.json().get("status").asString() : null;
    } catch (UncheckedIOException e) {
      return null;
    }
  }

  private String historyOrNote(UUID id) {
    try {
      return HistoryCheck.read(http, id).dump();
    } catch (RuntimeException | AssertionError e) {
      return "task " + id + ": could not read its history: " + e + "\n";
    }
  }

  private <T> List<T> forEachParallel(List<UUID> ids, Function<UUID, T> action) {
    var futures = new ArrayList<Future<T>>(ids.size());
    for (var id : ids) {
      futures.add(threads.submit(() -> action.apply(id)));
    }
    var results = new ArrayList<T>(ids.size());
    for (var f : futures) {
      try {
        results.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    return results;
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
