package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.Topology;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatonWorkerBuilderTest {

  private static final TaskHandler ECHO = TaskContext::input;

  @Test
  void defaultsComeFromTheEnvironment() {
    var env = Map.of("BATON_PREFIX", "acme", "HOSTNAME", "box.example.com");

    var worker = BatonWorker.builder(env::get).handler("echo", ECHO).build();

    assertThat(worker.topology()).isEqualTo(new Topology("acme"));
    assertThat(worker.workerId()).matches("box\\.example\\.com-[0-9a-f]{6}");
    assertThat(worker.types()).containsExactly("echo");
  }

  @Test
  void withoutEnvironmentThePrefixIsBaton() {
    var worker = BatonWorker.builder(name -> null).handler("echo", ECHO).build();

    assertThat(worker.topology()).isEqualTo(Topology.defaults());
    assertThat(worker.workerId()).isNotBlank();
  }

  @Test
  void hostNameIsMadeSafeForARoutingKey() {
    var worker =
        BatonWorker.builder(Map.of("HOSTNAME", "my host#1")::get).handler("echo", ECHO).build();

    assertThat(worker.workerId()).matches("my-host-1-[0-9a-f]{6}");
  }

  @Test
  void typesKeepTheirRegistrationOrder() {
    var worker =
        BatonWorker.builder(name -> null)
            .handler("b", ECHO)
            .handler("a", ECHO)
            .handler("c", ECHO)
            .build();

    assertThat(worker.types()).containsExactly("b", "a", "c");
  }

  @Test
  void rejectsInvalidSettings() {
    var builder = BatonWorker.builder(name -> null);

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder.handler("no spaces", ECHO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.handler("echo", ECHO).handler("echo", ECHO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.concurrency(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.heartbeatInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.workerId("a#b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.amqpUri("http://nope").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void startFailsClearlyWhenTheBrokerIsUnreachable() {
    var worker =
        BatonWorker.builder(name -> null)
            .amqpUri("amqp://guest:guest@127.0.0.1:1")
            .handler("echo", ECHO)
            .build();

    assertThatThrownBy(worker::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("could not start");
    worker.close(); // harmless after a failed start
  }
}
