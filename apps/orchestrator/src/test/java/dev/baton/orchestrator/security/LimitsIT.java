package dev.baton.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Limits per API key on a keyed orchestrator: a submission rate (429) and the body size (413). */
class LimitsIT extends KeyedOrchestratorIT {

  @Test
  void aKeyOverItsSubmissionRateGets429WithRetryAfterAndOtherKeysAreNotSlowed() {
    var batch =
        "{\"tasks\":["
            + String.join(",", Collections.nCopies(1000, "{\"type\":\"" + PULL_TYPE + "\"}"))
            + "]}";
    assertThat(post(BULK_B, "/api/v1/tasks/batch", batch).statusCode()).isEqualTo(201);

    // The burst is spent: a second batch needs 1,000 tokens, which come back at 0.5 a second.
    var over = post(BULK_B, "/api/v1/tasks/batch", batch);

    assertThat(over.statusCode()).isEqualTo(429);
    assertThat(over.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    // The bucket is the key's: another key of the same tenant still submits.
    assertThat(post(PRODUCER_B, "/api/v1/tasks", "{\"type\":\"" + PULL_TYPE + "\"}").statusCode())
        .isEqualTo(201);
  }

  @Test
  void aBodyOverTheLimitGets413WithAKey() {
    var big = "{\"type\":\"echo\",\"input\":{\"s\":\"" + "x".repeat(1_100_000) + "\"}}";

    var response = post(PRODUCER_A, "/api/v1/tasks", big);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("maxBytes");
  }

  private HttpResponse<String> post(String key, String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header("X-API-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }
}
