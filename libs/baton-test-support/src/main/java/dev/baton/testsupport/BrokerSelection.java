package dev.baton.testsupport;

import java.io.IOException;
import java.util.Optional;

/** The order in which tests look for a broker; pure, so that it can be tested with fakes. */
final class BrokerSelection {

  static final String LOCAL_URI = "amqp://guest:guest@127.0.0.1:5672";

  /** Where a broker can come from. {@link LiveCandidates} is the real thing. */
  interface Candidates {

    /** Opens an AMQP connection to {@code uri} and reads who answers. */
    ChosenBroker connect(String uri, String source) throws IOException;

    /** A RabbitMQ container, or empty when Docker is not usable. Never throws. */
    Optional<ChosenBroker> dockerContainer();

    /** The in-process broker, the last resort. */
    ChosenBroker embedded();
  }

  private BrokerSelection() {}

  static ChosenBroker choose(Settings settings, Candidates candidates) {
    if (settings.configuredUri().isPresent()) {
      return configured(settings.configuredUri().get(), candidates);
    }
    IOException localFailure;
    try {
      return candidates.connect(LOCAL_URI, "running service");
    } catch (IOException e) {
      localFailure = e;
    }
    if (settings.requireRabbitMq()) {
      throw new IllegalStateException(requiredButMissing(localFailure), localFailure);
    }
    return candidates.dockerContainer().orElseGet(candidates::embedded);
  }

  // Someone asked for this broker by name: falling back to another one would hide the mistake.
  private static ChosenBroker configured(String uri, Candidates candidates) {
    try {
      return candidates.connect(uri, Settings.AMQP_URI);
    } catch (IOException e) {
      throw new IllegalStateException(
          Settings.AMQP_URI
              + " is set to "
              + BrokerIdentity.redact(uri)
              + " but no AMQP broker accepts a connection there ("
              + reason(e)
              + "). Start that broker, fix the URI, or unset "
              + Settings.AMQP_URI
              + " to let the tests find one.",
          e);
    }
  }

  static String requiredButMissing(IOException localFailure) {
    return Settings.REQUIRE_RABBITMQ
        + "=true but no RabbitMQ accepts guest/guest on 127.0.0.1:5672 ("
        + reason(localFailure)
        + "); start it with: rabbitmq-server -detached"
        + " (guest/guest must be allowed from localhost), or set "
        + Settings.AMQP_URI
        + "=amqp://user:password@host:5672 to use another broker.";
  }

  private static String reason(Exception e) {
    var message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
