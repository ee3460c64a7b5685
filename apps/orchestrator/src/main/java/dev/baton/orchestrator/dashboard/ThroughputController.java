package dev.baton.orchestrator.dashboard;

import dev.baton.orchestrator.api.ProblemException;
import dev.baton.orchestrator.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Throughput per minute, for the dashboard's chart. */
@Tag(name = "Dashboard", description = "Read models of the admin dashboard served at /")
@RestController
class ThroughputController {

  static final int MAX_MINUTES = 1440;
  static final int DEFAULT_MINUTES = 60;

  private final ThroughputQuery query;

  ThroughputController(ThroughputQuery query) {
    this.query = query;
  }

  @Operation(
      summary = "Tasks submitted, completed and failed per minute",
      description =
          "One bucket per minute for the last `minutes` minutes (the current minute last):"
              + " `submitted` counts tasks created, `completed` and `failed` count attempts that"
              + " ended so (an admin retry that fails again counts again).")
  @ApiResponse(
      responseCode = "400",
      description = "minutes not an integer from 1 to 1440; `errors[].field` is `minutes`",
      content = @Content(mediaType = "application/problem+json"))
  @GetMapping("/api/v1/stats/throughput")
  @Transactional(readOnly = true)
  Throughput throughput(
      @Parameter(
              description = "How many minutes, 1 to 1440",
              schema =
                  @Schema(
                      type = "integer",
                      format = "int32",
                      minimum = "1",
                      maximum = "" + MAX_MINUTES,
                      defaultValue = "" + DEFAULT_MINUTES))
          @RequestParam(required = false)
          String minutes) {
    return new Throughput(query.lastMinutes(minutes(minutes), Callers.current().scope()));
  }

  /** Strict: absent is the default, anything but a whole number in range (empty too) a 400. */
  static int minutes(String text) {
    if (text == null) {
      return DEFAULT_MINUTES;
    }
    if (text.matches("[0-9]{1,4}")) {
      int minutes = Integer.parseInt(text);
      if (minutes >= 1 && minutes <= MAX_MINUTES) {
        return minutes;
      }
    }
    throw ProblemException.invalid(
        "minutes",
        "must be an integer from 1 to "
            + MAX_MINUTES
            + ", got '"
            + (text.length() > 20 ? text.substring(0, 20) + "…" : text)
            + "'");
  }
}
