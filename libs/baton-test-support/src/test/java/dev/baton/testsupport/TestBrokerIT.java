package dev.baton.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.broker.AmqpProbe;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.Topology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM-wide choice, on whatever broker this machine offers. */
class TestBrokerIT {

  @Test
  void picksTheRunningRabbitMqAndReportsItsFlavour() {
    assumeTrue(Settings.fromEnvironment().configuredUri().isEmpty(), "BATON_TEST_AMQP_URI decides");
    assumeTrue(
        AmqpProbe.answers("127.0.0.1", 5672, Duration.ofSeconds(1)), "no broker on 127.0.0.1:5672");

    assertThat(TestBroker.amqpUri()).isEqualTo("amqp://guest:guest@127.0.0.1:5672");
    assertThat(TestBroker.flavor()).isEqualTo(BrokerFlavor.RABBITMQ);
    assertThat(TestBroker.isRabbitMq()).isTrue();
    assertThat(TestBroker.describe())
        .startsWith("RabbitMQ ")
        .endsWith(" at 127.0.0.1:5672 (running service)");
  }

  @Test
  void connectionFactoryReachesTheChosenBroker() throws Exception {
    try (var connection = TestBroker.connectionFactory().newConnection("test-broker-it")) {
      assertThat(BrokerFlavor.fromServerProperties(connection.getServerProperties()))
          .isEqualTo(TestBroker.flavor());
    }
  }

  @Test
  void deleteTopologyLeavesNothingOfThePrefixBehind() throws Exception {
    var topology = new Topology(TestBroker.uniquePrefix("TestBrokerIT"));
    var types = List.of("resize", "transcode");
    DeclaredTopology.declare(TestBroker.connectionFactory(), topology, types);

    TestBroker.deleteTopology(topology, types);

    DeclaredTopology.assertGone(TestBroker.connectionFactory(), topology, types);
  }

  @Test
  void deleteTopologyOfNothingIsHarmless() {
    var topology = new Topology(TestBroker.uniquePrefix("nothing"));

    assertThatCode(() -> TestBroker.deleteTopology(topology, List.of("resize")))
        .doesNotThrowAnyException();
  }
}
