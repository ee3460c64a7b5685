package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskDispatch;
import dev.baton.protocol.TaskResultEvent.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutcomesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final ProtocolCodec codec = new ProtocolCodec();
  private final Outcomes outcomes = new Outcomes(codec, "w1", Clock.fixed(NOW, ZoneOffset.UTC));
  private final TaskDispatch dispatch =
      new TaskDispatch(1, UUID.randomUUID(), "t", null, 3, null, 5, 30, null, Map.of());

  record Greeting(String text, int count) {}

  /** A value whose serialisation fails. */
  static final class Unwritable {
    public String getValue() {
      throw new IllegalStateException("not today");
    }
  }

  @Test
  void jsonNodeResultIsSentAsIs() {
    var node = codec.readTree("{\"a\":[1,2]}");

    var event = outcomes.completed(dispatch, node);

    assertThat(event.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(event.result()).isSameAs(node);
    assertThat(event.taskId()).isEqualTo(dispatch.taskId());
    assertThat(event.attempt()).isEqualTo(3);
    assertThat(event.workerId()).isEqualTo("w1");
    assertThat(event.at()).isEqualTo(NOW);
  }

  @Test
  void otherResultsAreConvertedWithTheProtocolMapper() {
    var event = outcomes.completed(dispatch, new Greeting("hi", 2));

    assertThat(event.result()).isEqualTo(codec.readTree("{\"text\":\"hi\",\"count\":2}"));
    assertThat(outcomes.completed(dispatch, "plain").result().asString()).isEqualTo("plain");
  }

  @Test
  void nullResultBecomesJsonNull() {
    var event = outcomes.completed(dispatch, null);

    assertThat(event.result().isNull()).isTrue();
    assertThat(new String(codec.encode(event))).contains("\"outcome\":\"COMPLETED\"");
  }

  @Test
  void unserialisableResultFailsTheAttemptForGood() {
    var event = outcomes.completed(dispatch, new Unwritable());

    assertThat(event.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(event.error().message())
        .startsWith("the handler's result cannot be written as JSON");
    assertThat(event.error().isRetryable()).isFalse();
  }

  @Test
  void exceptionIsARetryableFailureWithMessageAndClassName() {
    var event = outcomes.failed(dispatch, new IllegalStateException("disk full"));

    assertThat(event.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(event.error().message()).isEqualTo("disk full");
    assertThat(event.error().type()).isEqualTo("java.lang.IllegalStateException");
    assertThat(event.error().isRetryable()).isTrue();
  }

  @Test
  void exceptionWithoutMessageIsDescribedByItsClass() {
    var error = Outcomes.errorOf(new NullPointerException());

    assertThat(error.message()).isEqualTo("java.lang.NullPointerException");
  }

  @Test
  void nonRetryableExceptionAndItsSubclassesAreNotRetryable() {
    class BadInput extends NonRetryableException {
      BadInput() {
        super("no name");
      }
    }

    assertThat(Outcomes.errorOf(new NonRetryableException("x")).isRetryable()).isFalse();
    assertThat(Outcomes.errorOf(new BadInput()).isRetryable()).isFalse();
  }

  @Test
  void cancelledAttemptIsANonRetryableFailureOfTypeCancelled() {
    var event = outcomes.cancelled(dispatch);

    assertThat(event.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(event.error().type()).isEqualTo("CANCELLED");
    assertThat(event.error().isRetryable()).isFalse();
  }
}
