package dev.baton.orchestrator.dashboard;

import dev.baton.orchestrator.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Throughput per minute, for the dashboard's chart. */
@Tag(name = "Dashboard", description = "Read models of the admin dashboard served at /")
@RestController
class ThroughputController {

  static final int MAX_MINUTES = 1440;

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
      description = "minutes outside 1..1440",
      content = @Content(mediaType = "application/problem+json"))
  @GetMapping("/api/v1/stats/throughput")
  @Transactional(readOnly = true)
  Throughput throughput(
      @Parameter(description = "How many minutes, 1 to 1440") @RequestParam(defaultValue = "60")
          int minutes) {
    if (minutes < 1 || minutes > MAX_MINUTES) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "minutes must be from 1 to " + MAX_MINUTES);
    }
    return new Throughput(query.lastMinutes(minutes, Callers.current().scope()));
  }
}
