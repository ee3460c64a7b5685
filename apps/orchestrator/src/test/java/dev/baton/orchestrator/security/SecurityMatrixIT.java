package dev.baton.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import dev.baton.orchestrator.events.DeadLetters;
import dev.baton.testsupport.TestBroker;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint against every role, a key of another tenant, a bad key and no key, on an
 * orchestrator with keys configured (so not in open mode); then tenant isolation end to end: lists,
 * stats, GraphQL, history, AMQP submissions and key management.
 */
class SecurityMatrixIT extends KeyedOrchestratorIT {

  /** Who calls: a role of tenant A, the operator, an admin of tenant B, a bad key, no key. */
  enum Who {
    NONE(null),
    BAD_KEY("bk_not-a-key-at-all-000000000"),
    PRODUCER(PRODUCER_A),
    WORKER(WORKER_A),
    ADMIN(ADMIN_A),
    OTHER_TENANT_ADMIN(ADMIN_B),
    OPERATOR(KeyedOrchestratorIT.OPERATOR);

    final String key;

    Who(String key) {
      this.key = key;
    }
  }

  /** The answer a caller must get: allowed (anything but 401/403/404 and 5xx), or that status. */
  enum Expect {
    OK,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND;

    boolean matches(int status) {
      return switch (this) {
        case OK -> status < 500 && status != 401 && status != 403 && status != 404;
        case UNAUTHORIZED -> status == 401;
        case FORBIDDEN -> status == 403;
        case NOT_FOUND -> status == 404;
      };
    }
  }

  /** One endpoint: how to call it (fresh resources per call where it changes them). */
  record Endpoint(String name, String method, Supplier<String> path, Supplier<String> body) {}

  @Test
  void everyEndpointAnswersEachRoleAsTheMatrixSays() {
    var endpoints = endpoints();
    var allowed = allowed();
    var failures = new ArrayList<String>();
    var table = new StringBuilder("\n| endpoint | ");
    for (var who : Who.values()) {
      table.append(who).append(" | ");
    }
    table.append('\n');
    for (var endpoint : endpoints) {
      table.append("| ").append(endpoint.name()).append(" | ");
      for (var who : Who.values()) {
        var expect = expected(endpoint, who, allowed.get(endpoint.name()));
        var response =
            call(endpoint.method(), endpoint.path().get(), endpoint.body().get(), who.key);
        table.append(response.statusCode()).append(" | ");
        if (!expect.matches(response.statusCode())) {
          failures.add(
              endpoint.name()
                  + " as "
                  + who
                  + ": expected "
                  + expect
                  + ", got "
                  + response.statusCode()
                  + " "
                  + response.body());
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
          assertThat(response.headers().firstValue("Content-Type").orElse(""))
              .as(endpoint.name() + " as " + who)
              .startsWith("application/problem+json");
        }
      }
      table.append('\n');
    }
    System.out.println(table);
    assertThat(failures).isEmpty();
  }

  private static Expect expected(Endpoint endpoint, Who who, List<Who> allowed) {
    if (who == Who.BAD_KEY) {
      return Expect.UNAUTHORIZED; // a bad key is refused everywhere, public paths included
    }
    if (allowed.contains(Who.NONE)) {
      return Expect.OK; // public
    }
    if (who == Who.NONE) {
      return Expect.UNAUTHORIZED;
    }
    if (who == Who.OTHER_TENANT_ADMIN) {
      // An admin of tenant B may use what tenant A's admin may, but A's ids are not found.
      if (!allowed.contains(Who.ADMIN)) {
        return Expect.FORBIDDEN;
      }
      return endpoint.path().get().contains("{A}") || endpoint.name().contains("A's")
          ? Expect.NOT_FOUND
          : Expect.OK;
    }
    return allowed.contains(who) ? Expect.OK : Expect.FORBIDDEN;
  }

  private List<Endpoint> endpoints() {
    var submit = "{\"type\":\"echo\",\"input\":{}}";
    return List.of(
        new Endpoint("POST /api/v1/tasks", "POST", () -> "/api/v1/tasks", () -> submit),
        new Endpoint(
            "POST /api/v1/tasks/batch",
            "POST",
            () -> "/api/v1/tasks/batch",
            () -> "{\"tasks\":[" + submit + "]}"),
        new Endpoint("GET /api/v1/tasks", "GET", () -> "/api/v1/tasks", () -> null),
        new Endpoint("GET /api/v1/tasks/stats", "GET", () -> "/api/v1/tasks/stats", () -> null),
        new Endpoint("GET A's task", "GET", () -> "/api/v1/tasks/" + taskOfA(), () -> null),
        new Endpoint(
            "GET A's task events",
            "GET",
            () -> "/api/v1/tasks/" + taskOfA() + "/events",
            () -> null),
        new Endpoint(
            "PATCH A's task",
            "PATCH",
            () -> "/api/v1/tasks/" + taskOfA(),
            () -> "{\"priority\":3}"),
        new Endpoint(
            "cancel A's task", "POST", () -> "/api/v1/tasks/" + taskOfA() + "/cancel", () -> null),
        new Endpoint(
            "retry A's task",
            "POST",
            () -> "/api/v1/tasks/" + cancelledTaskOfA() + "/retry",
            () -> null),
        new Endpoint(
            "DELETE A's task", "DELETE", () -> "/api/v1/tasks/" + cancelledTaskOfA(), () -> null),
        new Endpoint(
            "claim (pull worker)",
            "POST",
            () -> "/api/v1/tasks/claim",
            () -> "{\"workerId\":\"w-1\",\"types\":[\"" + PULL_TYPE + "\"],\"limit\":1}"),
        new Endpoint(
            "heartbeat A's task",
            "POST",
            () -> "/api/v1/tasks/" + taskOfA() + "/heartbeat",
            () -> "{\"workerId\":\"w-1\",\"attempt\":1}"),
        new Endpoint(
            "complete A's task",
            "POST",
            () -> "/api/v1/tasks/" + taskOfA() + "/complete",
            () -> "{\"workerId\":\"w-1\",\"attempt\":1,\"result\":{}}"),
        new Endpoint(
            "fail A's task",
            "POST",
            () -> "/api/v1/tasks/" + taskOfA() + "/fail",
            () -> "{\"workerId\":\"w-1\",\"attempt\":1,\"error\":{\"message\":\"x\"}}"),
        new Endpoint("GET /api/v1/workers", "GET", () -> "/api/v1/workers", () -> null),
        new Endpoint("GET /api/v1/definitions", "GET", () -> "/api/v1/definitions", () -> null),
        new Endpoint(
            "POST /api/v1/definitions/reload",
            "POST",
            () -> "/api/v1/definitions/reload",
            () -> null),
        new Endpoint(
            "POST /api/v1/tasks/import",
            "POST",
            () -> "/api/v1/tasks/import",
            () -> "{\"records\":[]}"),
        new Endpoint("GET /api/v1/queues", "GET", () -> "/api/v1/queues", () -> null),
        new Endpoint("GET /api/v1/dispatch", "GET", () -> "/api/v1/dispatch", () -> null),
        new Endpoint(
            "GET /api/v1/stats/throughput", "GET", () -> "/api/v1/stats/throughput", () -> null),
        new Endpoint(
            "POST /graphql", "POST", () -> "/graphql", () -> "{\"query\":\"{ stats { total } }\"}"),
        new Endpoint("GET /api/v1/api-keys", "GET", () -> "/api/v1/api-keys", () -> null),
        new Endpoint("GET /actuator/prometheus", "GET", () -> "/actuator/prometheus", () -> null),
        new Endpoint("GET /actuator/health", "GET", () -> "/actuator/health", () -> null),
        new Endpoint("GET / (dashboard page)", "GET", () -> "/", () -> null),
        new Endpoint("GET /v3/api-docs", "GET", () -> "/v3/api-docs", () -> null));
  }

  /** Who may call each endpoint (tenant B's admin: as ADMIN, but A's ids are 404 to it). */
  private static Map<String, List<Who>> allowed() {
    var producers = List.of(Who.PRODUCER, Who.ADMIN, Who.OPERATOR);
    var admins = List.of(Who.ADMIN, Who.OPERATOR);
    var workers = List.of(Who.WORKER, Who.ADMIN, Who.OPERATOR);
    var everyRole = List.of(Who.PRODUCER, Who.WORKER, Who.ADMIN, Who.OPERATOR);
    var operators = List.of(Who.OPERATOR);
    var everyone = List.of(Who.NONE, Who.PRODUCER, Who.WORKER, Who.ADMIN, Who.OPERATOR);
    var m = new LinkedHashMap<String, List<Who>>();
    m.put("POST /api/v1/tasks", producers);
    m.put("POST /api/v1/tasks/batch", producers);
    m.put("GET /api/v1/tasks", producers);
    m.put("GET /api/v1/tasks/stats", producers);
    m.put("GET A's task", producers);
    m.put("GET A's task events", producers);
    m.put("PATCH A's task", admins);
    m.put("cancel A's task", admins);
    m.put("retry A's task", admins);
    m.put("DELETE A's task", admins);
    m.put("claim (pull worker)", workers);
    m.put("heartbeat A's task", workers);
    m.put("complete A's task", workers);
    m.put("fail A's task", workers);
    m.put("GET /api/v1/workers", admins);
    m.put("GET /api/v1/definitions", everyRole);
    m.put("POST /api/v1/definitions/reload", operators);
    m.put("POST /api/v1/tasks/import", operators);
    m.put("GET /api/v1/queues", operators);
    m.put("GET /api/v1/dispatch", operators);
    m.put("GET /api/v1/stats/throughput", producers);
    m.put("POST /graphql", producers);
    m.put("GET /api/v1/api-keys", admins);
    m.put("GET /actuator/prometheus", operators);
    m.put("GET /actuator/health", everyone);
    m.put("GET / (dashboard page)", everyone);
    m.put("GET /v3/api-docs", everyone);
    return m;
  }

  @Test
  void tenantBsTasksNeverAppearInTenantAsListsStatsGraphQlOrHistory() {
    var tag = "run:" + UUID.randomUUID();
    var ofA = new ArrayList<String>();
    var ofB = new ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      ofA.add(submitAs(PRODUCER_A, PULL_TYPE, tag));
      ofB.add(submitAs(PRODUCER_B, PULL_TYPE, tag));
    }
    ofB.add(submitAs(PRODUCER_B, PULL_TYPE, tag));

    var tagQuery = "tag=" + tag;
    assertThat(ids(json(call("GET", "/api/v1/tasks?" + tagQuery, null, PRODUCER_A)).get("items")))
        .containsExactlyInAnyOrderElementsOf(ofA);
    assertThat(ids(json(call("GET", "/api/v1/tasks?" + tagQuery, null, ADMIN_B)).get("items")))
        .containsExactlyInAnyOrderElementsOf(ofB);
    assertThat(ids(json(call("GET", "/api/v1/tasks?" + tagQuery, null, OPERATOR)).get("items")))
        .hasSize(7);
    // Unfiltered lists too: nothing of B in A's, whatever else A has.
    assertThat(ids(json(call("GET", "/api/v1/tasks?limit=500", null, ADMIN_A)).get("items")))
        .doesNotContainAnyElementsOf(ofB);

    assertThat(total(call("GET", "/api/v1/tasks/stats?" + tagQuery, null, PRODUCER_A)))
        .isEqualTo(3);
    assertThat(total(call("GET", "/api/v1/tasks/stats?" + tagQuery, null, PRODUCER_B)))
        .isEqualTo(4);
    assertThat(total(call("GET", "/api/v1/tasks/stats?" + tagQuery, null, OPERATOR))).isEqualTo(7);

    var graphQl =
        "{\"query\":\"{ tasks(filter: {tags: [\\\""
            + tag
            + "\\\"]}, first: 50) { edges { node { id } } } stats(filter: {tags: [\\\""
            + tag
            + "\\\"]}) { total } }\"}";
    var answer = json(call("POST", "/graphql", graphQl, PRODUCER_A));
    assertThat(answer.get("errors")).as(answer.toString()).isNull();
    var graphQlIds = new ArrayList<String>();
    answer.at("/data/tasks/edges").forEach(e -> graphQlIds.add(e.at("/node/id").asString()));
    assertThat(graphQlIds).containsExactlyInAnyOrderElementsOf(ofA);
    assertThat(answer.at("/data/stats/total").asInt()).isEqualTo(3);
    var taskOfB = "{\"query\":\"{ task(id: \\\"" + ofB.get(0) + "\\\") { id } }\"}";
    assertThat(json(call("POST", "/graphql", taskOfB, ADMIN_A)).at("/data/task").isNull()).isTrue();

    for (var id : ofB) {
      assertThat(call("GET", "/api/v1/tasks/" + id + "/events", null, ADMIN_A).statusCode())
          .isEqualTo(404);
    }
    // A worker of tenant A claims only A's tasks (other tests' tasks of A may come first).
    var claimed =
        json(
            call(
                "POST",
                "/api/v1/tasks/claim",
                "{\"workerId\":\"iso-1\",\"types\":[\"" + PULL_TYPE + "\"],\"limit\":100}",
                WORKER_A));
    var claimedIds = new ArrayList<String>();
    claimed.get("tasks").forEach(t -> claimedIds.add(t.get("id").asString()));
    assertThat(claimedIds).isNotEmpty().doesNotContainAnyElementsOf(ofB);
    for (var id : claimedIds) {
      assertThat(call("GET", "/api/v1/tasks/" + id, null, PRODUCER_B).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aKeyOfAnotherTenantGets404NotAHintThatTheTaskExists() {
    var id = submitAs(PRODUCER_A, PULL_TYPE, "k:v");
    var missing = UUID.randomUUID().toString();

    var ofOther = call("GET", "/api/v1/tasks/" + id, null, ADMIN_B);
    var absent = call("GET", "/api/v1/tasks/" + missing, null, ADMIN_B);

    assertThat(ofOther.statusCode()).isEqualTo(404);
    assertThat(json(ofOther).get("title").asString())
        .isEqualTo(json(absent).get("title").asString());
    assertThat(ofOther.body()).doesNotContain("tenant-a");
  }

  @Test
  void adminsIssueAndRevokeKeysOfTheirOwnTenantOnly() {
    var issued =
        call("POST", "/api/v1/api-keys", "{\"name\":\"ci\",\"role\":\"PRODUCER\"}", ADMIN_A);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    var key = json(issued).get("apiKey").asString();
    var keyId = json(issued).at("/key/id").asString();
    assertThat(json(issued).at("/key/tenant").asString()).isEqualTo("tenant-a");

    var id = submitAs(key, PULL_TYPE, "k:v");
    assertThat(call("GET", "/api/v1/tasks/" + id, null, PRODUCER_A).statusCode()).isEqualTo(200);

    // Never the key nor its hash in a listing; B's admin does not see A's key.
    var listed = call("GET", "/api/v1/api-keys", null, ADMIN_A).body();
    assertThat(listed).contains(keyId).doesNotContain(key).doesNotContain(KeyHashing.sha256(key));
    assertThat(call("GET", "/api/v1/api-keys", null, ADMIN_B).body()).doesNotContain(keyId);
    assertThat(call("DELETE", "/api/v1/api-keys/" + keyId, null, ADMIN_B).statusCode())
        .isEqualTo(404);

    var operatorKey =
        call("POST", "/api/v1/api-keys", "{\"name\":\"x\",\"role\":\"OPERATOR\"}", ADMIN_A);
    assertThat(operatorKey.statusCode()).isEqualTo(400);
    assertThat(operatorKey.body()).contains("\"field\":\"role\"");
    var otherTenant =
        call(
            "POST",
            "/api/v1/api-keys",
            "{\"name\":\"x\",\"role\":\"PRODUCER\",\"tenant\":\"tenant-b\"}",
            ADMIN_A);
    assertThat(otherTenant.statusCode()).isEqualTo(400);
    assertThat(otherTenant.body()).contains("\"field\":\"tenant\"");

    assertThat(call("DELETE", "/api/v1/api-keys/" + keyId, null, ADMIN_A).statusCode())
        .isEqualTo(200);
    var revoked = call("GET", "/api/v1/tasks", null, key);
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.body()).contains("revoked");
  }

  @Test
  void anAdminCannotRevokeAnOperatorKeyOfItsTenant() {
    var issued =
        call(
            "POST",
            "/api/v1/api-keys",
            "{\"name\":\"ops-a\",\"role\":\"OPERATOR\",\"tenant\":\"tenant-a\"}",
            OPERATOR);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    var key = json(issued).get("apiKey").asString();
    var keyId = json(issued).at("/key/id").asString();

    var byAdmin = call("DELETE", "/api/v1/api-keys/" + keyId, null, ADMIN_A);

    assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(403);
    assertThat(byAdmin.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(byAdmin.body()).contains("OPERATOR");
    assertThat(call("GET", "/api/v1/tasks", null, key).statusCode()).isEqualTo(200);
    assertThat(call("DELETE", "/api/v1/api-keys/" + keyId, null, OPERATOR).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aServerWithConfiguredKeysListensOnEveryInterface() throws Exception {
    var external = OpenModeIT.nonLoopbackAddress();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        external.isPresent(), "this machine has no non-loopback IPv4 address");
    var response =
        send(
            HttpRequest.newBuilder(
                    java.net.URI.create(
                        "http://"
                            + external.get().getHostAddress()
                            + ":"
                            + port
                            + "/api/v1/tasks/stats"))
                .header("X-API-Key", PRODUCER_A)
                .GET()
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void bearerAuthorizationWorksLikeTheApiKeyHeader() {
    var response =
        send(
            HttpRequest.newBuilder(uri("/api/v1/tasks/stats"))
                .header("Authorization", "Bearer " + PRODUCER_A)
                .GET()
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void amqpSubmissionsBelongToTheTenantTheirBrokerUserMapsTo() throws Exception {
    try (var connection = TestBroker.connectionFactory().newConnection("security-it");
        var channel = connection.createChannel()) {
      channel.confirmSelect();
      var marker = UUID.randomUUID().toString();
      var tagged = "{\"type\":\"" + PULL_TYPE + "\",\"tags\":{\"amqp\":\"" + marker + "\"}}";
      // RabbitMQ checks user_id against the connection's user: "guest" cannot be forged.
      publish(channel, tagged, "guest");
      var unmarked = UUID.randomUUID().toString();
      publish(
          channel,
          "{\"type\":\"" + PULL_TYPE + "\",\"tags\":{\"amqp\":\"" + unmarked + "\"}}",
          null);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  total(call("GET", "/api/v1/tasks/stats?tag=amqp:" + marker, null, PRODUCER_A))
                      == 1);
      assertThat(total(call("GET", "/api/v1/tasks/stats?tag=amqp:" + marker, null, PRODUCER_B)))
          .isZero();
      // Without user_id the submission has no tenant: dead-lettered with the reason.
      var deadLetter = new com.rabbitmq.client.GetResponse[1];
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                var r = channel.basicGet(topology.deadLetterQueue(), true);
                if (r != null
                    && new String(r.getBody(), StandardCharsets.UTF_8).contains(unmarked)) {
                  deadLetter[0] = r;
                }
                return deadLetter[0] != null;
              });
      assertThat(deadLetter[0].getProps().getHeaders().get(DeadLetters.REASON_HEADER).toString())
          .contains("user_id");
      assertThat(total(call("GET", "/api/v1/tasks/stats?tag=amqp:" + unmarked, null, OPERATOR)))
          .isZero();
    }
  }

  private void publish(com.rabbitmq.client.Channel channel, String body, String userId)
      throws Exception {
    var props =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .deliveryMode(2)
            .userId(userId)
            .build();
    channel.basicPublish(
        "", topology.submissionsQueue(), props, body.getBytes(StandardCharsets.UTF_8));
    channel.waitForConfirmsOrDie(5000);
  }

  // -- helpers

  private String taskOfA() {
    return submitAs(PRODUCER_A, PULL_TYPE, "matrix:yes");
  }

  private String cancelledTaskOfA() {
    var id = taskOfA();
    var cancel = call("POST", "/api/v1/tasks/" + id + "/cancel", null, ADMIN_A);
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
    return id;
  }

  private String submitAs(String key, String type, String tag) {
    var colon = tag.indexOf(':');
    var body =
        "{\"type\":\""
            + type
            + "\",\"tags\":{\""
            + tag.substring(0, colon)
            + "\":\""
            + tag.substring(colon + 1)
            + "\"}}";
    var response = call("POST", "/api/v1/tasks", body, key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response).get("id").asString();
  }

  private HttpResponse<String> call(String method, String path, String json, String key) {
    var builder =
        HttpRequest.newBuilder(uri(path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      builder.header("Content-Type", "application/json");
    }
    if (key != null) {
      builder.header("X-API-Key", key);
    }
    return send(builder.build());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  private static long total(HttpResponse<String> statsResponse) {
    assertThat(statsResponse.statusCode()).as(statsResponse.body()).isEqualTo(200);
    return json(statsResponse).get("total").asLong();
  }

  private static List<String> ids(JsonNode items) {
    var ids = new ArrayList<String>();
    items.forEach(i -> ids.add(i.get("id").asString()));
    return ids;
  }
}
