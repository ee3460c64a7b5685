package dev.baton.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorTestBase;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An orchestrator that lets one browser origin in (baton.cors.allowed-origins). */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CorsIT extends OrchestratorTestBase {

  private static final String ORIGIN = "https://console.example.com";
  private static final String CORS_PREFIX = TestBroker.uniquePrefix("cors");
  private static final String CORS_DATABASE = TestDatabase.newDatabase("cors-it");

  @DynamicPropertySource
  static void allowedOrigin(DynamicPropertyRegistry registry) {
    orchestratorProperties(registry, CORS_PREFIX, CORS_DATABASE);
    registry.add("baton.cors.allowed-origins", () -> ORIGIN);
    registry.add("baton.cors.max-age", () -> "10m");
  }

  @AfterAll
  static void removeQueues() {
    TestBroker.deleteTopology(new Topology(CORS_PREFIX), List.of());
  }

  @Test
  void preflightFromAnAllowedOriginIsAnsweredWithTheAllowedMethodsAndHeaders() {
    var response = preflight(ORIGIN, "POST", "content-type,x-api-key");

    assertThat(response.statusCode()).isEqualTo(200);
    var headers = response.headers();
    assertThat(headers.firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
    assertThat(headers.firstValue("Access-Control-Allow-Methods"))
        .hasValue("GET,POST,PATCH,DELETE");
    assertThat(headers.firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
        .contains("content-type", "x-api-key");
    assertThat(headers.firstValue("Access-Control-Max-Age")).hasValue("600");
    assertThat(headers.firstValue("Access-Control-Allow-Credentials")).isEmpty();
  }

  @Test
  void preflightFromAnotherOriginIsRefused() {
    var response = preflight("https://evil.example.com", "POST", "content-type");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void crossOriginRequestGetsTheAllowOriginAndExposedHeaders() {
    var response =
        send(
            HttpRequest.newBuilder(uri("/api/v1/tasks"))
                .header("Origin", ORIGIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"cors\"}"))
                .build());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
    assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
        .contains("Location");
  }

  /** A browser's preflight of a cross-origin {@code method} to {@code uri}. */
  static java.net.http.HttpResponse<String> preflight(
      java.net.URI uri, String origin, String method, String headers) {
    return send(
        HttpRequest.newBuilder(uri)
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", headers)
            .build());
  }

  private java.net.http.HttpResponse<String> preflight(
      String origin, String method, String headers) {
    return preflight(uri("/api/v1/tasks"), origin, method, headers);
  }
}
