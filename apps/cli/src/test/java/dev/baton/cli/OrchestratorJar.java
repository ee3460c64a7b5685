package dev.baton.cli;

import static org.awaitility.Awaitility.await;

import dev.baton.testsupport.TempSqlite;
import dev.baton.testsupport.TestBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The orchestrator as an operator runs it ({@code java -jar baton-orchestrator.jar}) on the test
 * broker under its own prefix, with a fresh SQLite file and a free port. Its output goes to {@code
 * target/cli-it-orchestrator.log}. The jar must be built first ({@code ./mvnw -DskipTests install}
 * from the project root); unlike the orchestrator's own fault tests this does not check it is
 * fresher than the sources.
 */
final class OrchestratorJar implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final String url;

  private OrchestratorJar(Process process, Path log, String url) {
    this.process = process;
    this.log = log;
    this.url = url;
  }

  static OrchestratorJar start(String prefix) {
    var root = projectRoot();
    var jar = root.resolve("apps/orchestrator/target/baton-orchestrator.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing; build it first from the project root: ./mvnw -B -DskipTests install");
    }
    int port = freePort();
    var log = root.resolve("apps/cli/target/cli-it-orchestrator.log");
    var command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-XX:TieredStopAtLevel=1",
            "-jar",
            jar.toString());
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    var env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("BATON_") || key.startsWith("SPRING_"));
    env.put("BATON_AMQP_URI", TestBroker.amqpUri());
    env.put("BATON_BROKER_PREFIX", prefix);
    env.put("BATON_BROKER_EMBEDDED", "never");
    env.put("BATON_DATABASE_URL", TempSqlite.jdbcUrl(TempSqlite.newDatabaseFile("cli-it")));
    env.put("BATON_PORT", String.valueOf(port));
    env.put("BATON_TASKS_BACKOFF_INITIAL", "100ms");
    try {
      Files.createDirectories(log.getParent());
      var orchestrator = new OrchestratorJar(builder.start(), log, "http://127.0.0.1:" + port);
      orchestrator.awaitHealthy();
      return orchestrator;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  String url() {
    return url;
  }

  /** POSTs JSON to the orchestrator directly (set-up the CLI has no command for). */
  int post(String path, String json) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void awaitHealthy() {
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    var health = HttpRequest.newBuilder(URI.create(url + "/actuator/health")).build();
    try {
      await("orchestrator healthy at " + url)
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .failFast("the orchestrator process exited", () -> !process.isAlive())
          .ignoreExceptions()
          .until(
              () -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    } catch (RuntimeException | Error e) {
      close();
      throw new AssertionError("orchestrator did not start; see " + log, e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(
          Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /**
   * The first directory at or above {@code basedir} (or {@code user.dir}) with apps/cli/pom.xml.
   */
  static Path projectRoot() {
    var start = System.getProperty("basedir", System.getProperty("user.dir"));
    for (var dir = Path.of(start).toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("apps/cli/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no Baton project root above " + start);
  }
}
