package dev.baton.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of bad input the task API can meet, old endpoints and new: each answers an {@code
 * application/problem+json} with its status and the field at fault, and none a 500.
 */
class ApiErrorsIT extends OrchestratorIT {

  private static final String TASKS = "/api/v1/tasks";
  private static final String SOME_ID = "/api/v1/tasks/" + UUID.randomUUID();
  private static final int MIB = 1024 * 1024;

  /**
   * One bad request a line: name | method | path ({id}: an unknown task; {forged}: a cursor of the
   * right shape that the server did not sign) | body (blank: none; ``: empty) | status | field.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          malformed JSON                | POST   | /api/v1/tasks | {"type":                                       | 400 |
          empty body                    | POST   | /api/v1/tasks | ``                                             | 400 |
          JSON null body                | POST   | /api/v1/tasks | null                                           | 400 |
          array body                    | POST   | /api/v1/tasks | []                                             | 400 |
          priority of the wrong type    | POST   | /api/v1/tasks | {"type":"t","priority":"high"}                 | 400 | priority
          priority a string of digits   | POST   | /api/v1/tasks | {"type":"t","priority":"5"}                    | 400 | priority
          priority a boolean            | POST   | /api/v1/tasks | {"type":"t","priority":true}                   | 400 | priority
          priority a fraction           | POST   | /api/v1/tasks | {"type":"t","priority":1.5}                    | 400 | priority
          priority overflowing int      | POST   | /api/v1/tasks | {"type":"t","priority":99999999999}            | 400 | priority
          type an object                | POST   | /api/v1/tasks | {"type":{}}                                    | 400 | type
          tags an array                 | POST   | /api/v1/tasks | {"type":"t","tags":["a"]}                      | 400 | tags
          tag value a number            | POST   | /api/v1/tasks | {"type":"t","tags":{"a":7}}                    | 400 | tags.a
          tag value null                | POST   | /api/v1/tasks | {"type":"t","tags":{"a":null}}                 | 400 | tags[a]
          runAt not an instant          | POST   | /api/v1/tasks | {"type":"t","runAt":"soon"}                    | 400 | runAt
          runAt beyond year 9999        | POST   | /api/v1/tasks | {"type":"t","runAt":"+100000-01-01T00:00:00Z"} | 400 | runAt
          priority above 9              | POST   | /api/v1/tasks | {"type":"t","priority":10}                     | 400 | priority
          priority below 0              | POST   | /api/v1/tasks | {"type":"t","priority":-1}                     | 400 | priority
          type missing                  | POST   | /api/v1/tasks | {}                                             | 400 | type
          backoff max below initial     | POST   | /api/v1/tasks | {"type":"t","backoff":{"initialMs":10,"maxMs":1}} | 400 | backoff.maxMs
          batch without tasks           | POST   | /api/v1/tasks/batch | {}                                       | 400 | tasks
          batch of nothing              | POST   | /api/v1/tasks/batch | {"tasks":[]}                             | 400 | tasks
          batch tasks not an array      | POST   | /api/v1/tasks/batch | {"tasks":"x"}                            | 400 | tasks
          batch item out of range       | POST   | /api/v1/tasks/batch | {"tasks":[{"type":"t"},{"type":"t","priority":10}]} | 400 | tasks[1].priority
          batch item of the wrong type  | POST   | /api/v1/tasks/batch | {"tasks":[{"type":"t","maxRetries":"x"}]} | 400 | tasks[0].maxRetries
          batch item null               | POST   | /api/v1/tasks/batch | {"tasks":[null]}                         | 400 | tasks[0]
          batch malformed JSON          | POST   | /api/v1/tasks/batch | {"tasks":[{]}                            | 400 |
          unknown status                | GET    | /api/v1/tasks?status=DONE            |                         | 400 | status
          lower-case status             | GET    | /api/v1/tasks?status=queued          |                         | 400 | status
          empty status                  | GET    | /api/v1/tasks?status=                |                         | 400 | status
          tag without colon             | GET    | /api/v1/tasks?tag=team               |                         | 400 | tag
          tag without key               | GET    | /api/v1/tasks?tag=:a                 |                         | 400 | tag
          limit 0                       | GET    | /api/v1/tasks?limit=0                |                         | 400 | limit
          limit 501                     | GET    | /api/v1/tasks?limit=501              |                         | 400 | limit
          limit not a number            | GET    | /api/v1/tasks?limit=ten              |                         | 400 | limit
          limit twice                   | GET    | /api/v1/tasks?limit=5&limit=6        |                         | 400 | limit
          createdAfter not an instant   | GET    | /api/v1/tasks?createdAfter=yesterday |                         | 400 | createdAfter
          createdBefore a date only     | GET    | /api/v1/tasks?createdBefore=2025-01-01 |                       | 400 | createdBefore
          empty created range           | GET    | /api/v1/tasks?createdAfter=2025-01-02T00:00:00Z&createdBefore=2025-01-01T00:00:00Z | | 400 | createdBefore
          type filter malformed         | GET    | /api/v1/tasks?type=a%20b             |                         | 400 | type
          unknown parameter             | GET    | /api/v1/tasks?statuses=QUEUED        |                         | 400 | statuses
          garbage cursor                | GET    | /api/v1/tasks?cursor=not-a-cursor    |                         | 400 | cursor
          forged cursor                 | GET    | /api/v1/tasks?cursor={forged}        |                         | 400 | cursor
          stats unknown status          | GET    | /api/v1/tasks/stats?status=DONE      |                         | 400 | status
          stats bad tag                 | GET    | /api/v1/tasks/stats?tag=nocolon      |                         | 400 | tag
          stats takes no limit          | GET    | /api/v1/tasks/stats?limit=5          |                         | 400 | limit
          unknown id                    | GET    | /api/v1/tasks/{id}                   |                         | 404 |
          unknown id, events            | GET    | /api/v1/tasks/{id}/events            |                         | 404 |
          unknown id, cancel            | POST   | /api/v1/tasks/{id}/cancel            | ``                      | 404 |
          unknown id, retry             | POST   | /api/v1/tasks/{id}/retry             | ``                      | 404 |
          unknown id, patch             | PATCH  | /api/v1/tasks/{id}                   | {"priority":1}          | 404 |
          unknown id, delete            | DELETE | /api/v1/tasks/{id}                   |                         | 404 |
          malformed id                  | GET    | /api/v1/tasks/not-a-uuid             |                         | 400 | id
          malformed id, events          | GET    | /api/v1/tasks/not-a-uuid/events      |                         | 400 | id
          malformed id, cancel          | POST   | /api/v1/tasks/not-a-uuid/cancel      | ``                      | 400 | id
          malformed id, patch           | PATCH  | /api/v1/tasks/not-a-uuid             | {"priority":1}          | 400 | id
          malformed id, delete          | DELETE | /api/v1/tasks/not-a-uuid             |                         | 400 | id
          patch priority out of range   | PATCH  | /api/v1/tasks/{id}                   | {"priority":10}         | 400 | priority
          patch priority wrong type     | PATCH  | /api/v1/tasks/{id}                   | {"priority":"high"}     | 400 | priority
          patch tag value a number      | PATCH  | /api/v1/tasks/{id}                   | {"tags":{"a":1.5e3}}    | 400 | tags.a
          patch tag value null          | PATCH  | /api/v1/tasks/{id}                   | {"tags":{"a":null}}     | 400 | tags[a]
          patch of another field        | PATCH  | /api/v1/tasks/{id}                   | {"priority":1,"status":"QUEUED"} | 400 | status
          patch of nothing              | PATCH  | /api/v1/tasks/{id}                   | {}                      | 400 | priority
          patch malformed JSON          | PATCH  | /api/v1/tasks/{id}                   | {"priority"             | 400 |
          method not allowed            | PUT    | /api/v1/tasks/{id}                   | {}                      | 405 |
          unknown path                  | GET    | /api/v1/nothing-here                 |                         | 404 |
          """)
  void badInputIsAProblemNamingTheField(
      String name, String method, String path, String body, int status, String field) {
    var resolved = path.replace("{id}", UUID.randomUUID().toString()).replace("{forged}", forged());
    assertProblem(request(method, resolved, body), status, field);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          priority a string  | /api/v1/tasks       | {"type":"t","priority":"high"}      | priority          | must be an integer
          tag value a number | /api/v1/tasks       | {"type":"t","tags":{"a":7}}         | tags.a            | must be a string
          runAt not instant  | /api/v1/tasks       | {"type":"t","runAt":"soon"}         | runAt             | must be an ISO-8601 instant, e.g. 2025-01-31T12:00:00Z
          tags not an object | /api/v1/tasks       | {"type":"t","tags":"a"}             | tags              | must be a JSON object
          batch item a number| /api/v1/tasks/batch | {"tasks":[42]}                      | tasks[0]          | must be a JSON object
          batch not an array | /api/v1/tasks/batch | {"tasks":{}}                        | tasks             | must be a JSON array
          """)
  void wrongJsonTypeSaysWhatWasExpectedWithoutJavaNames(
      String name, String path, String body, String field, String message) {
    var response = post(path, body);

    assertProblem(response, 400, field);
    var error = JSON.readTree(response.body()).get("errors").get(0);
    assertThat(error.get("message").asString()).isEqualTo(message);
  }

  @Test
  void bodyOfTheWrongMediaTypeIsA415Problem() {
    var response =
        send(
            HttpRequest.newBuilder(uri(TASKS))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"t\"}"))
                .build());

    assertProblem(response, 415, null);
  }

  static Stream<Arguments> oversizeBodies() {
    return Stream.of(
        Arguments.of("POST", TASKS),
        Arguments.of("POST", TASKS + "/batch"),
        Arguments.of("PATCH", SOME_ID));
  }

  @ParameterizedTest(name = "{0} {1}, declared length")
  @MethodSource("oversizeBodies")
  void bodyOverTheLimitIsA413(String method, String path) {
    var response = request(method, path, oversizeJson());

    assertProblem(response, 413, "body");
  }

  @ParameterizedTest(name = "{0} {1}, chunked")
  @MethodSource("oversizeBodies")
  void chunkedBodyOverTheLimitIsA413(String method, String path) {
    var bytes = oversizeJson().getBytes(StandardCharsets.UTF_8);
    var response =
        send(
            HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .method(
                    method,
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build());

    assertProblem(response, 413, "body");
  }

  @Test
  void bodyJustUnderTheLimitIsRead() {
    var padding = "x".repeat(MIB - 200);
    var response = post(TASKS, "{\"type\":\"t\",\"input\":{\"pad\":\"" + padding + "\"}}");

    assertThat(response.statusCode()).isEqualTo(201);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          submission | POST  | /api/v1/tasks
          batch      | POST  | /api/v1/tasks/batch
          patch      | PATCH | /api/v1/tasks/{id}
          """)
  void bodyNestedDeeperThanTheLimitIsA400SayingTheLimit(String name, String method, String path) {
    var deep = "[".repeat(70) + "]".repeat(70);
    var body =
        name.equals("batch")
            ? "{\"tasks\":[{\"type\":\"t\",\"input\":" + deep + "}]}"
            : "{\"type\":\"t\",\"input\":" + deep + "}";

    var response = request(method, path.replace("{id}", UUID.randomUUID().toString()), body);

    assertProblem(response, 400, null);
    assertThat(JSON.readTree(response.body()).get("detail").asString())
        .isEqualTo("The request body is nested more than 64 levels deep.");
  }

  @Test
  void bodyNestedUpToTheLimitIsRead() {
    // The body is level 1 and "input" level 2, so 62 more arrays reach exactly 64.
    var deep = "[".repeat(62) + "]".repeat(62);

    assertThat(post(TASKS, "{\"type\":\"t\",\"input\":{\"a\":" + deep + "}}").statusCode())
        .isEqualTo(201);
  }

  @Test
  void changedCursorIsRefused() {
    var cursor = firstCursor("");
    var bytes = Base64.getUrlDecoder().decode(cursor);
    bytes[5] ^= 1; // another position, same signature

    assertProblem(get(TASKS + "?limit=1&cursor=" + encode(bytes)), 400, "cursor");
    var changedSignature = Base64.getUrlDecoder().decode(cursor);
    changedSignature[changedSignature.length - 1] ^= 1;
    assertProblem(get(TASKS + "?limit=1&cursor=" + encode(changedSignature)), 400, "cursor");
    // Base64 has spare bits: another text for the same bytes is not the cursor issued either.
    var last = cursor.charAt(cursor.length() - 1);
    var sameBytes = cursor.substring(0, cursor.length() - 1) + (char) (last ^ 1);
    assertProblem(get(TASKS + "?limit=1&cursor=" + sameBytes), 400, "cursor");
    assertThat(get(TASKS + "?limit=1&cursor=" + cursor).statusCode()).isEqualTo(200);
  }

  @Test
  void cursorOfAListWithOtherFiltersIsRefused() {
    var cursor = firstCursor("&type=t");

    assertProblem(get(TASKS + "?limit=1&cursor=" + cursor), 400, "cursor");
    assertProblem(get(TASKS + "?limit=1&type=api-echo&cursor=" + cursor), 400, "cursor");
    assertThat(get(TASKS + "?limit=7&type=t&cursor=" + cursor).statusCode())
        .as("the page size may change")
        .isEqualTo(200);
  }

  @Test
  void everyBadParameterIsNamedInOneAnswer() {
    var response = get(TASKS + "?status=DONE&limit=0&tag=x&createdAfter=now&color=red");

    assertProblem(response, 400, null);
    assertThat(fields(response))
        .containsExactlyInAnyOrder("color", "status", "limit", "tag", "createdAfter");
  }

  private String firstCursor(String filters) {
    submit("{\"type\":\"t\"}");
    submit("{\"type\":\"t\"}");
    var page = getJson(TASKS + "?limit=1" + filters);
    return page.get("nextCursor").asString();
  }

  private static String forged() {
    var bytes = new byte[41];
    bytes[0] = 1;
    return encode(bytes);
  }

  private static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String oversizeJson() {
    return "{\"type\":\"t\",\"input\":{\"pad\":\"" + "x".repeat(MIB + 100_000) + "\"}}";
  }

  private static void assertProblem(HttpResponse<String> response, int status, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    var problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asString()).isNotBlank();
    assertThat(problem.get("detail").asString()).isNotBlank();
    if (field != null) {
      assertThat(fields(response)).contains(field);
    }
  }

  private static List<String> fields(HttpResponse<String> response) {
    var fields = new ArrayList<String>();
    var errors = JSON.readTree(response.body()).get("errors");
    if (errors != null) {
      errors.forEach(e -> fields.add(e.get("field").asString()));
    }
    return fields;
  }
}
