package dev.baton.bench.baton;

import com.rabbitmq.client.Connection;
import dev.baton.bench.process.Http;
import dev.baton.bench.process.Progress;
import dev.baton.protocol.Topology;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * Baton end to end: tasks submitted by batch REST or by AMQP, executed by the example workers,
 * measured from the first submission to the last COMPLETED. Closed loop (submit all, as fast as the
 * orchestrator takes them) for the peak; open loop (a fixed rate, whatever the answers) for the
 * latency at a given load.
 */
public final class EndToEnd {

  private static final int BATCH = 1_000;

  private final Http http;
  private final Connection amqp;
  private final Topology topology;
  private final Completion completion;
  private final DoubleSupplier orchestratorCpuSeconds;

  public EndToEnd(
      Http http,
      Connection amqp,
      Topology topology,
      Path database,
      DoubleSupplier orchestratorCpuSeconds) {
    this.http = http;
    this.orchestratorCpuSeconds = orchestratorCpuSeconds;
    this.amqp = amqp;
    this.topology = topology;
    this.completion = new Completion(http, database);
  }

  /** Batches of 1,000 to {@code POST /api/v1/tasks/batch}, one after the other. */
  public RunResult restBatch(int tasks, String label) throws Exception {
    long first = System.currentTimeMillis();
    double cpu = orchestratorCpuSeconds.getAsDouble();
    for (int sent = 0; sent < tasks; sent += BATCH) {
      int n = Math.min(BATCH, tasks - sent);
      long now = System.currentTimeMillis();
      var body = new StringBuilder("{\"tasks\":[");
      for (int i = 0; i < n; i++) {
        body.append(i == 0 ? "" : ",").append(TaskBodies.task(sent + i, now, label));
      }
      var response = http.post("/api/v1/tasks/batch", body.append("]}").toString());
      if (response.status() != 201) {
        throw new IllegalStateException(
            "batch answered " + response.status() + ": " + response.body());
      }
    }
    Progress.say(
        "  %s: %d submitted in %.1f s", label, tasks, (System.currentTimeMillis() - first) / 1e3);
    completion.await(label, tasks);
    return withCpu(completion.result(label, tasks, first), cpu, first);
  }

  /** One message per task to {@code <prefix>.submissions}, as fast as confirms allow. */
  public RunResult amqp(int tasks, String label) throws Exception {
    long first = System.currentTimeMillis();
    double cpu = orchestratorCpuSeconds.getAsDouble();
    try (var submitter = new AmqpSubmitter(amqp, topology.submissionsQueue(), 1_000)) {
      for (int i = 0; i < tasks; i++) {
        submitter.submit(TaskBodies.task(i, System.currentTimeMillis(), label));
      }
      submitter.awaitConfirms();
    }
    Progress.say(
        "  %s: %d published in %.1f s", label, tasks, (System.currentTimeMillis() - first) / 1e3);
    completion.await(label, tasks);
    return withCpu(completion.result(label, tasks, first), cpu, first);
  }

  /**
   * Open loop over AMQP: one submission every 1/rate s for {@code seconds}, each stamped with the
   * time it was due (not sent), so a producer that falls behind still counts the wait.
   */
  public RunResult openLoop(double rate, int seconds, String label) throws Exception {
    int tasks = Math.max(1, (int) (rate * seconds));
    long intervalNanos = (long) (1e9 / rate);
    long startNanos = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    double cpu = orchestratorCpuSeconds.getAsDouble();
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
    return withCpu(completion.result(label, tasks, startMillis), cpu, startMillis);
  }

  private RunResult withCpu(RunResult result, double cpuBefore, long firstMillis) {
    double used = orchestratorCpuSeconds.getAsDouble() - cpuBefore;
    return result.withCpu(used, (System.currentTimeMillis() - firstMillis) / 1e3);
  }
}
