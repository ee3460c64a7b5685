package dev.baton.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator's REST API over {@link HttpClient}. Answers are JSON trees; a 4xx or 5xx, or no
 * answer at all, becomes a {@link CliException} carrying the message and exit code to report.
 */
final class BatonClient {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_RATE_LIMIT_WAITS = 100;

  private final Connection connection;
  private final HttpClient http;
  private final JsonMapper mapper;

  BatonClient(Connection connection, JsonMapper mapper) {
    this.connection = connection;
    this.mapper = mapper;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  JsonMapper mapper() {
    return mapper;
  }

  JsonNode get(String pathAndQuery) {
    return send("GET", pathAndQuery, null);
  }

  /**
   * @param body a JSON tree, or {@code null} for an empty body
   */
  JsonNode post(String pathAndQuery, JsonNode body) {
    return send("POST", pathAndQuery, body);
  }

  private JsonNode send(String method, String pathAndQuery, JsonNode body) {
    var uri = URI.create(connection.server() + pathAndQuery);
    var builder =
        HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    if (connection.apiKey() != null) {
      builder.header("X-API-Key", connection.apiKey());
    }
    if (body != null) {
      builder
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
    } else {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    }
    var request = builder.build();
    var response = exchange(request, method, uri);
    // Over the key's submission rate: wait as told and send again (a refused request took
    // nothing), so a long submit slows down instead of failing halfway.
    for (int waits = 0; response.statusCode() == 429 && waits < MAX_RATE_LIMIT_WAITS; waits++) {
      var seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
      System.err.printf("rate limited by the server: waiting %d s before retrying%n", seconds);
      pause(Duration.ofSeconds(Math.max(1, seconds)), uri);
      response = exchange(request, method, uri);
    }
    var json = parse(response.body());
    if (response.statusCode() >= 400) {
      throw new CliException(
          ExitCodes.forHttpStatus(response.statusCode()),
          ApiErrors.describe(response.statusCode(), json, response.body(), method, uri.toString()));
    }
    if (json == null && !response.body().isBlank()) {
      throw new CliException(
          ExitCodes.SERVER_ERROR,
          "the server at "
              + connection.server()
              + " did not answer JSON to "
              + method
              + " "
              + uri
              + "; is --server pointing at a Baton orchestrator?");
    }
    return json;
  }

  private HttpResponse<String> exchange(HttpRequest request, String method, URI uri) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unreachable(method, uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.SERVER_ERROR, "interrupted while waiting for " + uri, e);
    }
  }

  private static void pause(Duration wait, URI uri) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.SERVER_ERROR, "interrupted while waiting for " + uri, e);
    }
  }

  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return mapper.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }

  private CliException unreachable(String method, URI uri, IOException e) {
    String why;
    if (e instanceof HttpConnectTimeoutException) {
      why = "connection timed out";
    } else if (e instanceof HttpTimeoutException) {
      why = "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
    } else if (e instanceof ConnectException) {
      why = "connection refused";
    } else {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return new CliException(
        ExitCodes.SERVER_ERROR,
        "cannot reach the orchestrator at "
            + connection.server()
            + " ("
            + why
            + ", "
            + method
            + " "
            + uri.getPath()
            + ").\n"
            + "Check that it is running and that the server URL (from "
            + connection.serverOrigin()
            + "; set it with --server, BATON_URL or 'server' in the config file) is right.",
        e);
  }
}
