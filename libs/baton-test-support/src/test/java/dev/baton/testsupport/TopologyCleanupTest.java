package dev.baton.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.broker.EmbeddedAmqpBroker;
import dev.baton.protocol.Topology;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clean-up on Qpid, whose channel errors on missing queues RabbitMQ does not have. */
class TopologyCleanupTest {

  private static EmbeddedAmqpBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedAmqpBroker.start(0);
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void deletesEveryQueueAndExchangeOfThePrefix() throws Exception {
    var topology = new Topology(TestBroker.uniquePrefix("cleanup"));
    var types = List.of("resize", "transcode");
    DeclaredTopology.declare(factory(), topology, types);

    TopologyCleanup.delete(factory(), topology, types);

    DeclaredTopology.assertGone(factory(), topology, types);
  }

  @Test
  void partlyDeclaredOrMissingTopologyIsCleanedWithoutErrors() throws Exception {
    var topology = new Topology(TestBroker.uniquePrefix("partial"));
    DeclaredTopology.declare(factory(), topology, List.of("resize"));

    assertThatCode(
            () -> TopologyCleanup.delete(factory(), topology, List.of("never-declared", "resize")))
        .doesNotThrowAnyException();

    DeclaredTopology.assertGone(factory(), topology, List.of("resize"));
  }

  @Test
  void unreachableBrokerIsReportedNotThrown() {
    var factory = BrokerIdentity.factoryFor("amqp://guest:guest@127.0.0.1:1");

    assertThatCode(() -> TopologyCleanup.delete(factory, new Topology("t-x"), List.of("a")))
        .doesNotThrowAnyException();
  }

  @Test
  void invalidTaskTypeIsAProgrammingError() {
    assertThatThrownBy(() -> TopologyCleanup.delete(factory(), new Topology("t-x"), List.of("a b")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static com.rabbitmq.client.ConnectionFactory factory() {
    return BrokerIdentity.factoryFor(broker.amqpUri());
  }
}
