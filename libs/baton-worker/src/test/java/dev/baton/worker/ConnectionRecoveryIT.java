package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.baton.protocol.TaskResultEvent.Outcome;
import dev.baton.protocol.TaskStatusEvent.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker drops the worker's connections while an attempt runs. Needs {@code rabbitmqctl} on the
 * test machine to close exactly this worker's connections; skipped without it.
 */
class ConnectionRecoveryIT {

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger invocations = new AtomicInteger();
  private TestOrchestrator orchestrator;

  @BeforeEach
  void connect() throws Exception {
    orchestrator = new TestOrchestrator();
  }

  @AfterEach
  void cleanUp() throws Exception {
    release.countDown();
    orchestrator.close();
  }

  @Test
  void runningAttemptSurvivesLostConnectionsAndItsResultIsPublishedOnce() throws Exception {
    var worker =
        orchestrator.start(
            orchestrator
                .worker()
                .handler(
                    "job",
                    context -> {
                      invocations.incrementAndGet();
                      release.await();
                      return context.input();
                    }));
    var queue = orchestrator.topology.taskQueue("job");
    var dispatch = orchestrator.dispatch("job", "{\"survives\":true}");
    orchestrator.awaitStatus(dispatch.taskId(), Status.RUNNING);
    var connections = connectionsOf(worker.workerId());
    assumeThat(connections).as("rabbitmqctl lists the worker's connections").hasSize(2);

    for (var pid : connections) {
      rabbitmqctl("close_connection", pid, "test: simulated network failure");
    }

    // The broker requeues the unacked dispatch and, once the worker has recovered, redelivers it
    // to the same worker, which recognises it as the attempt still running.
    await().atMost(TestOrchestrator.WAIT).until(() -> worker.duplicateCount() == 1);
    release.countDown();

    var result = orchestrator.awaitResult(dispatch.taskId());
    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(result.result()).isEqualTo(dispatch.input());
    await().atMost(TestOrchestrator.WAIT).until(() -> worker.completedCount() == 1);
    assertThat(invocations).hasValue(1);
    assertThat(orchestrator.ready(queue)).isZero();
    assertThat(orchestrator.consumers(queue)).isEqualTo(1);

    // Still consuming and publishing after the recovery.
    var next = orchestrator.dispatch("job", "{\"next\":true}");
    assertThat(orchestrator.awaitResult(next.taskId()).outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(orchestrator.results(dispatch.taskId())).hasSize(1);
  }

  private static List<String> connectionsOf(String workerId) {
    var pids = new ArrayList<String>();
    String output;
    try {
      output =
          rabbitmqctl("list_connections", "-q", "--no-table-headers", "pid", "client_properties");
    } catch (IOException e) {
      return pids;
    }
    for (var line : output.split("\n")) {
      if (line.contains("baton-worker " + workerId + " ")) {
        pids.add(line.substring(0, line.indexOf('>') + 1).trim());
      }
    }
    return pids;
  }

  private static String rabbitmqctl(String... args) throws IOException {
    var command = new ArrayList<String>();
    command.add("rabbitmqctl");
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("rabbitmqctl " + String.join(" ", args) + " failed: " + output);
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
