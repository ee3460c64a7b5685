package dev.baton.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.example.ExampleWorker;
import dev.baton.testsupport.TestBroker;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A tenant with queues of its own ({@code baton.security.tenant-queues}): its tasks reach only
 * workers started for it, and other tenants' tasks never do.
 */
class TenantQueuesIT extends KeyedOrchestratorIT {

  @Test
  void aTenantsOwnWorkerRunsItsTasksAndNeverAnotherTenants() throws Exception {
    var worker =
        ExampleWorker.builder(TestBroker.amqpUri(), topology, 2)
            .tenant("tenant-b")
            .heartbeatInterval(Duration.ofSeconds(1))
            .build();
    worker.start();
    try {
      var ofB = submit(PRODUCER_B, "{\"type\":\"sha256\",\"input\":{\"text\":\"b\"}}");
      var ofA = submit(PRODUCER_A, "{\"type\":\"sha256\",\"input\":{\"text\":\"a\"}}");

      await().atMost(Duration.ofSeconds(20)).until(() -> status(OPERATOR, ofB).equals("COMPLETED"));
      // A's dispatch waits in the shared queue, which tenant B's worker does not consume.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  status(OPERATOR, ofA).equals("QUEUED")
                      && depth(topology.taskQueue("sha256")) >= 1);
      assertThat(depth(topology.taskQueue("sha256", "tenant-b"))).isZero();
      assertThat(status(OPERATOR, ofA)).isEqualTo("QUEUED");
    } finally {
      worker.stop(Duration.ofSeconds(5));
    }
  }

  private long depth(String queue) throws Exception {
    try (var connection = TestBroker.connectionFactory().newConnection();
        var channel = connection.createChannel()) {
      return channel.queueDeclarePassive(queue).getMessageCount();
    }
  }

  private String submit(String key, String json) {
    var response =
        send(
            HttpRequest.newBuilder(uri("/api/v1/tasks"))
                .header("Content-Type", "application/json")
                .header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).get("id").asString();
  }

  private String status(String key, String id) {
    var response =
        send(
            HttpRequest.newBuilder(uri("/api/v1/tasks/" + id))
                .header("X-API-Key", key)
                .GET()
                .build());
    return JSON.readTree(response.body()).get("status").asString();
  }
}
