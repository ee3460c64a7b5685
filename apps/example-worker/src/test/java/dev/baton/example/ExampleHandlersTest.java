package dev.baton.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.worker.NonRetryableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExampleHandlersTest {

  @Test
  void echoReturnsItsInput() {
    var context = FakeContext.of("echo", "{\"a\":[1,{\"b\":null}]}");

    assertThat(ExampleHandlers.echo(context)).isEqualTo(context.input());
  }

  @Test
  void sha256OfAbcIsTheKnownDigest() {
    var result = ExampleHandlers.sha256(FakeContext.of("sha256", "{\"text\":\"abc\"}"));

    assertThat(result)
        .containsEntry(
            "sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void sha256HashesUtf8() {
    var result = ExampleHandlers.sha256(FakeContext.of("sha256", "{\"text\":\"\"}"));

    assertThat(result)
        .containsEntry(
            "sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void sha256WithoutTextIsNotRetryable() {
    assertThatThrownBy(() -> ExampleHandlers.sha256(FakeContext.of("sha256", "{}")))
        .isInstanceOf(NonRetryableException.class)
        .hasMessageContaining("\"text\"");
    assertThatThrownBy(() -> ExampleHandlers.sha256(FakeContext.of("sha256", "{\"text\":5}")))
        .isInstanceOf(NonRetryableException.class);
  }

  @Test
  void sleepSleepsAndSaysHowLong() throws Exception {
    assertThat(ExampleHandlers.sleep(FakeContext.of("sleep", "{\"ms\":5}")))
        .containsEntry("sleptMs", 5L);
  }

  @Test
  void sleepWithoutValidMsIsNotRetryable() {
    for (var input : new String[] {"{}", "{\"ms\":-1}", "{\"ms\":\"long\"}", "{\"ms\":1.5}"}) {
      assertThatThrownBy(() -> ExampleHandlers.sleep(FakeContext.of("sleep", input)))
          .as(input)
          .isInstanceOf(NonRetryableException.class);
    }
  }

  @Test
  void sleepEndsAtOnceWhenInterrupted() throws Exception {
    var started = new CountDownLatch(1);
    var thread = new Thread[1];
    var sleeping =
        CompletableFuture.supplyAsync(
            () -> {
              thread[0] = Thread.currentThread();
              started.countDown();
              try {
                ExampleHandlers.sleep(FakeContext.of("sleep", "{\"ms\":60000}"));
                return "slept";
              } catch (InterruptedException e) {
                return "interrupted";
              }
            });
    started.await();

    thread[0].interrupt();

    assertThat(sleeping.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted");
  }

  @Test
  void failAlwaysFailsRetryably() {
    assertThatThrownBy(() -> ExampleHandlers.fail(FakeContext.of("fail", "{}")))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(NonRetryableException.class)
        .hasMessage("fail handler always fails");
  }
}
