package dev.baton.bench.process;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/** Connections to the benchmark's RabbitMQ, with a clear message when it is not there. */
public final class Broker {

  private final String uri;

  public Broker(String uri) {
    this.uri = uri;
  }

  public String uri() {
    return uri;
  }

  public Connection connect(String name) {
    try {
      var factory = new ConnectionFactory();
      factory.setUri(uri);
      factory.setConnectionTimeout(5_000);
      return factory.newConnection(name);
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException(
          "RabbitMQ is not reachable at "
              + uri
              + " ("
              + e
              + "). Start it (e.g. docker compose up -d rabbitmq) or pass --amqp-uri.",
          e);
    } catch (Exception e) {
      throw new IllegalArgumentException("bad AMQP URI " + uri, e);
    }
  }

  /** The virtual host of the URI ({@code /} when it names none). */
  public String virtualHost() {
    try {
      var factory = new ConnectionFactory();
      factory.setUri(uri);
      return factory.getVirtualHost();
    } catch (Exception e) {
      throw new IllegalArgumentException("bad AMQP URI " + uri, e);
    }
  }

  /** The server's version, from the AMQP connection properties. */
  public String serverVersion() {
    try (var connection = connect("bench-version")) {
      var props = connection.getServerProperties();
      return props.get("product") + " " + props.get("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the run's queues and exchanges (names starting with the prefix) that we know of. */
  public void deleteQueues(Iterable<String> queues, Iterable<String> exchanges) {
    try (var connection = connect("bench-cleanup")) {
      for (var queue : queues) {
        var channel = connection.createChannel();
        try {
          channel.queueDelete(queue);
        } catch (IOException e) {
          // absent (never declared): nothing to clean
        } finally {
          if (channel.isOpen()) {
            channel.abort();
          }
        }
      }
      for (var exchange : exchanges) {
        var channel = connection.createChannel();
        try {
          channel.exchangeDelete(exchange);
        } catch (IOException e) {
          // absent: nothing to clean
        } finally {
          if (channel.isOpen()) {
            channel.abort();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
