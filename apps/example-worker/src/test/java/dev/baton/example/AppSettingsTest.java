package dev.baton.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.Topology;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppSettingsTest {

  @Test
  void defaultsWithoutArgumentsOrEnvironment() {
    var settings = AppSettings.resolve(new String[0], Map.of());

    assertThat(settings.amqpUri()).isEqualTo("amqp://guest:guest@localhost:5672");
    assertThat(settings.topology()).isEqualTo(Topology.defaults());
    assertThat(settings.concurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void environmentIsRead() {
    var settings =
        AppSettings.resolve(
            new String[0],
            Map.of(
                "BATON_AMQP_URI", "amqp://u:p@rabbit:5672/v",
                "BATON_PREFIX", "acme",
                "BATON_WORKER_CONCURRENCY", "3"));

    assertThat(settings)
        .isEqualTo(new AppSettings("amqp://u:p@rabbit:5672/v", new Topology("acme"), 3));
  }

  @Test
  void argumentsWinOverTheEnvironmentInEitherSpelling() {
    var settings =
        AppSettings.resolve(
            new String[] {"--prefix=args", "--BATON_WORKER_CONCURRENCY=7", "--amqp-uri=amqp://a"},
            Map.of("BATON_PREFIX", "env", "BATON_WORKER_CONCURRENCY", "3"));

    assertThat(settings).isEqualTo(new AppSettings("amqp://a", new Topology("args"), 7));
  }

  @Test
  void deliveryHoldLimitIsReadAndZeroMeansNoLimit() {
    assertThat(
            AppSettings.resolve(new String[] {"--worker-delivery-hold-limit=2m"}, Map.of())
                .deliveryHoldLimit())
        .isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(
            AppSettings.resolve(new String[0], Map.of("BATON_WORKER_DELIVERY_HOLD_LIMIT", "0"))
                .deliveryHoldLimit())
        .isZero();
    assertThat(AppSettings.resolve(new String[0], Map.of()).deliveryHoldLimit()).isNull();
  }

  @Test
  void heartbeatIntervalIsReadInEverySpelling() {
    assertThat(
            AppSettings.resolve(new String[0], Map.of("BATON_WORKER_HEARTBEAT_INTERVAL", "500ms"))
                .heartbeatInterval())
        .isEqualTo(java.time.Duration.ofMillis(500));
    assertThat(
            AppSettings.resolve(new String[] {"--worker-heartbeat-interval=PT2S"}, Map.of())
                .heartbeatInterval())
        .isEqualTo(java.time.Duration.ofSeconds(2));
    assertThatThrownBy(
            () -> AppSettings.resolve(new String[] {"--worker-heartbeat-interval=soon"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsUnknownOrInvalidArguments() {
    assertThatThrownBy(() -> AppSettings.resolve(new String[] {"--colour=blue"}, Map.of()))
        .hasMessageContaining("unknown option");
    assertThatThrownBy(() -> AppSettings.resolve(new String[] {"prefix"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AppSettings.resolve(new String[] {"--worker-concurrency=0"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> AppSettings.resolve(new String[] {"--worker-concurrency=many"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
