package dev.baton.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void nothingSetMeansNoUriAndNoRequirement() {
    var settings = Settings.from(name -> null, name -> null);

    assertThat(settings.configuredUri()).isEmpty();
    assertThat(settings.requireRabbitMq()).isFalse();
  }

  @Test
  void environmentVariablesAreRead() {
    var env =
        Map.of(
            "BATON_TEST_AMQP_URI", "amqp://a:b@host:5672",
            "BATON_TEST_REQUIRE_RABBITMQ", "true");

    var settings = Settings.from(name -> null, env::get);

    assertThat(settings.configuredUri()).contains("amqp://a:b@host:5672");
    assertThat(settings.requireRabbitMq()).isTrue();
  }

  @Test
  void systemPropertyWinsOverEnvironmentVariable() {
    var props =
        Map.of(
            "BATON_TEST_AMQP_URI", "amqp://from-property", "BATON_TEST_REQUIRE_RABBITMQ", "false");
    var env =
        Map.of("BATON_TEST_AMQP_URI", "amqp://from-env", "BATON_TEST_REQUIRE_RABBITMQ", "true");

    var settings = Settings.from(props::get, env::get);

    assertThat(settings.configuredUri()).contains("amqp://from-property");
    assertThat(settings.requireRabbitMq()).isFalse();
  }

  @Test
  void blankUriCountsAsUnsetAndRequirementIgnoresCase() {
    var env = Map.of("BATON_TEST_AMQP_URI", "  ", "BATON_TEST_REQUIRE_RABBITMQ", "TRUE");

    var settings = Settings.from(name -> null, env::get);

    assertThat(settings.configuredUri()).isEmpty();
    assertThat(settings.requireRabbitMq()).isTrue();
  }
}
