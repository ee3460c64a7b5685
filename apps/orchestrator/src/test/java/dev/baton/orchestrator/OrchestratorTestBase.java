package dev.baton.orchestrator;

import dev.baton.example.ExampleWorker;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import dev.baton.worker.BatonWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every orchestrator integration test has: a running orchestrator on a random port, HTTP
 * helpers, an in-process example worker. Subclasses say which orchestrator with one
 * {@code @DynamicPropertySource} that calls {@link #orchestratorProperties}: most extend {@link
 * OrchestratorIT} and share one; a test that needs other settings gets its own context, with its
 * own broker prefix and database, so it never takes part in the shared one's work.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class OrchestratorTestBase {

  protected static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void databaseAnswers() {
    var unavailable = TestDatabase.unavailableReason();
    Assumptions.assumeTrue(unavailable.isEmpty(), unavailable::get);
  }

  @LocalServerPort protected int port;
  @Autowired protected Topology topology;

  /** The settings of a test orchestrator on {@code prefix} and {@code databaseUrl}. */
  protected static void orchestratorProperties(
      DynamicPropertyRegistry registry, String prefix, String databaseUrl) {
    registry.add("spring.rabbitmq.addresses", TestBroker::amqpUri);
    registry.add("baton.broker.prefix", () -> prefix);
    registry.add("baton.broker.embedded", () -> "never");
    registry.add("spring.datasource.url", () -> databaseUrl);
    // Short clocks so reliability behaviour shows within a test; test workers heartbeat every 1 s.
    registry.add("baton.workers.unhealthy-after", () -> "4s");
    registry.add("baton.workers.offline-after", () -> "8s");
    registry.add("baton.sweeper.interval", () -> "200ms");
    // No start-up grace before deadlines: tests time attempts out within seconds of the start.
    registry.add("baton.sweeper.deadline-grace", () -> "0s");
    registry.add("baton.tasks.backoff.initial", () -> "200ms");
    registry.add("baton.dispatch.pull-only-types", () -> "pull-only");
    // Lost dispatches and failing queues show within a test, not after the production defaults.
    registry.add("baton.dispatch.queue-check-interval", () -> "500ms");
    registry.add("baton.dispatch.lost-dispatch-grace", () -> "2s");
    registry.add("baton.relay.failure-backoff-max", () -> "2s");
  }

  protected HttpResponse<String> post(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /** Any method, with a JSON body (or none when {@code json} is null). */
  protected HttpResponse<String> request(String method, String path, String json) {
    var body =
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json);
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .method(method, body)
            .build());
  }

  protected HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  protected JsonNode getJson(String path) {
    return JSON.readTree(get(path).body());
  }

  protected UUID submit(String json) {
    var response = post("/api/v1/tasks", json);
    if (response.statusCode() != 201) {
      throw new AssertionError("submit answered " + response.statusCode() + ": " + response.body());
    }
    return UUID.fromString(JSON.readTree(response.body()).get("id").asString());
  }

  /** An in-process example worker on this test's broker and prefix, heartbeating every second. */
  protected BatonWorker startWorker(int concurrency) {
    var worker =
        ExampleWorker.builder(TestBroker.amqpUri(), topology, concurrency)
            .heartbeatInterval(Duration.ofSeconds(1))
            .build();
    worker.start();
    return worker;
  }

  protected String status(UUID id) {
    return getJson("/api/v1/tasks/" + id).get("status").asString();
  }

  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  protected static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(
          "HTTP " + request.method() + " " + request.uri() + " failed", e);
    }
  }
}
