package dev.baton.testsupport;

import com.rabbitmq.client.ConnectionFactory;
import dev.baton.protocol.BrokerFlavor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** Finds out who answers at an AMQP URI by opening one real connection. */
final class BrokerIdentity {

  // Long enough for a loaded CI machine, short enough not to stall a test run on a dead address.
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private BrokerIdentity() {}

  static ChosenBroker identify(String uri, String source) throws IOException {
    var factory = factoryFor(uri);
    factory.setConnectionTimeout((int) TIMEOUT.toMillis());
    factory.setHandshakeTimeout((int) TIMEOUT.toMillis());
    factory.setAutomaticRecoveryEnabled(false);
    try (var connection = factory.newConnection("baton-test-support-probe")) {
      var properties = connection.getServerProperties();
      var flavor = BrokerFlavor.fromServerProperties(properties);
      var description =
          "%s %s at %s:%d (%s)"
              .formatted(
                  text(properties, "product", flavor.name()),
                  text(properties, "version", "(unknown version)"),
                  factory.getHost(),
                  factory.getPort(),
                  source);
      return new ChosenBroker(uri, flavor, description);
    } catch (TimeoutException e) {
      throw new IOException("no AMQP handshake within " + TIMEOUT.toSeconds() + " s", e);
    }
  }

  static ConnectionFactory factoryFor(String uri) {
    var factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
    } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a usable AMQP URI: " + redact(uri), e);
    }
    return factory;
  }

  /** The URI without its password, for messages. */
  static String redact(String uri) {
    return uri == null ? null : uri.replaceFirst("(//[^/:@]*):[^/@]*@", "$1:***@");
  }

  private static String text(Map<String, Object> properties, String key, String fallback) {
    var value = properties.get(key);
    return value == null ? fallback : value.toString();
  }
}
