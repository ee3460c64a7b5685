package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.ProtocolCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ViewsTest {

  private final ProtocolCodec codec = new ProtocolCodec();

  private JsonNode json(String text) {
    return codec.mapper().readTree(text);
  }

  @Test
  void tableAlignsColumnsAndShowsMissingValuesAsDashes() {
    var text = new Table("ID", "STATUS", "WORKER").row("a", "QUEUED", null).row("bbbb", "", "w1");

    assertThat(text.render())
        .isEqualTo("ID    STATUS  WORKER\n" + "a     QUEUED  -\n" + "bbbb  -       w1\n");
  }

  @Test
  void tasksTableShowsOneLinePerTaskWithSortedTags() {
    var tasks =
        json(
            "[{\"id\":\"t1\",\"type\":\"echo\",\"status\":\"COMPLETED\",\"priority\":5,\"attempt\":1,"
                + "\"workerId\":\"w1\",\"createdAt\":\"2025-01-01T00:00:00Z\","
                + "\"tags\":{\"team\":\"search\",\"env\":\"prod\"}}]");

    assertThat(Views.tasks(tasks))
        .isEqualTo(
            "ID  TYPE  STATUS     PRI  ATTEMPT  WORKER  CREATED               TAGS\n"
                + "t1  echo  COMPLETED  5    1        w1      2025-01-01T00:00:00Z  env=prod,team=search\n");
  }

  @Test
  void statsListEveryStateInStateMachineOrderAndTheWorkers() {
    var stats =
        json(
            "{\"total\":3,\"byStatus\":{\"COMPLETED\":2,\"FAILED\":1},"
                + "\"workers\":{\"IDLE\":1,\"BUSY\":0}}");

    var text = Views.stats(stats);

    assertThat(text).startsWith("STATUS     TASKS\nSCHEDULED  0\nSUBMITTED  0\n");
    assertThat(text).contains("COMPLETED  2\nFAILED     1\nCANCELLED  0\nTOTAL      3\n");
    assertThat(text).endsWith("workers: IDLE 1, BUSY 0, UNHEALTHY 0, OFFLINE 0\n");
  }

  @Test
  void progressNamesOnlyTheStatesThatHaveTasks() {
    assertThat(Views.progress(12, Map.of("FAILED", 1L, "COMPLETED", 10L, "RUNNING", 1L)))
        .isEqualTo("12 tasks: 1 RUNNING, 10 COMPLETED, 1 FAILED");
    assertThat(Views.progress(0, Map.of())).isEqualTo("0 tasks");
  }

  @Test
  void importSummaryListsEachRejectionWithItsReason() {
    var rejected =
        List.of(json("{\"index\":1,\"legacyId\":\"job-2\",\"reason\":\"unknown status 'weird'\"}"));

    assertThat(Views.importSummary(1, rejected))
        .isEqualTo("imported 1, rejected 1\n  record 1 (job-2): unknown status 'weird'\n");
  }

  @Test
  void problemDetailsShowTheDetailAndEveryFieldError() {
    var problem =
        json(
            "{\"title\":\"Invalid input\",\"status\":400,\"detail\":\"The request has invalid fields.\","
                + "\"errors\":[{\"field\":\"priority\",\"message\":\"must be between 0 and 9\"},"
                + "{\"field\":\"type\",\"message\":\"must not be blank\"}]}");

    assertThat(ApiErrors.describe(400, problem, "", "POST", "http://h/api/v1/tasks"))
        .isEqualTo(
            "The request has invalid fields. (HTTP 400 from POST http://h/api/v1/tasks)\n"
                + "  priority: must be between 0 and 9\n"
                + "  type: must not be blank");
    assertThat(ApiErrors.describe(502, null, "Bad gateway", "GET", "http://h/x"))
        .isEqualTo("Bad gateway (HTTP 502 from GET http://h/x)");
  }

  @Test
  void httpStatusesMapToExitCodes() {
    assertThat(ExitCodes.forHttpStatus(400)).isEqualTo(ExitCodes.CLIENT_ERROR).isEqualTo(3);
    assertThat(ExitCodes.forHttpStatus(404)).isEqualTo(3);
    assertThat(ExitCodes.forHttpStatus(409)).isEqualTo(3);
    assertThat(ExitCodes.forHttpStatus(500)).isEqualTo(ExitCodes.SERVER_ERROR).isEqualTo(4);
    assertThat(ExitCodes.forHttpStatus(503)).isEqualTo(4);
  }

  @Test
  void fileDefaultsFillWhatATaskLeavesOutAndTagsMerge() {
    var task = (ObjectNode) json("{\"type\":\"a\",\"tags\":{\"team\":\"mine\"}}");
    var defaults =
        (ObjectNode)
            json("{\"type\":\"b\",\"priority\":7,\"tags\":{\"team\":\"x\",\"run\":\"r1\"}}");

    SubmitCommand.applyDefaults(task, defaults);

    assertThat(task)
        .isEqualTo(
            json("{\"type\":\"a\",\"tags\":{\"team\":\"mine\",\"run\":\"r1\"},\"priority\":7}"));
  }

  @Test
  void durationsReadShortFormsAndIso() {
    var converter = new DurationConverter();
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(converter.convert("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(converter.convert("PT1H")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void progressBarLine() {
    assertThat(ProgressBar.line(1_000, 2_500, "submitted"))
        .isEqualTo("[############------------------] 1000/2500 40% submitted");
  }
}
