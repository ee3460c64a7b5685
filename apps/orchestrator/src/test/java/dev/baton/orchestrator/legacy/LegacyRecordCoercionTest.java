package dev.baton.orchestrator.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.legacy.LegacyRecordCoercion.Coerced;
import dev.baton.orchestrator.legacy.LegacyRecordCoercion.Options;
import dev.baton.orchestrator.legacy.LegacyRecordCoercion.Outcome;
import dev.baton.orchestrator.legacy.LegacyRecordCoercion.Rejected;
import dev.baton.orchestrator.task.ImportedTask;
import dev.baton.protocol.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class LegacyRecordCoercionTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Options OPTIONS = new Options("default", null, "", 5, 300, 3);
  private static final String ID = "6f1c2b1e-8d4a-4b5e-9f3a-2c7d1e0b9a81";

  private static Outcome coerce(String json) {
    return coerce(json, OPTIONS);
  }

  private static Outcome coerce(String json, Options options) {
    return LegacyRecordCoercion.coerce(JSON.readTree(json), options);
  }

  /** A record with every required field, plus {@code extra} (a JSON fragment, or empty). */
  private static String record(String status, String extra) {
    return "{\"id\":\"" + ID + "\",\"type\":\"echo\",\"status\":\"" + status + "\"" + extra + "}";
  }

  private static ImportedTask task(String json) {
    return task(json, OPTIONS);
  }

  private static ImportedTask task(String json, Options options) {
    var outcome = coerce(json, options);
    assertThat(outcome).as("outcome of %s", json).isInstanceOf(Coerced.class);
    return ((Coerced) outcome).task();
  }

  private static Rejected rejected(String json) {
    var outcome = coerce(json);
    assertThat(outcome).as("outcome of %s", json).isInstanceOf(Rejected.class);
    return (Rejected) outcome;
  }

  @Nested
  class Statuses {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
      "pending, QUEUED",
      "PENDING, QUEUED",
      "' Pending ', QUEUED",
      "processing, RUNNING",
      "Processing, RUNNING",
      "in_progress, RUNNING",
      "IN_PROGRESS, RUNNING",
      "in-progress, RUNNING",
      "in progress, RUNNING",
      "done, COMPLETED",
      "Done, COMPLETED",
      "success, COMPLETED",
      "SUCCESS, COMPLETED",
      "error, FAILED",
      "ERROR, FAILED",
      "canceled, CANCELLED"
    })
    void olderStatusNamesAreCoercedCaseInsensitively(String legacy, TaskStatus expected) {
      var task = task(record(legacy, ""));

      assertThat(task.status()).isEqualTo(expected);
      assertThat(task.legacyStatus()).isEqualTo(legacy.trim());
    }

    @ParameterizedTest
    @EnumSource(TaskStatus.class)
    void everyV1NameIsKeptInAnyCase(TaskStatus status) {
      assertThat(task(record(status.name(), "")).status()).isEqualTo(status);
      assertThat(task(record(status.name().toLowerCase(), "")).status()).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"finished", "waiting", "in__progress_x", "queued!"})
    void unknownStatusIsRejectedNamingIt(String status) {
      var rejected = rejected(record(status, ""));

      assertThat(rejected.reason()).contains("unknown status '" + status + "'");
      assertThat(rejected.legacyId()).isEqualTo(ID);
    }

    @Test
    void missingBlankOrNonTextStatusIsRejected() {
      assertThat(rejected("{\"id\":\"a\",\"type\":\"t\"}").reason()).contains("no status");
      assertThat(rejected("{\"id\":\"a\",\"type\":\"t\",\"status\":\" \"}").reason())
          .contains("no status");
      assertThat(rejected("{\"id\":\"a\",\"type\":\"t\",\"status\":null}").reason())
          .contains("no status");
      assertThat(rejected("{\"id\":\"a\",\"type\":\"t\",\"status\":3}").reason())
          .contains("status must be a string");
    }
  }

  @Nested
  class Ids {

    @Test
    void uuidIdIsKeptWithoutALegacyIdTag() {
      var task = task(record("done", ""));

      assertThat(task.id()).isEqualTo(UUID.fromString(ID));
      assertThat(task.tags()).doesNotContainKey("legacyId");
    }

    @Test
    void upperCaseUuidIsTheSameId() {
      var task = task("{\"id\":\"" + ID.toUpperCase() + "\",\"type\":\"t\",\"status\":\"done\"}");

      assertThat(task.id()).isEqualTo(UUID.fromString(ID));
    }

    @Test
    void otherIdBecomesANameBasedUuidAndTheLegacyIdTag() {
      var json = "{\"id\":\"job-17\",\"type\":\"t\",\"status\":\"done\"}";

      var task = task(json);

      assertThat(task.id())
          .isEqualTo(
              UUID.nameUUIDFromBytes("baton-legacy::job-17".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(task(json).id());
      assertThat(task.tags()).containsEntry("legacyId", "job-17");
      assertThat(((Coerced) coerce(json)).legacyId()).isEqualTo("job-17");
    }

    @Test
    void integerIdIsALegacyIdToo() {
      var task = task("{\"id\":42,\"type\":\"t\",\"status\":\"done\"}");

      assertThat(task.tags()).containsEntry("legacyId", "42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jobId", "taskId", "task_id"})
    void idAliasesAreRead(String field) {
      var task = task("{\"" + field + "\":\"x1\",\"type\":\"t\",\"status\":\"done\"}");

      assertThat(task.tags()).containsEntry("legacyId", "x1");
    }

    @Test
    void idIsPreferredOverItsAliases() {
      var task = task("{\"jobId\":\"j\",\"id\":\"i\",\"type\":\"t\",\"status\":\"done\"}");

      assertThat(task.tags()).containsEntry("legacyId", "i");
    }

    @Test
    void sourceSeparatesEqualIdsOfTwoStoresAndIsTagged() {
      var json = "{\"id\":\"7\",\"type\":\"t\",\"status\":\"done\"}";
      var fromA = task(json, new Options("default", null, "store-a", 5, 300, 3));
      var fromB = task(json, new Options("default", null, "store-b", 5, 300, 3));

      assertThat(fromA.id()).isNotEqualTo(fromB.id()).isNotEqualTo(task(json).id());
      assertThat(fromA.tags()).containsEntry("legacySource", "store-a");
      assertThat(task(json).tags()).doesNotContainKey("legacySource");
    }

    @Test
    void recordWithoutIdOrWithAStructuredIdIsRejected() {
      assertThat(rejected("{\"type\":\"t\",\"status\":\"done\"}").reason()).contains("no id");
      assertThat(rejected("{\"type\":\"t\",\"status\":\"done\"}").legacyId()).isNull();
      assertThat(rejected("{\"id\":\"\",\"type\":\"t\",\"status\":\"done\"}").reason())
          .contains("id must be");
      assertThat(rejected("{\"id\":{\"a\":1},\"type\":\"t\",\"status\":\"done\"}").reason())
          .contains("id must be");
      assertThat(rejected("{\"id\":1.5,\"type\":\"t\",\"status\":\"done\"}").reason())
          .contains("id must be");
    }
  }

  @Nested
  class Types {

    @ParameterizedTest
    @ValueSource(strings = {"type", "code", "taskType", "task_type"})
    void typeAliasesAreRead(String field) {
      var task = task("{\"id\":\"a\",\"" + field + "\":\"resize\",\"status\":\"done\"}");

      assertThat(task.type()).isEqualTo("resize");
    }

    @Test
    void defaultTypeServesRecordsWithoutOne() {
      var options = new Options("default", "legacy-job", "", 5, 300, 3);

      assertThat(task("{\"id\":\"a\",\"status\":\"done\"}", options).type())
          .isEqualTo("legacy-job");
      assertThat(task("{\"id\":\"a\",\"code\":\"own\",\"status\":\"done\"}", options).type())
          .isEqualTo("own");
    }

    @Test
    void missingTypeWithoutDefaultOrATypeOutsideTheProtocolIsRejected() {
      assertThat(rejected("{\"id\":\"a\",\"status\":\"done\"}").reason()).contains("no type");
      assertThat(rejected("{\"id\":\"a\",\"code\":\"print('hi')\",\"status\":\"done\"}").reason())
          .contains("type 'print('hi')' must match");
    }
  }

  @Nested
  class InputResultAndError {

    @Test
    void inputIsKeptAsJson() {
      var task = task(record("pending", ",\"input\":{\"x\":[1,2]}"));

      assertThat(JSON.readTree(task.inputJson())).isEqualTo(JSON.readTree("{\"x\":[1,2]}"));
    }

    @Test
    void promptOrRequestIsTheInputAndInputWins() {
      assertThat(task(record("pending", ",\"prompt\":\"say hi\"")).inputJson())
          .isEqualTo("\"say hi\"");
      assertThat(task(record("pending", ",\"request\":{\"q\":1}")).inputJson())
          .isEqualTo("{\"q\":1}");
      assertThat(task(record("pending", ",\"prompt\":\"p\",\"input\":{\"i\":1}")).inputJson())
          .isEqualTo("{\"i\":1}");
    }

    @Test
    void absentOrNullInputIsAnEmptyObject() {
      assertThat(task(record("pending", "")).inputJson()).isEqualTo("{}");
      assertThat(task(record("pending", ",\"input\":null")).inputJson()).isEqualTo("{}");
    }

    @Test
    void resultIsKeptForCompletedTasksOnly() {
      assertThat(task(record("done", ",\"result\":{\"ok\":true}")).resultJson())
          .isEqualTo("{\"ok\":true}");
      assertThat(task(record("done", ",\"result\":\"text\"")).resultJson()).isEqualTo("\"text\"");
      assertThat(task(record("done", "")).resultJson()).isNull();
      assertThat(task(record("error", ",\"result\":{\"partial\":1}")).resultJson()).isNull();
      assertThat(task(record("processing", ",\"result\":{\"partial\":1}")).resultJson()).isNull();
    }

    @Test
    void errorMessageBecomesTheErrorOfAFailedTask() {
      var error = task(record("error", ",\"errorMessage\":\"disk full\"")).error();

      assertThat(error.message()).isEqualTo("disk full");
      assertThat(error.type()).isNull();
    }

    @Test
    void errorAsTextOrObjectAndErrorTypeAreRead() {
      assertThat(task(record("failed", ",\"error\":\"boom\"")).error().message()).isEqualTo("boom");
      var structured =
          task(record(
                  "failed",
                  ",\"error\":{\"message\":\"bad input\",\"type\":\"Validation\","
                      + "\"retryable\":false}"))
              .error();
      assertThat(structured.message()).isEqualTo("bad input");
      assertThat(structured.type()).isEqualTo("Validation");
      assertThat(structured.retryable()).isFalse();
      var typed =
          task(record("error", ",\"error_message\":\"m\",\"errorType\":\"IOException\"")).error();
      assertThat(typed.message()).isEqualTo("m");
      assertThat(typed.type()).isEqualTo("IOException");
    }

    @Test
    void errorIsKeptForCancelledAndDroppedOtherwise() {
      assertThat(task(record("cancelled", ",\"errorMessage\":\"by user\"")).error().message())
          .isEqualTo("by user");
      assertThat(task(record("done", ",\"errorMessage\":\"old\"")).error()).isNull();
      assertThat(task(record("pending", ",\"errorMessage\":\"old\"")).error()).isNull();
      assertThat(task(record("error", "")).error()).isNull();
    }

    @Test
    void errorOfAnotherShapeIsRejected() {
      assertThat(rejected(record("error", ",\"error\":[1]")).reason()).contains("error must be");
    }
  }

  @Nested
  class Workers {

    @Test
    void assignedAgentIdIsTheNewerNameAndWinsOverWorkerId() {
      assertThat(task(record("done", ",\"workerId\":\"w1\"")).workerId()).isEqualTo("w1");
      assertThat(task(record("done", ",\"assignedAgentId\":\"a1\"")).workerId()).isEqualTo("a1");
      assertThat(task(record("done", ",\"workerId\":\"w1\",\"assignedAgentId\":\"a1\"")).workerId())
          .isEqualTo("a1");
      assertThat(task(record("done", ",\"worker_id\":\"w2\"")).workerId()).isEqualTo("w2");
      assertThat(task(record("done", ",\"assigned_agent_id\":\"a2\"")).workerId()).isEqualTo("a2");
      assertThat(task(record("done", "")).workerId()).isNull();
    }

    @Test
    void overlongOrNonTextWorkerIsRejected() {
      assertThat(rejected(record("done", ",\"workerId\":\"" + "w".repeat(201) + "\"")).reason())
          .contains("workerId is longer than 200");
      assertThat(rejected(record("done", ",\"workerId\":5")).reason())
          .contains("workerId must be a string");
    }
  }

  @Nested
  class Times {

    private static final Instant AT = Instant.parse("2024-03-05T10:15:30Z");

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "\"2024-03-05T10:15:30Z\"",
          "\"2024-03-05T11:15:30+01:00\"",
          "\"2024-03-05T10:15:30\"",
          "\"2024-03-05 10:15:30\"",
          "1709633730",
          "1709633730000",
          "\"1709633730\"",
          "\"1709633730000\"",
          "1709633730.0"
        })
    void createdAtIsReadInEveryLegacyForm(String value) {
      assertThat(task(record("done", ",\"createdAt\":" + value)).createdAt()).isEqualTo(AT);
    }

    @Test
    void fractionsAreKeptToTheMillisecond() {
      assertThat(task(record("done", ",\"createdAt\":\"2024-03-05 10:15:30.250\"")).createdAt())
          .isEqualTo(AT.plusMillis(250));
      assertThat(task(record("done", ",\"createdAt\":1709633730.25")).createdAt())
          .isEqualTo(AT.plusMillis(250));
    }

    @Test
    void startedAndCompletedAtAndSnakeCaseAreRead() {
      var task =
          task(
              record(
                  "done",
                  ",\"created_at\":\"2024-03-05T10:15:30Z\",\"started_at\":1709633731,"
                      + "\"completedAt\":\"2024-03-05T10:15:32Z\""));

      assertThat(task.createdAt()).isEqualTo(AT);
      assertThat(task.startedAt()).isEqualTo(AT.plusSeconds(1));
      assertThat(task.completedAt()).isEqualTo(AT.plusSeconds(2));
    }

    @Test
    void absentTimesStayAbsent() {
      var task = task(record("done", ""));

      assertThat(task.createdAt()).isNull();
      assertThat(task.startedAt()).isNull();
      assertThat(task.completedAt()).isNull();
    }

    @Test
    void unreadableTimeIsRejectedNamingTheField() {
      assertThat(rejected(record("done", ",\"startedAt\":\"yesterday\"")).reason())
          .contains("startedAt is not a time");
      assertThat(rejected(record("done", ",\"createdAt\":true")).reason())
          .contains("createdAt is not a time");
    }
  }

  @Nested
  class Numbers {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "'' | 300",
          ",\"timeoutSeconds\":45 | 45",
          ",\"timeout_seconds\":46 | 46",
          ",\"timeoutMs\":60000 | 60",
          ",\"timeout_ms\":1500 | 2",
          ",\"timeout\":120 | 120",
          ",\"timeout\":86400 | 86400",
          ",\"timeout\":300000 | 300",
          ",\"timeout\":\"90\" | 90"
        })
    void timeoutIsReadInSecondsOrMilliseconds(String extra, int seconds) {
      assertThat(task(record("pending", extra)).timeoutSeconds()).isEqualTo(seconds);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          ",\"timeoutSeconds\":0",
          ",\"timeoutSeconds\":86401",
          ",\"timeoutMs\":0",
          ",\"timeout\":-5",
          ",\"timeout\":\"soon\"",
          ",\"timeout\":1.5"
        })
    void timeoutOutsideOneSecondToADayIsRejected(String extra) {
      assertThat(rejected(record("pending", extra)).reason()).containsIgnoringCase("timeout");
    }

    @Test
    void priorityAndMaxRetriesAreReadWithinTheirRanges() {
      var task = task(record("pending", ",\"priority\":9,\"max_retries\":\"0\""));

      assertThat(task.priority()).isEqualTo(9);
      assertThat(task.maxRetries()).isZero();
      assertThat(task(record("pending", ",\"maxRetries\":100")).maxRetries()).isEqualTo(100);
      var defaults = task(record("pending", ""));
      assertThat(defaults.priority()).isEqualTo(5);
      assertThat(defaults.maxRetries()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          ",\"priority\":10",
          ",\"priority\":-1",
          ",\"priority\":\"high\"",
          ",\"maxRetries\":101"
        })
    void priorityOrMaxRetriesOutOfRangeIsRejected(String extra) {
      assertThat(rejected(record("pending", extra)).reason()).contains("must be");
    }
  }

  @Nested
  class Tags {

    @Test
    void scalarTagsAreKeptAsTextAndNullsDropped() {
      var task =
          task(record("done", ",\"tags\":{\"team\":\"a\",\"n\":3,\"flag\":true,\"gone\":null}"));

      assertThat(task.tags())
          .containsEntry("team", "a")
          .containsEntry("n", "3")
          .containsEntry("flag", "true")
          .doesNotContainKey("gone");
    }

    @Test
    void legacyIdJoinsTheRecordsOwnTags() {
      var task = task("{\"id\":\"j9\",\"type\":\"t\",\"status\":\"done\",\"tags\":{\"a\":\"b\"}}");

      assertThat(task.tags()).containsEntry("a", "b").containsEntry("legacyId", "j9");
    }

    @Test
    void structuredTagValuesOrTagsOfAnotherShapeAreRejected() {
      assertThat(rejected(record("done", ",\"tags\":{\"a\":{\"b\":1}}")).reason())
          .contains("tag 'a' must be a string");
      assertThat(rejected(record("done", ",\"tags\":[\"a\"]")).reason())
          .contains("tags must be an object");
    }
  }

  @Nested
  class Records {

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "3", "null"})
    void nonObjectIsRejected(String json) {
      var rejected = rejected(json);

      assertThat(rejected.reason()).contains("must be a JSON object");
      assertThat(rejected.legacyId()).isNull();
    }

    @Test
    void unknownFieldsAreIgnoredAndTheTenantComesFromTheOptions() {
      var task = task(record("done", ",\"requiredCpu\":2,\"fileUrl\":\"/x.zip\""));

      assertThat(task.tenantId()).isEqualTo("default");
    }

    @Test
    void aPhaseTwoJobOfTheRegistryIsImported() {
      var json =
          "{\"jobId\":\"j1\",\"status\":\"pending\",\"workerId\":\"w1\",\"command\":\"npm run"
              + " build\",\"timeoutMs\":600000,\"createdAt\":1709633730000}";

      var task = task(json, new Options("default", "build", "", 5, 300, 3));

      assertThat(task.status()).isEqualTo(TaskStatus.QUEUED);
      assertThat(task.type()).isEqualTo("build");
      assertThat(task.workerId()).isEqualTo("w1");
      assertThat(task.timeoutSeconds()).isEqualTo(600);
      assertThat(task.tags()).containsEntry("legacyId", "j1");
    }

    @Test
    void aQueueIntegratedTaskEntityIsImported() {
      var json =
          "{\"id\":\""
              + ID
              + "\",\"status\":\"done\",\"code\":\"summarise\",\"prompt\":\"the text\","
              + "\"timeout\":30,\"workerId\":\"w7\",\"result\":{\"summary\":\"s\"},"
              + "\"errorMessage\":null,\"createdAt\":\"2024-03-05T10:15:30.000Z\","
              + "\"startedAt\":\"2024-03-05T10:15:31.000Z\","
              + "\"completedAt\":\"2024-03-05T10:15:32.000Z\"}";

      var task = task(json);

      assertThat(task.id()).isEqualTo(UUID.fromString(ID));
      assertThat(task.type()).isEqualTo("summarise");
      assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(task.legacyStatus()).isEqualTo("done");
      assertThat(task.inputJson()).isEqualTo("\"the text\"");
      assertThat(task.resultJson()).isEqualTo("{\"summary\":\"s\"}");
      assertThat(task.error()).isNull();
      assertThat(task.timeoutSeconds()).isEqualTo(30);
      assertThat(task.completedAt()).isEqualTo(Instant.parse("2024-03-05T10:15:32Z"));
    }
  }
}
