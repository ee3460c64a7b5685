package dev.baton.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Answers whether something listens on an AMQP address, to decide whether an embedded broker is
 * needed. A TCP connect is enough for that decision and costs no AMQP handshake (and no
 * connection-refused noise in the broker's log).
 */
public final class AmqpProbe {

  private AmqpProbe() {}

  /**
   * Returns {@code true} if a TCP connection to {@code host:port} is accepted within {@code
   * timeout}; {@code false} on refusal, timeout or an unknown host. Never throws for an unreachable
   * address.
   */
  public static boolean answers(String host, int port, Duration timeout) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), millis);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }
}
