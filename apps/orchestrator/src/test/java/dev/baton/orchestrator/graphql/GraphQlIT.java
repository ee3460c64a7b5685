package dev.baton.orchestrator.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.orchestrator.registry.DefinitionRegistry;
import dev.baton.orchestrator.registry.SemanticVersion;
import dev.baton.orchestrator.registry.TaskDefinition;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /graphql} on the real stack: definitions from the registry, tasks and stats answering as
 * the REST API does, and refused arguments as errors naming them. Tasks are scheduled a day ahead
 * under a type of this test's own, so they stay put and never reach the broker.
 */
class GraphQlIT extends OrchestratorIT {

  private static final String TASK_FIELDS =
      "id type version status priority input result error { message type retryable } attempt"
          + " maxRetries timeoutSeconds tags { key value } workerId progress runAt createdAt"
          + " queuedAt startedAt completedAt updatedAt";

  @Autowired DefinitionRegistry registry;

  private final String type = "gql-" + UUID.randomUUID();
  private HttpGraphQlTester graphQl;

  @BeforeEach
  void tester() {
    graphQl =
        HttpGraphQlTester.create(
            WebTestClient.bindToServer().baseUrl("http://localhost:" + port + "/graphql").build());
  }

  @Test
  void definitionsShowTheLatestVersionOfEachTypeInSemanticOrder() {
    define(type, "1.9.0", "{\"type\":\"object\"}");
    define(type, "1.10.0", "{\"type\":\"object\",\"required\":[\"n\"]}");
    define(type, "1.2.0", null);

    var mine =
        graphQl
            .document(
                "{ definitions { type version label description availableVersions inputSchema"
                    + " outputSchema concurrencyLimit } }")
            .execute()
            .path("definitions[?(@.type == '" + type + "')]")
            .entityList(Map.class)
            .get();

    assertThat(mine).hasSize(1);
    var latest = JSON.valueToTree(mine.get(0));
    assertThat(latest.get("version").asString()).isEqualTo("1.10.0");
    assertThat(latest.get("label").asString()).isEqualTo("label " + type + " 1.10.0");
    assertThat(latest.get("description").asString()).isEmpty();
    assertThat(latest.get("availableVersions").values())
        .map(JsonNode::asString)
        .containsExactly("1.2.0", "1.9.0", "1.10.0");
    assertThat(latest.get("inputSchema"))
        .isEqualTo(JSON.readTree("{\"type\":\"object\",\"required\":[\"n\"]}"));
    assertThat(latest.get("outputSchema").isNull()).isTrue();
    assertThat(latest.get("concurrencyLimit").asInt()).isEqualTo(3);
  }

  @Test
  void definitionIsTheLatestWithoutAVersionAndNullWhenUnknown() {
    define(type, "1.9.0", null);
    define(type, "1.10.0", null);
    var query =
        "query($type: ID!, $version: String) { definition(type: $type, version: $version) {"
            + " version } definitionVersions(type: $type) }";

    graphQl
        .document(query)
        .variable("type", type)
        .execute()
        .path("definition.version")
        .entity(String.class)
        .isEqualTo("1.10.0")
        .path("definitionVersions")
        .entityList(String.class)
        .containsExactly("1.9.0", "1.10.0");
    graphQl
        .document(query)
        .variable("type", type)
        .variable("version", "1.9.0")
        .execute()
        .path("definition.version")
        .entity(String.class)
        .isEqualTo("1.9.0");
    graphQl
        .document(query)
        .variable("type", type)
        .variable("version", "2.0.0")
        .execute()
        .path("definition")
        .valueIsNull();
    graphQl
        .document(query)
        .variable("type", "gql-unknown-" + UUID.randomUUID())
        .execute()
        .path("definition")
        .valueIsNull()
        .path("definitionVersions")
        .entityList(String.class)
        .hasSize(0);
  }

  @Test
  void taskHasTheFieldsOfTheRestResponse() {
    var worker = startWorker(1);
    try {
      var id =
          submit(
              "{\"type\":\"echo\",\"input\":{\"m\":[1,2.5,\"x\"]},\"tags\":{\"run\":\""
                  + type
                  + "\",\"team\":\"a\"}}");
      await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("COMPLETED"));

      assertThat(taskById(id)).isEqualTo(restTask(id));
    } finally {
      worker.stop(Duration.ofSeconds(2));
    }
    var scheduled = schedule(Map.of("team", "b"));
    assertThat(taskById(scheduled)).isEqualTo(restTask(scheduled));
  }

  @Test
  void unknownTaskIsNull() {
    graphQl
        .document("{ task(id: \"" + UUID.randomUUID() + "\") { id } }")
        .execute()
        .path("task")
        .valueIsNull();
  }

  @Test
  void tasksPageNewestFirstAndContinueAfterTheEndCursor() {
    for (int i = 0; i < 5; i++) {
      schedule(Map.of());
    }
    var newestFirst = restIds("/api/v1/tasks?type=" + type);
    var query =
        "query($filter: TaskFilter, $after: String) { tasks(filter: $filter, first: 3, after:"
            + " $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }";
    var filter = Map.of("type", type);

    var first = graphQl.document(query).variable("filter", filter).execute();
    first.path("tasks.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
    var firstIds = first.path("tasks.edges[*].node.id").entityList(String.class).get();
    var endCursor = first.path("tasks.pageInfo.endCursor").entity(String.class).get();
    var cursors = first.path("tasks.edges[*].cursor").entityList(String.class).get();
    assertThat(endCursor).isEqualTo(cursors.get(2));

    var second =
        graphQl.document(query).variable("filter", filter).variable("after", endCursor).execute();
    second.path("tasks.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
    var secondIds = second.path("tasks.edges[*].node.id").entityList(String.class).get();

    var all = new ArrayList<>(firstIds);
    all.addAll(secondIds);
    assertThat(all).containsExactlyElementsOf(newestFirst);
    // An edge's cursor continues after that edge, as the REST list's nextCursor does.
    graphQl
        .document(query)
        .variable("filter", filter)
        .variable("after", cursors.get(0))
        .execute()
        .path("tasks.edges[*].node.id")
        .entityList(String.class)
        .containsExactly(newestFirst.get(1), newestFirst.get(2), newestFirst.get(3));
  }

  @Test
  void tasksFilterByStatusTagsAndCreatedRangeLikeTheRestList() {
    var a = schedule(Map.of("team", "a", "env", "prod"));
    var b = schedule(Map.of("team", "a", "env", "dev"));
    var c = schedule(Map.of("team", "b", "env", "prod"));
    post("/api/v1/tasks/" + b + "/cancel", "");
    var query =
        "query($filter: TaskFilter) { tasks(filter: $filter) { edges { node { id status } } } }";

    assertThat(ids(query, Map.of("type", type, "tags", List.of("team:a", "env:prod"))))
        .containsExactly(a.toString());
    assertThat(ids(query, Map.of("type", type, "status", List.of("CANCELLED"))))
        .containsExactly(b.toString());
    assertThat(ids(query, Map.of("type", type, "status", List.of("SCHEDULED", "CANCELLED"))))
        .containsExactlyElementsOf(restIds("/api/v1/tasks?type=" + type));
    var createdC = getJson("/api/v1/tasks/" + c).get("createdAt").asString();
    assertThat(ids(query, Map.of("type", type, "createdAfter", createdC)))
        .containsExactly(c.toString());
    assertThat(
            ids(
                query,
                Map.of(
                    "type", type, "createdBefore", createdC, "createdAfter", Instant.EPOCH + "")))
        .containsExactlyInAnyOrder(a.toString(), b.toString());
  }

  @Test
  void statsCountEveryStateZerosIncluded() {
    var ids = List.of(schedule(Map.of()), schedule(Map.of()), schedule(Map.of()));
    post("/api/v1/tasks/" + ids.get(0) + "/cancel", "");
    var query =
        "query($filter: TaskFilter) { stats(filter: $filter) { total byStatus { status count }"
            + " } }";

    var stats = graphQl.document(query).variable("filter", Map.of("type", type)).execute();
    stats.path("stats.total").entity(Integer.class).isEqualTo(3);
    var byStatus = stats.path("stats.byStatus").entityList(Map.class).get();
    assertThat(byStatus)
        .extracting(m -> m.get("status"))
        .containsExactly(
            "SCHEDULED",
            "SUBMITTED",
            "QUEUED",
            "ASSIGNED",
            "RUNNING",
            "RETRYING",
            "COMPLETED",
            "FAILED",
            "CANCELLED");
    var rest = getJson("/api/v1/tasks/stats?type=" + type);
    for (var entry : byStatus) {
      assertThat(((Number) entry.get("count")).longValue())
          .as("%s", entry.get("status"))
          .isEqualTo(rest.get("byStatus").get((String) entry.get("status")).asLong());
    }
    assertThat(rest.get("byStatus").get("SCHEDULED").asLong()).isEqualTo(2);
    graphQl
        .document(query)
        .variable("filter", Map.of("type", type, "status", List.of("CANCELLED")))
        .execute()
        .path("stats.total")
        .entity(Integer.class)
        .isEqualTo(1);
  }

  @Test
  void badArgumentsAreBadRequestErrorsNamingTheArgument() {
    var list =
        "query($filter: TaskFilter, $first: Int, $after: String) {"
            + " tasks(filter: $filter, first: $first, after: $after) { edges { cursor } } }";
    schedule(Map.of());
    schedule(Map.of());
    var otherFiltersCursor =
        graphQl
            .document(list)
            .variable("filter", Map.of("type", type))
            .variable("first", 1)
            .execute()
            .path("tasks.edges[0].cursor")
            .entity(String.class)
            .get();

    assertBadArgument(list, Map.of("first", 0), "first", "from 1 to 500");
    assertBadArgument(list, Map.of("first", 501), "first", "from 1 to 500");
    assertBadArgument(list, Map.of("after", "not-a-cursor"), "after", "is not a cursor");
    assertBadArgument(list, Map.of("after", otherFiltersCursor), "after", "for these filters");
    assertBadArgument(
        list, Map.of("filter", Map.of("tags", List.of("no-colon"))), "filter.tags", "key:value");
    assertBadArgument(
        list,
        Map.of("filter", Map.of("createdAfter", "yesterday")),
        "filter.createdAfter",
        "ISO-8601");
    assertBadArgument(
        "query($filter: TaskFilter) { stats(filter: $filter) { total } }",
        Map.of("filter", Map.of("type", "no spaces")),
        "filter.type",
        "must match");
    assertBadArgument("query($id: ID!) { task(id: $id) { id } }", Map.of("id", "42"), "id", "UUID");
  }

  @Test
  void unknownStatusIsRefusedByTheSchemaNamingIt() {
    graphQl
        .document("{ tasks(filter: { status: [DONE] }) { edges { cursor } } }")
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors)
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getErrorType()).isNotEqualTo(ErrorType.INTERNAL_ERROR);
                          assertThat(e.getMessage()).contains("status", "DONE");
                        }));
  }

  @Test
  void graphiqlIsServedAndPointsAtTheEndpoint() {
    var redirect = get("/graphiql");
    assertThat(redirect.statusCode()).isEqualTo(307);
    var location = redirect.headers().firstValue("Location").orElseThrow();
    assertThat(location).contains("path=/graphql");

    var page = send(HttpRequest.newBuilder(uri("/graphiql").resolve(location)).build());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).containsIgnoringCase("graphiql");
  }

  private void assertBadArgument(
      String document, Map<String, Object> variables, String argument, String says) {
    var request = graphQl.document(document);
    variables.forEach(request::variable);
    request
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors)
                    .as("errors for %s", variables)
                    .singleElement()
                    .satisfies(
                        (ResponseError e) -> {
                          assertThat(e.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
                          assertThat(e.getMessage()).contains(argument).contains(says);
                          assertThat(e.getExtensions()).containsEntry("argument", argument);
                        }));
  }

  private void define(String type, String version, String inputSchema) {
    var added =
        registry.add(
            new TaskDefinition(
                type,
                SemanticVersion.parse(version),
                "label " + type + " " + version,
                null,
                inputSchema == null ? null : JSON.readTree(inputSchema),
                null,
                null,
                3,
                "api"));
    assertThat(added).isTrue();
  }

  /** A task of this test's type, scheduled a day ahead so that it stays SCHEDULED. */
  private UUID schedule(Map<String, String> tags) {
    return submit(
        "{\"type\":\""
            + type
            + "\",\"runAt\":\""
            + Instant.now().plus(Duration.ofDays(1))
            + "\",\"input\":{\"n\":1},\"tags\":"
            + JSON.writeValueAsString(tags)
            + "}");
  }

  private JsonNode taskById(UUID id) {
    var task =
        graphQl
            .document("query($id: ID!) { task(id: $id) { " + TASK_FIELDS + " } }")
            .variable("id", id.toString())
            .execute()
            .path("task")
            .entity(Map.class)
            .get();
    return JSON.valueToTree(task);
  }

  /** REST's task with its tags as GraphQL lists them: key-value pairs. */
  private JsonNode restTask(UUID id) {
    var task = (ObjectNode) getJson("/api/v1/tasks/" + id);
    ArrayNode tags = JSON.createArrayNode();
    task.get("tags")
        .properties()
        .forEach(e -> tags.addObject().put("key", e.getKey()).set("value", e.getValue()));
    task.set("tags", tags);
    return task;
  }

  private List<String> ids(String query, Map<String, Object> filter) {
    return graphQl
        .document(query)
        .variable("filter", filter)
        .execute()
        .path("tasks.edges[*].node.id")
        .entityList(String.class)
        .get();
  }

  private List<String> restIds(String path) {
    return getJson(path).get("items").values().stream().map(t -> t.get("id").asString()).toList();
  }
}
