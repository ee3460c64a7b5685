package dev.baton.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AmqpProbeTest {

  @Test
  void listeningPortAnswers() throws Exception {
    try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(AmqpProbe.answers("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(1)))
          .isTrue();
    }
  }

  @Test
  void closedPortDoesNotAnswer() throws Exception {
    int port;
    try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = server.getLocalPort();
    }
    assertThat(AmqpProbe.answers("127.0.0.1", port, Duration.ofSeconds(1))).isFalse();
  }

  @Test
  void unknownHostDoesNotAnswerAndDoesNotThrow() {
    assertThat(AmqpProbe.answers("no-such-host.invalid", 5672, Duration.ofMillis(200))).isFalse();
  }
}
