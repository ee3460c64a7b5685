package dev.baton.testsupport;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the environment asks of broker selection. Each setting is read as a system property first
 * (handy in an IDE run configuration), then as an environment variable (handy in CI).
 */
record Settings(Optional<String> configuredUri, boolean requireRabbitMq) {

  static final String AMQP_URI = "BATON_TEST_AMQP_URI";
  static final String REQUIRE_RABBITMQ = "BATON_TEST_REQUIRE_RABBITMQ";

  static Settings fromEnvironment() {
    return from(System::getProperty, System::getenv);
  }

  static Settings from(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    return new Settings(
        read(AMQP_URI, systemProperties, environment),
        read(REQUIRE_RABBITMQ, systemProperties, environment)
            .map(Boolean::parseBoolean)
            .orElse(false));
  }

  private static Optional<String> read(
      String name, UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    return Optional.ofNullable(systemProperties.apply(name))
        .or(() -> Optional.ofNullable(environment.apply(name)))
        .map(String::strip)
        .filter(value -> !value.isEmpty());
  }
}
