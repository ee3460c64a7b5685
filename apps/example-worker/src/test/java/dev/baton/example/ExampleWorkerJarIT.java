package dev.baton.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.protocol.TaskResultEvent.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packaged jar as an operator runs it: {@code java -jar}, then SIGTERM. */
class ExampleWorkerJarIT {

  private static final Path JAR = Path.of("target", "baton-example-worker.jar");

  private BrokerHarness broker;
  private Process process;

  @BeforeEach
  void connect() throws Exception {
    broker = new BrokerHarness();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (process != null) {
      process.destroyForcibly();
    }
    broker.close();
  }

  @Test
  void runnableJarServesTasksAndStopsGracefullyOnSigterm() throws Exception {
    assertThat(JAR).exists();
    var log = Files.createTempFile("baton-example-worker", ".log");
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder =
        new ProcessBuilder(java, "-jar", JAR.toString(), "--worker-concurrency=2")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("BATON_AMQP_URI", BrokerHarness.AMQP_URI);
    builder.environment().put("BATON_PREFIX", broker.topology.prefix());
    process = builder.start();

    await().atMost(BrokerHarness.WAIT).until(() -> Files.readString(log).contains("started"));
    var dispatch = broker.dispatch("sha256", "{\"text\":\"abc\"}");
    assertThat(broker.awaitResult(dispatch).outcome()).isEqualTo(Outcome.COMPLETED);

    process.destroy(); // SIGTERM

    assertThat(process.waitFor(40, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(log))
        .contains("concurrency 2")
        .contains("prefix '" + broker.topology.prefix() + "'")
        .contains("shutdown requested")
        .contains("stopped: 1 completed, 0 failed, 0 abandoned");
    Files.deleteIfExists(log);
  }
}
