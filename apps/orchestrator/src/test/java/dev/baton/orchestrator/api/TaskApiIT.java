package dev.baton.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskApiIT extends OrchestratorIT {

  @Test
  void submittedTaskIsPersistedWithDefaultsAndALocation() {
    var response =
        post(
            "/api/v1/tasks",
            "{\"type\":\"api-echo\",\"input\":{\"x\":1},\"tags\":{\"team\":\"a\"}}");

    assertThat(response.statusCode()).isEqualTo(201);
    var body = JSON.readTree(response.body());
    var id = body.get("id").asString();
    assertThat(response.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/tasks/" + id));
    assertThat(body.get("priority").asInt()).isEqualTo(5);
    assertThat(body.get("maxRetries").asInt()).isEqualTo(3);
    assertThat(body.get("timeoutSeconds").asInt()).isEqualTo(300);
    assertThat(body.get("attempt").asInt()).isEqualTo(1);
    assertThat(body.get("input").get("x").asInt()).isEqualTo(1);
    assertThat(body.get("tags").get("team").asString()).isEqualTo("a");
    var fetched = getJson("/api/v1/tasks/" + id);
    assertThat(fetched.get("type").asString()).isEqualTo("api-echo");
    assertThat(getJson("/api/v1/tasks/" + id + "/events").get(0).get("to").asString())
        .isEqualTo("SUBMITTED");
  }

  @Test
  void idempotentRepeatReturnsTheFirstTaskAndADifferentBodyConflicts() {
    var key = "key-" + UUID.randomUUID();
    var first = post("/api/v1/tasks", "{\"type\":\"api-echo\",\"idempotencyKey\":\"" + key + "\"}");
    var repeat =
        post("/api/v1/tasks", "{\"type\":\"api-echo\",\"idempotencyKey\":\"" + key + "\"}");
    var different =
        post(
            "/api/v1/tasks",
            "{\"type\":\"api-echo\",\"priority\":1,\"idempotencyKey\":\"" + key + "\"}");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(repeat.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(repeat.body()).get("id"))
        .isEqualTo(JSON.readTree(first.body()).get("id"));
    assertThat(different.statusCode()).isEqualTo(409);
    assertThat(different.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(different.body()).contains("idempotencyKey");
  }

  static Stream<Arguments> badSubmissions() {
    return Stream.of(
        Arguments.of("missing type", "{\"input\":{}}", "type"),
        Arguments.of("type with spaces", "{\"type\":\"no spaces\"}", "type"),
        Arguments.of("priority above 9", "{\"type\":\"t\",\"priority\":12}", "priority"),
        Arguments.of("priority below 0", "{\"type\":\"t\",\"priority\":-1}", "priority"),
        Arguments.of("priority not a number", "{\"type\":\"t\",\"priority\":\"high\"}", "priority"),
        Arguments.of("timeout zero", "{\"type\":\"t\",\"timeoutSeconds\":0}", "timeoutSeconds"),
        Arguments.of("negative retries", "{\"type\":\"t\",\"maxRetries\":-2}", "maxRetries"),
        Arguments.of("runAt not an instant", "{\"type\":\"t\",\"runAt\":\"tomorrow\"}", "runAt"),
        Arguments.of("tags not strings", "{\"type\":\"t\",\"tags\":{\"a\":{\"b\":1}}}", "tags.a"),
        Arguments.of("malformed JSON", "{\"type\":", null),
        Arguments.of("empty body", "", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSubmissions")
  void badSubmissionIsAProblemNamingTheField(String name, String body, String field) {
    var response = post("/api/v1/tasks", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    var problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("detail").asString()).isNotBlank();
    if (field != null) {
      assertThat(problem.get("errors").findValuesAsString("field")).contains(field);
    }
  }

  @Test
  void statsCountEveryStateIncludingZerosAndTheWorkers() {
    submit("{\"type\":\"api-stats\"}");

    var stats = getJson("/api/v1/tasks/stats");

    assertThat(stats.get("byStatus").propertyNames())
        .containsExactlyInAnyOrder(
            "SCHEDULED",
            "SUBMITTED",
            "QUEUED",
            "ASSIGNED",
            "RUNNING",
            "RETRYING",
            "COMPLETED",
            "FAILED",
            "CANCELLED");
    long sum = 0;
    for (var n : stats.get("byStatus")) {
      sum += n.asLong();
    }
    assertThat(stats.get("total").asLong()).isEqualTo(sum).isGreaterThanOrEqualTo(1);
    assertThat(stats.get("workers").propertyNames())
        .contains("IDLE", "BUSY", "UNHEALTHY", "OFFLINE");
  }

  @Test
  void unknownTaskIsA404Problem() {
    var response = get("/api/v1/tasks/" + UUID.randomUUID());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(get("/api/v1/tasks/" + UUID.randomUUID() + "/events").statusCode()).isEqualTo(404);
  }

  @Test
  void malformedTaskIdIsA400ProblemNamingTheParameter() {
    var response = get("/api/v1/tasks/not-a-uuid");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("errors").findValuesAsString("field"))
        .containsExactly("id");
  }
}
