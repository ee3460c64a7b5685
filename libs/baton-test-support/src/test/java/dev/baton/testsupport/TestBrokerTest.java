package dev.baton.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.baton.protocol.Topology;
import java.util.HashSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The parts of {@link TestBroker} that need no broker. */
class TestBrokerTest {

  @Test
  void uniquePrefixIsAValidTopologyPrefixAndNeverRepeats() {
    var prefixes = new HashSet<String>();

    IntStream.range(0, 10_000)
        .mapToObj(i -> TestBroker.uniquePrefix("OrderFlowIT"))
        .forEach(
            prefix -> {
              assertThatCode(() -> new Topology(prefix)).doesNotThrowAnyException();
              prefixes.add(prefix);
            });

    assertThat(prefixes).hasSize(10_000);
  }

  @Test
  void uniquePrefixKeepsAReadablePartOfTheTestName() {
    assertThat(TestBroker.uniquePrefix("OrderFlowIT")).matches("t-orderflowit-[0-9a-f]{12}");
    assertThat(TestBroker.uniquePrefix("retries: after #3 failures!"))
        .matches("t-retries-after-3-failures-[0-9a-f]{12}");
  }

  @Test
  void uniquePrefixCopesWithMissingOddAndLongNames() {
    assertThat(TestBroker.uniquePrefix(null)).matches("t-[0-9a-f]{12}");
    assertThat(TestBroker.uniquePrefix("   ")).matches("t-[0-9a-f]{12}");
    assertThat(TestBroker.uniquePrefix("ünïcödé ✓")).matches("t-n-c-d-[0-9a-f]{12}");
    var longName = "a".repeat(500);
    assertThat(TestBroker.uniquePrefix(longName))
        .hasSizeLessThanOrEqualTo(60)
        .satisfies(prefix -> new Topology(prefix));
  }

  @Test
  void redactedUriHidesOnlyThePassword() {
    assertThat(BrokerIdentity.redact("amqp://bob:s3cr%40t@host:5672/vh"))
        .isEqualTo("amqp://bob:***@host:5672/vh");
    assertThat(BrokerIdentity.redact("amqp://host:5672")).isEqualTo("amqp://host:5672");
  }
}
