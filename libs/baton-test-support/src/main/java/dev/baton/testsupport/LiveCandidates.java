package dev.baton.testsupport;

import dev.baton.broker.EmbeddedAmqpBroker;
import java.io.IOException;
import java.util.Optional;

/** The real brokers behind {@link BrokerSelection}: a connection, a container, the embedded one. */
final class LiveCandidates implements BrokerSelection.Candidates {

  @Override
  public ChosenBroker connect(String uri, String source) throws IOException {
    return BrokerIdentity.identify(uri, source);
  }

  @Override
  public Optional<ChosenBroker> dockerContainer() {
    return DockerRabbitMq.start()
        .flatMap(
            uri -> {
              try {
                return Optional.of(
                    BrokerIdentity.identify(uri, "Testcontainers " + DockerRabbitMq.IMAGE));
              } catch (IOException e) {
                TestBroker.report("the RabbitMQ container does not answer: " + e.getMessage());
                return Optional.empty();
              }
            });
  }

  @Override
  public ChosenBroker embedded() {
    var broker = EmbeddedAmqpBroker.start(0);
    // Tests share it for the whole JVM, so the JVM's end is the only moment to stop it.
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "baton-embedded-broker-stop"));
    try {
      return BrokerIdentity.identify(
          broker.amqpUri(), "embedded, no RabbitMQ on 127.0.0.1:5672 and no Docker");
    } catch (IOException e) {
      broker.close();
      throw new IllegalStateException("The embedded broker started but does not answer", e);
    }
  }
}
