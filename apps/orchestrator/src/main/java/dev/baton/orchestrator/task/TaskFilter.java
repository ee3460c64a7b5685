package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which tasks a list or the stats cover; every part is optional and the parts are ANDed.
 *
 * @param statuses any of these (empty: any status)
 * @param type exactly this type
 * @param tags every one of these tags; the first drives the query (see {@link TaskListQuery})
 * @param workerId held (last) by this worker in the current attempt
 * @param createdFrom created at or after this instant (inclusive)
 * @param createdBefore created before this instant (exclusive)
 * @param tenantId of this tenant only (null: every tenant's — operators)
 */
public record TaskFilter(
    Set<TaskStatus> statuses,
    String type,
    List<Tag> tags,
    String workerId,
    Instant createdFrom,
    Instant createdBefore,
    String tenantId) {

  public static final TaskFilter ALL =
      new TaskFilter(Set.of(), null, List.of(), null, null, null, null);

  public TaskFilter(
      Set<TaskStatus> statuses,
      String type,
      List<Tag> tags,
      String workerId,
      Instant createdFrom,
      Instant createdBefore) {
    this(statuses, type, tags, workerId, createdFrom, createdBefore, null);
  }

  public TaskFilter {
    statuses =
        statuses == null || statuses.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(statuses));
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** This filter, narrowed to one tenant's tasks (null: unchanged, every tenant's). */
  public TaskFilter scopedTo(String tenant) {
    return tenant == null
        ? this
        : new TaskFilter(statuses, type, tags, workerId, createdFrom, createdBefore, tenant);
  }

  /** A tag filter: {@code key} has exactly {@code value}. */
  public record Tag(String key, String value) {}
}
