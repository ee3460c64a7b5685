package dev.baton.orchestrator.legacy;

import dev.baton.orchestrator.security.Callers;
import dev.baton.orchestrator.task.InvalidSubmissionException;
import dev.baton.protocol.Topology;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/tasks/import}: loads records of earlier task stores as tasks. An admin
 * operation; like every endpoint it has no authentication yet (the security issue must cover it).
 */
@RestController
class LegacyImportController {

  /** Records per request; more is a {@code 400} (split the file). */
  static final int MAX_RECORDS = 10_000;

  private final LegacyImport imports;

  LegacyImportController(LegacyImport imports) {
    this.imports = imports;
  }

  /**
   * @param defaultType the type of records that name none
   * @param source names the legacy store; give each store its own when their ids may overlap
   */
  @io.swagger.v3.oas.annotations.Operation(
      summary = "Import legacy task records as history (admin)",
      description =
          "Coerces older status and field names (pending→QUEUED, done→COMPLETED, workerId→assignedAgentId, …). Terminal records are kept as history; non-terminal ones run again. Every record that could not be taken is listed with the reason.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @io.swagger.v3.oas.annotations.media.Content(
                      examples =
                          @io.swagger.v3.oas.annotations.media.ExampleObject(
                              value =
                                  "[{\"id\":\"job-17\",\"status\":\"done\",\"code\":\"export\",\"prompt\":{\"table\":\"users\"},\"workerId\":\"w-3\",\"completedAt\":\"2025-03-01T10:00:00Z\"}]"))))
  @PostMapping("/api/v1/tasks/import")
  ImportResponse importRecords(
      @RequestBody JsonNode body,
      @RequestParam(required = false) String defaultType,
      @RequestParam(required = false) String source) {
    if (body == null || !body.isArray()) {
      throw new InvalidSubmissionException("body", "the body must be a JSON array of records");
    }
    if (body.size() > MAX_RECORDS) {
      throw new InvalidSubmissionException(
          "body", "at most " + MAX_RECORDS + " records per import, got " + body.size());
    }
    if (defaultType != null && !Topology.TASK_TYPE.matcher(defaultType).matches()) {
      throw new InvalidSubmissionException("defaultType", "must match " + Topology.TASK_TYPE);
    }
    if (source != null && !source.matches("[a-zA-Z0-9._-]{1,100}")) {
      throw new InvalidSubmissionException("source", "must match [a-zA-Z0-9._-]{1,100}");
    }
    var records = new ArrayList<JsonNode>(body.size());
    body.forEach(records::add);
    var result = imports.importAll(records, defaultType, source, Callers.current().tenantId());
    return new ImportResponse(result.imported(), result.rejected());
  }

  /** {@code {"imported":n,"rejected":[{"index","legacyId","reason"}]}}. */
  record ImportResponse(int imported, List<LegacyImport.Rejection> rejected) {}
}
