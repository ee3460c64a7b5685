package dev.baton.orchestrator.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny JSON client of one orchestrator's REST API. A refused or broken connection (the process is
 * down) is an {@link UncheckedIOException}, which callers that expect it catch.
 */
final class JsonHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final String base;

  JsonHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** An answer: its status and body (JSON when the status says so). */
  record Response(int status, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Response post(String path, Object body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  /** The body of a {@code GET} that must answer 200. */
  JsonNode getJson(String path) {
    var response = get(path);
    if (response.status() != 200) {
      throw new AssertionError(
          "GET " + path + " answered " + response.status() + ": " + response.body());
    }
    return response.json();
  }

  /** The status of {@code /actuator/health} (200 UP, 503 DOWN), or -1 if nothing answers. */
  int healthStatus() {
    try {
      return get("/actuator/health").status();
    } catch (UncheckedIOException e) {
      return -1;
    }
  }

  private Response send(HttpRequest.Builder request) {
    try {
      var response =
          client.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }
}
