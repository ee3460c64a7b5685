package dev.baton.orchestrator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.example.ExampleWorker;
import dev.baton.orchestrator.OrchestratorTestBase;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.QueueArguments;
import dev.baton.protocol.QueueType;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code baton.broker.queue-type=quorum}: the orchestrator and a worker configured alike declare
 * quorum queues (the broker refuses the same queue declared classic) and run tasks through them.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class QuorumQueuesIT extends OrchestratorTestBase {

  private static final String QUORUM_PREFIX = TestBroker.uniquePrefix("quorum");
  private static final String QUORUM_DATABASE = TestDatabase.newDatabase("quorum-it");

  @BeforeAll
  static void rabbitMqOnly() {
    Assumptions.assumeTrue(TestBroker.isRabbitMq(), "quorum queues are RabbitMQ's");
  }

  @DynamicPropertySource
  static void quorum(DynamicPropertyRegistry registry) {
    orchestratorProperties(registry, QUORUM_PREFIX, QUORUM_DATABASE);
    registry.add("baton.broker.queue-type", () -> "quorum");
  }

  @AfterAll
  static void removeQueues() {
    TestBroker.deleteTopology(
        new Topology(QUORUM_PREFIX), List.of("echo", "sha256", "sleep", "fail"));
  }

  @Test
  void tasksRunThroughQuorumQueuesWhenOrchestratorAndWorkerAgree() throws Exception {
    var worker =
        ExampleWorker.builder(TestBroker.amqpUri(), topology, 2)
            .queueType(QueueType.QUORUM)
            .heartbeatInterval(Duration.ofSeconds(1))
            .build();
    worker.start();
    try {
      var id = submit("{\"type\":\"echo\",\"input\":{\"q\":\"quorum\"}}");
      await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("COMPLETED"));
    } finally {
      worker.stop(Duration.ofSeconds(5));
    }

    var queue = topology.taskQueue("echo");
    try (var connection = TestBroker.connectionFactory().newConnection()) {
      // Declaring again with the same arguments is a no-op; with others, the broker refuses.
      var quorum = QueueArguments.taskQueue(BrokerFlavor.RABBITMQ, topology, QueueType.QUORUM);
      connection.createChannel().queueDeclare(queue, true, false, false, quorum);
      var classic = QueueArguments.taskQueue(BrokerFlavor.RABBITMQ, topology, QueueType.CLASSIC);
      // The refusal closes the channel, so it is not closed again here.
      var channel = connection.createChannel();
      assertThatThrownBy(() -> channel.queueDeclare(queue, true, false, false, classic))
          .as("the echo queue exists as a quorum queue, not a classic one")
          .isInstanceOf(IOException.class)
          .rootCause()
          .hasMessageContaining("PRECONDITION_FAILED")
          .hasMessageContaining("inequivalent arg");
    }
    assertThat(getJson("/actuator/health").get("status").asString()).isEqualTo("UP");
  }
}
