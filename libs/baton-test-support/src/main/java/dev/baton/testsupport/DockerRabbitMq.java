package dev.baton.testsupport;

import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A RabbitMQ container through Testcontainers, when Docker is usable. Every Testcontainers call is
 * guarded: a machine without Docker must fall through to the embedded broker, not fail.
 */
final class DockerRabbitMq {

  static final String IMAGE = "rabbitmq:4-management";

  private DockerRabbitMq() {}

  /** Starts the container and returns its AMQP URI, or empty when Docker is not usable. */
  static Optional<String> start() {
    if (!isDockerAvailable()) {
      return Optional.empty();
    }
    try {
      var container = new RabbitMQContainer(DockerImageName.parse(IMAGE));
      container.start();
      // Ryuk removes it as well; stopping it ourselves keeps runs without Ryuk tidy too.
      Runtime.getRuntime()
          .addShutdownHook(new Thread(container::stop, "baton-rabbitmq-container-stop"));
      return Optional.of(
          "amqp://%s:%s@%s:%d"
              .formatted(
                  container.getAdminUsername(),
                  container.getAdminPassword(),
                  container.getHost(),
                  container.getAmqpPort()));
    } catch (RuntimeException | LinkageError e) {
      TestBroker.report("Docker is available but " + IMAGE + " did not start: " + e);
      return Optional.empty();
    }
  }

  static boolean isDockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
