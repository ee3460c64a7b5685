package dev.baton.orchestrator.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import graphql.introspection.IntrospectionQuery;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What one GraphQL request may cost: its depth, its aliases and its cost (fields times the rows
 * they are resolved for) are checked before anything runs, and a query over a limit gets one clear
 * GraphQL error naming the limit and its setting, never a 500 and never a partial run.
 */
class GraphQlLimitsIT extends OrchestratorIT {

  private static final String TASK_FIELDS =
      "id type version status priority input result error { message type retryable } attempt"
          + " maxRetries timeoutSeconds tags { key value } workerId progress runAt createdAt"
          + " queuedAt startedAt completedAt updatedAt";

  @Test
  void aQueryNestedDeeperThanTheLimitIsRefusedBeforeItRuns() {
    // Only introspection nests this deep (ofType of ofType …): depth 18 with the name.
    var nested = "name";
    for (int i = 0; i < 15; i++) {
      nested = "ofType { " + nested + " }";
    }

    var answer = query("{ __type(name: \"Task\") { fields { type { " + nested + " } } } }");

    assertRefused(answer, "deep", "baton.graphql.max-depth");
  }

  @Test
  void aQueryWithMoreAliasesThanTheLimitIsRefusedBeforeItRuns() {
    var aliases =
        IntStream.range(0, 200).mapToObj(i -> "a" + i + ": stats { total }").collect(joining());

    var answer = query("{ " + aliases + " }");

    assertRefused(answer, "aliases", "baton.graphql.max-aliases");
  }

  @Test
  void aQueryCostingMoreThanTheLimitIsRefusedBeforeItRuns() {
    var pages =
        IntStream.range(0, 10)
            .mapToObj(
                i -> "p" + i + ": tasks(first: 500) { edges { node { " + TASK_FIELDS + " } } }")
            .collect(joining());

    var answer = query("{ " + pages + " }");

    assertRefused(answer, "cost", "baton.graphql.max-cost");
  }

  @Test
  void aFullPageOfTasksAndGraphiqlsIntrospectionStayWithinTheLimits() {
    var page =
        query(
            "{ tasks(first: 500) { edges { node { "
                + TASK_FIELDS
                + " } } pageInfo { hasNextPage endCursor } } stats { total } }");
    assertThat(page.get("errors")).as(page.toString()).isNull();
    assertThat(page.at("/data/tasks/edges").isArray()).isTrue();

    var introspection = query(IntrospectionQuery.INTROSPECTION_QUERY);
    assertThat(introspection.get("errors")).as(introspection.toString()).isNull();
    assertThat(introspection.at("/data/__schema/types").size()).isGreaterThan(10);
  }

  private static void assertRefused(JsonNode answer, String word, String setting) {
    assertThat(answer.get("data") == null || answer.get("data").isNull())
        .as("nothing ran: %s", answer)
        .isTrue();
    assertThat(answer.get("errors")).as(answer.toString()).isNotNull().hasSize(1);
    var error = answer.get("errors").get(0);
    assertThat(error.get("message").asString()).contains(word).contains(setting);
    assertThat(error.at("/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
  }

  private JsonNode query(String query) {
    var response = post("/graphql", JSON.writeValueAsString(java.util.Map.of("query", query)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(" ");
  }
}
