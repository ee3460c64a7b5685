package dev.baton.example;

import dev.baton.worker.BatonWorker;
import dev.baton.worker.NonRetryableException;
import dev.baton.worker.TaskContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The example task types. {@link #register(BatonWorker.Builder)} adds them all to a worker, so
 * tests elsewhere can run the same handlers in-process.
 */
public final class ExampleHandlers {

  /** Returns its input. */
  public static final String ECHO = "echo";

  /** {@code {"ms":n}}: sleeps n milliseconds, returns {@code {"sleptMs":n}}. */
  public static final String SLEEP = "sleep";

  /** {@code {"text":"…"}}: returns {@code {"sha256":"<hex digest of the UTF-8 text>"}}. */
  public static final String SHA256 = "sha256";

  /** Always fails, retryably. */
  public static final String FAIL = "fail";

  static final String FAIL_MESSAGE = "fail handler always fails";

  private ExampleHandlers() {}

  /** Registers the handlers of {@link #ECHO}, {@link #SLEEP}, {@link #SHA256} and {@link #FAIL}. */
  public static BatonWorker.Builder register(BatonWorker.Builder builder) {
    return builder
        .handler(ECHO, ExampleHandlers::echo)
        .handler(SLEEP, ExampleHandlers::sleep)
        .handler(SHA256, ExampleHandlers::sha256)
        .handler(FAIL, ExampleHandlers::fail);
  }

  static JsonNode echo(TaskContext context) {
    return context.input();
  }

  /** Sleeps interruptibly: a cancel interrupts the sleep and ends the attempt at once. */
  static Map<String, Long> sleep(TaskContext context) throws InterruptedException {
    var ms = context.input().get("ms");
    if (ms == null || !ms.canConvertToExactIntegral() || ms.longValue() < 0) {
      throw new NonRetryableException(
          "sleep needs a non-negative integer field \"ms\" in its input, got " + context.input());
    }
    Thread.sleep(ms.longValue());
    return Map.of("sleptMs", ms.longValue());
  }

  static Map<String, String> sha256(TaskContext context) {
    var text = context.input().get("text");
    if (text == null || !text.isString()) {
      throw new NonRetryableException(
          "sha256 needs a string field \"text\" in its input, got " + context.input());
    }
    try {
      var digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.stringValue().getBytes(StandardCharsets.UTF_8));
      return Map.of("sha256", HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static Object fail(TaskContext context) {
    throw new IllegalStateException(FAIL_MESSAGE);
  }
}
