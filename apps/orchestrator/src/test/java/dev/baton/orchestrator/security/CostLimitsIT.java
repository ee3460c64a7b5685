package dev.baton.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorTestBase;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What reading costs a keyed orchestrator: reads per key are rate-limited like submissions, and a
 * definition source that inflates to more than it may (a zip bomb) is a load error, not an
 * out-of-memory. Its own context: a slow read rate would trip the other keyed tests.
 */
class CostLimitsIT extends OrchestratorTestBase {

  private static final String PREFIX = TestBroker.uniquePrefix("cost-limits");
  private static final String DATABASE = TestDatabase.newDatabase("cost-limits-it");
  private static final Path REGISTRY = registryDirectory();

  static final String READER_A = "reader-a-0123456789abcdef";
  static final String READER_B = "reader-b-0123456789abcdef";
  static final String OPERATOR = "cost-operator-0123456789abcdef";
  private static final int READ_BURST = 5;

  @DynamicPropertySource
  static void limits(DynamicPropertyRegistry registry) {
    orchestratorProperties(registry, PREFIX, DATABASE);
    key(registry, 0, "reader-a", "tenant-a", "PRODUCER", READER_A);
    key(registry, 1, "reader-b", "tenant-a", "PRODUCER", READER_B);
    key(registry, 2, "ops", "ops", "OPERATOR", OPERATOR);
    // A burst of a few reads, then one every 100 s: the sixth read within a test is over.
    registry.add("baton.rate-limit.reads-per-second", () -> "0.01");
    registry.add("baton.rate-limit.read-burst", () -> Integer.toString(READ_BURST));
    registry.add("baton.registry.sources[0].type", () -> "filesystem");
    registry.add("baton.registry.sources[0].path", REGISTRY::toString);
  }

  @Test
  void aKeyOverItsReadRateGets429WithRetryAfterAndOtherKeysStillRead() {
    for (int i = 0; i < READ_BURST; i++) {
      assertThat(call("GET", "/api/v1/tasks", null, READER_A).statusCode()).isEqualTo(200);
    }

    var over = call("GET", "/api/v1/tasks/stats", null, READER_A);
    var graphQl = call("POST", "/graphql", "{\"query\":\"{ stats { total } }\"}", READER_A);

    assertThat(over.statusCode()).as(over.body()).isEqualTo(429);
    assertThat(over.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    assertThat(over.body()).contains("retryAfterSeconds").contains("baton.rate-limit");
    assertThat(graphQl.statusCode()).as("GraphQL reads share the bucket").isEqualTo(429);
    // Reads do not take from submissions, and the bucket is the key's own.
    assertThat(call("POST", "/api/v1/tasks", "{\"type\":\"pull-only\"}", READER_A).statusCode())
        .isEqualTo(201);
    assertThat(call("GET", "/api/v1/tasks", null, READER_B).statusCode()).isEqualTo(200);
  }

  @Test
  void aZipBombInTheRegistryIsALoadErrorAndTheOrchestratorKeepsServing() throws IOException {
    // 64 MiB of zeros that deflate to a few hundred kilobytes, as a definition file.
    var bomb = REGISTRY.resolve("bomb.zip");
    try (var zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
      zip.setLevel(Deflater.BEST_SPEED);
      zip.putNextEntry(new ZipEntry("bomb/definition.yaml"));
      var zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }

    var reload = call("POST", "/api/v1/definitions/reload", null, OPERATOR);
    assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
    var errors = call("GET", "/api/v1/definitions/errors", null, OPERATOR);

    assertThat(errors.statusCode()).isEqualTo(200);
    var error = JSON.readTree(errors.body()).get("errors").get(0);
    assertThat(error.get("location").asString()).contains("bomb.zip!").contains("definition.yaml");
    assertThat(error.get("message").asString())
        .contains("larger than")
        .contains("baton.registry.max-document-size");
    assertThat(call("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> call(String method, String path, String json, String key) {
    var request =
        HttpRequest.newBuilder(uri(path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return send(request.build());
  }

  private static Path registryDirectory() {
    try {
      var dir = Files.createTempDirectory("baton-cost-limits-registry");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void key(
      DynamicPropertyRegistry registry,
      int i,
      String name,
      String tenant,
      String role,
      String key) {
    registry.add("baton.security.keys[" + i + "].name", () -> name);
    registry.add("baton.security.keys[" + i + "].tenant", () -> tenant);
    registry.add("baton.security.keys[" + i + "].role", () -> role);
    registry.add("baton.security.keys[" + i + "].key", () -> key);
  }
}
