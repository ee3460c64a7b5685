package dev.baton.worker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.baton.protocol.BrokerFlavor;

/** How the worker connects: automatic recovery of connections, channels, topology, consumers. */
final class AmqpConnections {

  private static final int NETWORK_RECOVERY_INTERVAL_MILLIS = 1_000;
  private static final int CLOSE_TIMEOUT_MILLIS = 5_000;

  private AmqpConnections() {}

  static ConnectionFactory factory(String amqpUri) {
    var factory = new ConnectionFactory();
    try {
      factory.setUri(amqpUri);
    } catch (Exception e) {
      // The message could echo the password; name only the scheme and the problem.
      throw new IllegalArgumentException(
          "invalid AMQP URI (expected amqp://user:password@host:port/vhost): "
              + e.getClass().getSimpleName(),
          e);
    }
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(NETWORK_RECOVERY_INTERVAL_MILLIS);
    return factory;
  }

  /** Host, port and virtual host, never the credentials. */
  static String address(ConnectionFactory factory) {
    return factory.getHost() + ":" + factory.getPort() + factory.getVirtualHost();
  }

  static String describe(Connection connection, BrokerFlavor flavor) {
    var properties = connection.getServerProperties();
    var product = properties.get("product");
    var version = properties.get("version");
    return (product != null ? product : flavor)
        + (version != null ? " " + version : "")
        + " ("
        + flavor
        + ")";
  }

  static void closeQuietly(Connection... connections) {
    for (var connection : connections) {
      if (connection != null && connection.isOpen()) {
        try {
          connection.close(CLOSE_TIMEOUT_MILLIS);
        } catch (Exception e) {
          connection.abort(CLOSE_TIMEOUT_MILLIS);
        }
      } else if (connection != null) {
        // Closed by a failure and maybe recovering: abort stops the recovery too.
        connection.abort(CLOSE_TIMEOUT_MILLIS);
      }
    }
  }

  static void abort(Connection... connections) {
    for (var connection : connections) {
      if (connection != null) {
        connection.abort(0);
      }
    }
  }
}
