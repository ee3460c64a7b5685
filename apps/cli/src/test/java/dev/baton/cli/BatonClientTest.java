package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The client against a local HTTP server that answers as the orchestrator would. */
class BatonClientTest {

  private HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/tasks/batch",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body;
          if (calls.incrementAndGet() == 1) {
            body =
                "{\"status\":429,\"title\":\"Too Many Requests\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(429, body.length);
          } else {
            body = "{\"ids\":[\"x\"]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
          }
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aRateLimitedRequestIsSentAgainAfterRetryAfter() {
    var mapper = JsonMapper.builder().build();
    var connection =
        new Connection(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "k", "test");
    var client = new BatonClient(connection, mapper);

    var answer = client.post("/api/v1/tasks/batch", mapper.readTree("{\"tasks\":[]}"));

    assertThat(answer.get("ids").get(0).asString()).isEqualTo("x");
    assertThat(calls).hasValue(2);
  }
}
