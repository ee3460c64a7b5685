package dev.baton.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The definitions REST API and how definitions shape submissions, on real RabbitMQ and SQLite. */
class DefinitionApiIT extends OrchestratorIT {

  @Test
  void latestVersionFollowsSemanticOrderingNotTextOrdering() {
    register("{\"type\":\"def-order\",\"version\":\"1.9.0\",\"label\":\"Nine\"}");
    register("{\"type\":\"def-order\",\"version\":\"1.10.0\",\"label\":\"Ten\"}");
    register("{\"type\":\"def-order\",\"version\":\"1.10.0-rc.1\"}");

    assertThat(getJson("/api/v1/definitions/def-order").get("version").asString())
        .isEqualTo("1.10.0");
    var versions = getJson("/api/v1/definitions/def-order/versions");
    assertThat(strings(versions.get("versions"))).containsExactly("1.9.0", "1.10.0-rc.1", "1.10.0");
    assertThat(versions.get("latest").asString()).isEqualTo("1.10.0");
    var nine = getJson("/api/v1/definitions/def-order/versions/1.9.0");
    assertThat(nine.get("label").asString()).isEqualTo("Nine");
    assertThat(strings(nine.get("availableVersions")))
        .containsExactly("1.9.0", "1.10.0-rc.1", "1.10.0");
    assertThat(latestInList("def-order").get("version").asString()).isEqualTo("1.10.0");
  }

  @Test
  void aVersionIsImmutableRegisteringItAgainIsAConflict() {
    register("{\"type\":\"def-immutable\",\"version\":\"1.0.0\"}");

    var again = post("/api/v1/definitions", "{\"type\":\"def-immutable\",\"version\":\"1.0.0\"}");

    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(again.body()).contains("def-immutable 1.0.0 is defined already");
  }

  @Test
  void anInvalidDefinitionIsRefusedWithWhatIsWrong() {
    var response =
        post(
            "/api/v1/definitions",
            "{\"type\":\"def-bad\",\"version\":\"one\",\"concurrencyLimit\":0}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("version").contains("concurrencyLimit");
    assertThat(get("/api/v1/definitions/def-bad").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownTypesAndVersionsAreNotFoundProblems() {
    register("{\"type\":\"def-known\",\"version\":\"2.0.0\"}");

    for (var path :
        List.of(
            "/api/v1/definitions/def-unknown",
            "/api/v1/definitions/def-unknown/versions",
            "/api/v1/definitions/def-known/versions/2.0.1")) {
      var response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
    }
  }

  @Test
  void registeredDefinitionsSurviveAReload() {
    register("{\"type\":\"def-reload\",\"version\":\"3.1.4\"}");

    var reload = post("/api/v1/definitions/reload", "");

    assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
    assertThat(JSON.readTree(reload.body()).get("definitions").asInt()).isPositive();
    assertThat(getJson("/api/v1/definitions/def-reload").get("source").asString()).isEqualTo("api");
  }

  @Test
  void aSubmissionWithoutVersionRunsTheLatestAndAnUnknownVersionIsRefused() {
    register("{\"type\":\"def-run\",\"version\":\"1.2.0\"}");
    register("{\"type\":\"def-run\",\"version\":\"1.12.0\"}");

    var latest = submit("{\"type\":\"def-run\"}");
    var pinned = submit("{\"type\":\"def-run\",\"version\":\"1.2.0\"}");
    var unknown = post("/api/v1/tasks", "{\"type\":\"def-run\",\"version\":\"1.3.0\"}");
    var notSemver = post("/api/v1/tasks", "{\"type\":\"def-run\",\"version\":\"latest\"}");

    assertThat(getJson("/api/v1/tasks/" + latest).get("version").asString()).isEqualTo("1.12.0");
    assertThat(getJson("/api/v1/tasks/" + pinned).get("version").asString()).isEqualTo("1.2.0");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(fields(unknown)).containsExactly("version");
    assertThat(unknown.body()).contains("1.2.0").contains("1.12.0");
    assertThat(notSemver.statusCode()).isEqualTo(400);
    assertThat(fields(notSemver)).containsExactly("version");
  }

  @Test
  void anInputThatBreaksTheSchemaIsRefusedWithEveryViolationAndItsPointer() {
    register(
        """
        {"type":"def-schema","version":"1.0.0","inputSchema":{
          "type":"object","required":["text"],"additionalProperties":false,
          "properties":{"text":{"type":"string"},"count":{"type":"integer","minimum":1},
                        "items":{"type":"array","items":{"type":"string"}}}}}
        """);

    var response =
        post(
            "/api/v1/tasks",
            "{\"type\":\"def-schema\",\"input\":{\"count\":0,\"items\":[\"a\",7],\"x\":1}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    var pointers = new ArrayList<String>();
    JSON.readTree(response.body()).get("errors").forEach(e -> pointers.add(pointer(e)));
    assertThat(pointers).contains("/input", "/input/count", "/input/items/1");
    assertThat(pointers).hasSizeGreaterThanOrEqualTo(4); // required text, minimum, type, extra x
    assertThat(response.body()).contains("text");

    var valid = submit("{\"type\":\"def-schema\",\"input\":{\"text\":\"hi\",\"count\":2}}");
    assertThat(status(valid)).isNotBlank();
  }

  @Test
  void aBatchNamesTheSchemaViolationsOfEachItemAndStoresNothing() {
    register(
        "{\"type\":\"def-batch\",\"version\":\"1.0.0\",\"inputSchema\":"
            + "{\"type\":\"object\",\"required\":[\"n\"]}}");

    var response =
        post(
            "/api/v1/tasks/batch",
            "{\"tasks\":[{\"type\":\"def-batch\",\"input\":{\"n\":1}},"
                + "{\"type\":\"def-batch\",\"input\":{}}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains("tasks[1]").doesNotContain("tasks[0]");
  }

  @Test
  void theDefinitionsDefaultsFillWhatTheSubmissionLeavesOut() {
    register(
        """
        {"type":"def-defaults","version":"1.0.0","defaults":{"timeoutSeconds":42,
          "maxRetries":7,"priority":8,"backoff":{"initialMs":1500}}}
        """);

    var defaulted = getJson("/api/v1/tasks/" + submit("{\"type\":\"def-defaults\"}"));
    var explicit =
        getJson(
            "/api/v1/tasks/"
                + submit("{\"type\":\"def-defaults\",\"priority\":1,\"maxRetries\":0}"));

    assertThat(defaulted.get("timeoutSeconds").asInt()).isEqualTo(42);
    assertThat(defaulted.get("maxRetries").asInt()).isEqualTo(7);
    assertThat(defaulted.get("priority").asInt()).isEqualTo(8);
    assertThat(explicit.get("priority").asInt()).isEqualTo(1);
    assertThat(explicit.get("maxRetries").asInt()).isZero();
    assertThat(explicit.get("timeoutSeconds").asInt()).isEqualTo(42);
  }

  private void register(String json) {
    var response = post("/api/v1/definitions", json);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.headers().firstValue("Location")).isPresent();
  }

  private JsonNode latestInList(String type) {
    for (var item : getJson("/api/v1/definitions").get("items")) {
      if (item.get("type").asString().equals(type)) {
        return item;
      }
    }
    throw new AssertionError(type + " not listed");
  }

  private static String pointer(JsonNode error) {
    return error.has("pointer") ? error.get("pointer").asString() : null;
  }

  private static List<String> fields(HttpResponse<String> response) {
    var fields = new ArrayList<String>();
    JSON.readTree(response.body())
        .get("errors")
        .forEach(e -> fields.add(e.get("field").asString()));
    return fields;
  }

  private static List<String> strings(JsonNode array) {
    var out = new ArrayList<String>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }
}
