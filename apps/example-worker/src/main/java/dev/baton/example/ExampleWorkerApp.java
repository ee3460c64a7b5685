package dev.baton.example;

import dev.baton.worker.BatonWorker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the example worker until the process is told to stop (SIGTERM, Ctrl-C), then stops it
 * gracefully: running tasks get {@link #GRACE_PERIOD} to finish and have their results confirmed.
 */
public final class ExampleWorkerApp {

  static final Duration GRACE_PERIOD = Duration.ofSeconds(30);

  static {
    // Before the first logger exists. A plain logback.xml would also configure the logging of
    // every module that depends on this one (Spring Boot picks it up), hence its own name.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "baton-example-worker-logback.xml");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ExampleWorkerApp.class);

  private ExampleWorkerApp() {}

  public static void main(String[] args) throws InterruptedException {
    AppSettings settings;
    try {
      settings = AppSettings.resolve(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(AppSettings.USAGE);
      System.exit(2);
      return;
    }
    var builder =
        ExampleWorker.builder(settings.amqpUri(), settings.topology(), settings.concurrency());
    if (settings.heartbeatInterval() != null) {
      builder.heartbeatInterval(settings.heartbeatInterval());
    }
    if (settings.deliveryHoldLimit() != null) {
      builder.deliveryHoldLimit(settings.deliveryHoldLimit());
    }
    BatonWorker worker = builder.build();
    try {
      worker.start();
    } catch (IllegalStateException e) {
      log.error("{}", e.getMessage());
      System.exit(1);
      return;
    }
    if (settings.heartbeatInterval() != null) {
      log.info("heartbeat interval {} ms", settings.heartbeatInterval().toMillis());
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutdown requested, stopping worker {}", worker.workerId());
                  worker.stop(GRACE_PERIOD);
                },
                "baton-shutdown"));
    // The worker runs on its own threads; the main thread has nothing left to do but wait.
    new CountDownLatch(1).await();
  }
}
