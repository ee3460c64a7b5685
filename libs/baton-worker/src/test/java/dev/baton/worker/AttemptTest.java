package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskDispatch;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AttemptTest {

  private final ProtocolCodec codec = new ProtocolCodec();

  record Order(String item, int quantity) {}

  private Attempt attempt(String inputJson) {
    var input = inputJson == null ? null : codec.readTree(inputJson);
    var dispatch =
        new TaskDispatch(1, UUID.randomUUID(), "t", null, 1, input, 5, 30, null, Map.of("a", "b"));
    return new Attempt(dispatch, "w1", codec, null, Clock.systemUTC(), false);
  }

  @Test
  void inputConvertsToTheRequestedType() {
    var attempt = attempt("{\"item\":\"pen\",\"quantity\":3,\"extra\":1}");

    assertThat(attempt.inputAs(Order.class)).isEqualTo(new Order("pen", 3));
    assertThat(attempt.tags()).containsEntry("a", "b");
  }

  @Test
  void inputThatDoesNotFitIsNotRetryable() {
    var attempt = attempt("{\"item\":\"pen\",\"quantity\":\"many\"}");

    assertThatThrownBy(() -> attempt.inputAs(Order.class))
        .isInstanceOf(NonRetryableException.class)
        .hasMessageContaining("Order");
  }

  @Test
  void missingInputIsJsonNull() {
    assertThat(attempt(null).input().isNull()).isTrue();
  }

  @Test
  void progressOutsideZeroToHundredIsRejected() {
    assertThatThrownBy(() -> attempt("{}").progress(101, "too far"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cancelInterruptsTheRunningHandler() throws Exception {
    var attempt = attempt("{}");
    var started = new CountDownLatch(1);
    var handler =
        CompletableFuture.supplyAsync(
            () -> {
              attempt.handlerStarting();
              started.countDown();
              try {
                new CountDownLatch(1).await(10, TimeUnit.SECONDS);
                return "not interrupted";
              } catch (InterruptedException e) {
                return "interrupted";
              } finally {
                attempt.handlerFinished();
              }
            });
    started.await();

    attempt.cancel();

    assertThat(handler.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted");
    assertThat(attempt.isCancelled()).isTrue();
  }

  @Test
  void finishedHandlerClearsAnUnconsumedCancelInterrupt() {
    var attempt = attempt("{}");
    attempt.handlerStarting();
    attempt.cancel();
    assertThat(Thread.currentThread().isInterrupted()).isTrue();

    attempt.handlerFinished();

    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    attempt.cancel(); // no handler running: no interrupt
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(attempt.isCancelled()).isTrue();
  }
}
