package dev.baton.bench.baton;

import com.rabbitmq.client.Connection;
import dev.baton.bench.cost.Cost;
import dev.baton.bench.cost.CostMeter;
import dev.baton.bench.database.Database;
import dev.baton.bench.process.Http;
import dev.baton.bench.process.Progress;
import dev.baton.protocol.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Baton end to end: tasks submitted by batch REST, by single REST requests or by AMQP, executed by
 * the example workers, measured from the first submission to the last COMPLETED, with what the run
 * cost (CPU by process group, broker messages). Closed loop (submit all, as fast as the
 * orchestrator takes them) for the peak; open loop (a fixed rate, whatever the answers) for the
 * latency at a given load; phases (workers stopped while tasks are submitted) for the
 * orchestrator's CPU per phase. With several orchestrators on one database, the REST submissions go
 * round-robin over them (batch by batch, request by request); AMQP submissions reach whichever
 * consumes them from the shared queue.
 */
public final class EndToEnd {

  private static final int BATCH = 1_000;
  private static final long IDLE_SAMPLE_MILLIS = 3_000;

  private final List<Http> orchestrators;
  private final Connection amqp;
  private final Topology topology;
  private final Completion completion;
  private final CostMeter meter;

  /**
   * @param orchestrators one client per orchestrator on {@code database}; the first also answers
   *     the completion polls
   */
  public EndToEnd(
      List<Http> orchestrators,
      Connection amqp,
      Topology topology,
      Database database,
      CostMeter meter) {
    this.orchestrators = List.copyOf(orchestrators);
    this.meter = meter;
    this.amqp = amqp;
    this.topology = topology;
    this.completion = new Completion(this.orchestrators.get(0), database);
  }

  /** The orchestrator the {@code index}-th request goes to (round-robin). */
  private Http orchestrator(int index) {
    return orchestrators.get(index % orchestrators.size());
  }

  /** Batches of 1,000 to {@code POST /api/v1/tasks/batch}, one after the other. */
  public RunResult restBatch(int tasks, String label) throws Exception {
    return closedLoop(tasks, label, () -> submitRest(tasks, label));
  }

  /**
   * One task per {@code POST /api/v1/tasks}, from {@code producers} threads, each sending its next
   * request once the previous one is answered (closed loop), until {@code tasks} were answered 201.
   */
  public RunResult restSingles(int tasks, int producers, String label) throws Exception {
    return closedLoop(tasks, label, () -> submitSingles(tasks, producers, label));
  }

  /** Submits everything, waits for the tasks to end: throughput from the first submission. */
  private RunResult closedLoop(int tasks, String label, Submission submit) throws Exception {
    var before = meter.snapshot();
    long first = System.currentTimeMillis();
    submit.run();
    completion.await(label, tasks);
    return completion.result(label, tasks, first).withCost(meter.since(before));
  }

  @FunctionalInterface
  private interface Submission {
    void run() throws Exception;
  }

  /**
   * The producers share the harness's {@link Http} clients (task n goes to orchestrator n mod their
   * count): a JDK client is immutable once built and made for concurrent requests (a connection per
   * request in flight, kept alive between them). Any answer but 201 stops them and fails the run.
   */
  private void submitSingles(int tasks, int producers, String label) throws InterruptedException {
    long first = System.currentTimeMillis();
    var next = new AtomicInteger();
    var created = new AtomicInteger();
    var errors = new AtomicInteger();
    var firstError = new AtomicReference<String>();
    Runnable producer =
        () -> {
          int n;
          while (errors.get() == 0 && (n = next.getAndIncrement()) < tasks) {
            String error;
            try {
              var body = TaskBodies.task(n, System.currentTimeMillis(), label);
              var response = orchestrator(n).post("/api/v1/tasks", body);
              if (response.status() == 201) {
                created.incrementAndGet();
                continue;
              }
              error = "answered " + response.status() + ": " + response.body();
            } catch (RuntimeException e) {
              error = "failed: " + e;
            }
            errors.incrementAndGet();
            firstError.compareAndSet(null, error);
          }
        };
    var threads = new ArrayList<Thread>(producers);
    for (int i = 0; i < producers; i++) {
      var thread = new Thread(producer, "bench-single-producer-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (var thread : threads) {
      thread.join();
    }
    if (errors.get() > 0) {
      throw new IllegalStateException(
          String.format(
              "%s: %d single submission(s) not answered 201 (%d of %d were); the first %s",
              label, errors.get(), created.get(), tasks, firstError.get()));
    }
    Progress.say(
        "  %s: %d submitted one by one by %d producers in %.1f s",
        label, tasks, producers, (System.currentTimeMillis() - first) / 1e3);
  }

  /**
   * What the orchestrator does per task, phase by phase: the cost of each phase; its CPU when idle
   * in between (% of a core), and how long the workers took to start inside the reports phase (the
   * orchestrator idles meanwhile).
   */
  public record Phases(
      int tasks,
      Cost submitAndDispatch,
      Cost reports,
      double idleOrchestratorPercent,
      double workersStartSeconds) {

    /** At most this much of the reports' orchestrator CPU per task is its idling meanwhile. */
    public double idleMillisPerTaskInReports() {
      return Cost.millisPerTask(idleOrchestratorPercent / 100 * workersStartSeconds, tasks);
    }
  }

  /**
   * Batch REST in two phases: with no worker running, submitted until every task is {@code QUEUED}
   * (submission and dispatch); then {@code startWorkers} and until every task is terminal (the
   * workers' reports). The caller has stopped the workers.
   */
  public Phases phases(int tasks, String label, Runnable startWorkers) throws Exception {
    var before = meter.snapshot();
    submitRest(tasks, label);
    completion.awaitQueued(label, tasks);
    var submitAndDispatch = meter.since(before);
    Progress.say("  %s: all %d QUEUED after %.1f s", label, tasks, submitAndDispatch.wallSeconds());
    double idle = meter.orchestratorPercentOfCoreOver(IDLE_SAMPLE_MILLIS);
    var queued = meter.snapshot();
    long starting = System.nanoTime();
    startWorkers.run();
    double startSeconds = (System.nanoTime() - starting) / 1e9;
    completion.await(label, tasks);
    return new Phases(tasks, submitAndDispatch, meter.since(queued), idle, startSeconds);
  }

  private void submitRest(int tasks, String label) {
    long first = System.currentTimeMillis();
    for (int sent = 0; sent < tasks; sent += BATCH) {
      int n = Math.min(BATCH, tasks - sent);
      long now = System.currentTimeMillis();
      var body = new StringBuilder("{\"tasks\":[");
      for (int i = 0; i < n; i++) {
        body.append(i == 0 ? "" : ",").append(TaskBodies.task(sent + i, now, label));
      }
      var response =
          orchestrator(sent / BATCH).post("/api/v1/tasks/batch", body.append("]}").toString());
      if (response.status() != 201) {
        throw new IllegalStateException(
            "batch answered " + response.status() + ": " + response.body());
      }
    }
    Progress.say(
        "  %s: %d submitted in %.1f s", label, tasks, (System.currentTimeMillis() - first) / 1e3);
  }

  /** One message per task to {@code <prefix>.submissions}, as fast as confirms allow. */
  public RunResult amqp(int tasks, String label) throws Exception {
    return closedLoop(tasks, label, () -> publishAmqp(tasks, label));
  }

  private void publishAmqp(int tasks, String label) throws Exception {
    long first = System.currentTimeMillis();
    try (var submitter = new AmqpSubmitter(amqp, topology.submissionsQueue(), 1_000)) {
      for (int i = 0; i < tasks; i++) {
        submitter.submit(TaskBodies.task(i, System.currentTimeMillis(), label));
      }
      submitter.awaitConfirms();
    }
    Progress.say(
        "  %s: %d published in %.1f s", label, tasks, (System.currentTimeMillis() - first) / 1e3);
  }

  /**
   * Open loop over AMQP: one submission every 1/rate s for {@code seconds}, each stamped with the
   * time it was due (not sent), so a producer that falls behind still counts the wait.
   */
  public RunResult openLoop(double rate, int seconds, String label) throws Exception {
    int tasks = Math.max(1, (int) (rate * seconds));
    long intervalNanos = (long) (1e9 / rate);
    var before = meter.snapshot();
    long startNanos = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    try (var submitter = new AmqpSubmitter(amqp, topology.submissionsQueue(), tasks)) {
      for (int i = 0; i < tasks; i++) {
        long due = startNanos + i * intervalNanos;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        submitter.submit(TaskBodies.task(i, startMillis + (due - startNanos) / 1_000_000, label));
      }
      submitter.awaitConfirms();
    }
    completion.await(label, tasks);
    return completion.result(label, tasks, startMillis).withCost(meter.since(before));
  }
}
