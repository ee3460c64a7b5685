package dev.baton.orchestrator.dashboard;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Queue depths per task type, for the dashboard's overview. */
@Tag(name = "Dashboard", description = "Read models of the admin dashboard served at /")
@RestController
class QueueController {

  private final QueueDepths depths;

  QueueController(QueueDepths depths) {
    this.depths = depths;
  }

  @Operation(
      summary = "Messages waiting and consumers of each task type's queue",
      description =
          "Every task type known from the definition registry or from stored tasks (at most 200,"
              + " by name). `declared` is false for a type whose queue does not exist yet. When"
              + " the broker does not answer, the answer is still 200: `brokerAvailable` is false"
              + " and `messages` and `consumers` are null.")
  @GetMapping("/api/v1/queues")
  List<QueueDepth> queues() {
    return depths.all();
  }
}
