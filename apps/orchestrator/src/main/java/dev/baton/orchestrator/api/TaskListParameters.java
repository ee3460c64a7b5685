package dev.baton.orchestrator.api;

import dev.baton.orchestrator.api.ProblemHandler.FieldError;
import dev.baton.orchestrator.persistence.InstantMillisConverter;
import dev.baton.orchestrator.task.TaskFilter;
import dev.baton.protocol.TaskStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.util.MultiValueMap;

/**
 * Reads the query parameters of {@code GET /api/v1/tasks} and {@code /stats} into a {@link
 * TaskFilter}. Strict, as filters must be: an unknown parameter, a repeated single one, an unknown
 * status, a malformed tag or instant, a limit outside 1–500 are all refused at once ({@code 400}
 * naming each), never guessed at or adjusted. The GraphQL task queries read their arguments through
 * it too, so both APIs accept the same filters.
 */
public final class TaskListParameters {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  static final int MAX_TAGS = 10;
  static final int MAX_WORKER_ID = 200;
  static final Pattern TYPE = Pattern.compile("[a-zA-Z0-9._-]{1,100}");
  static final Set<String> FILTERS =
      Set.of("status", "type", "tag", "workerId", "createdAfter", "createdBefore");
  static final Set<String> PAGING = Set.of("limit", "cursor");

  /** A list request: the filter, the page size and the cursor as given (null: first page). */
  public record ListRequest(TaskFilter filter, int limit, String cursor) {}

  private final MultiValueMap<String, String> params;
  private final List<FieldError> errors = new ArrayList<>();

  private TaskListParameters(MultiValueMap<String, String> params, Set<String> known) {
    this.params = params;
    for (var name : new TreeSet<>(params.keySet())) {
      if (!known.contains(name)) {
        errors.add(
            new FieldError(
                name,
                "is not a parameter here; known: " + String.join(", ", new TreeSet<>(known))));
      }
    }
  }

  public static ListRequest forList(MultiValueMap<String, String> params) {
    var known = new HashSet<>(FILTERS);
    known.addAll(PAGING);
    var p = new TaskListParameters(params, known);
    var filter = p.filter();
    var limit = p.limit();
    var cursor = p.single("cursor");
    p.throwIfInvalid();
    return new ListRequest(filter, limit, cursor);
  }

  public static TaskFilter forStats(MultiValueMap<String, String> params) {
    var p = new TaskListParameters(params, FILTERS);
    var filter = p.filter();
    p.throwIfInvalid();
    return filter;
  }

  private TaskFilter filter() {
    var type = single("type");
    if (type != null && !TYPE.matcher(type).matches()) {
      error("type", "must match " + TYPE.pattern());
    }
    var workerId = single("workerId");
    if (workerId != null && workerId.length() > MAX_WORKER_ID) {
      error("workerId", "must be at most " + MAX_WORKER_ID + " characters");
    }
    var from = instant("createdAfter");
    var before = instant("createdBefore");
    if (from != null && before != null && !before.isAfter(from)) {
      error("createdBefore", "must be later than createdAfter");
    }
    return new TaskFilter(statuses(), type, tags(), workerId, from, before);
  }

  /** Repeatable ({@code status=QUEUED&status=RUNNING}); a comma-separated list also works. */
  private Set<TaskStatus> statuses() {
    var statuses = EnumSet.noneOf(TaskStatus.class);
    for (var value : all("status")) {
      for (var name : value.split(",", -1)) {
        var status = statusNamed(name);
        if (status == null) {
          error(
              "status",
              "must be one of "
                  + Arrays.stream(TaskStatus.values())
                      .map(Enum::name)
                      .collect(Collectors.joining(", "))
                  + "; got '"
                  + name
                  + "'");
        } else {
          statuses.add(status);
        }
      }
    }
    return statuses;
  }

  private static TaskStatus statusNamed(String name) {
    for (var status : TaskStatus.values()) {
      if (status.name().equals(name)) {
        return status;
      }
    }
    return null;
  }

  /** Repeatable, ANDed; {@code key:value}, split at the first colon; order kept (first drives). */
  private List<TaskFilter.Tag> tags() {
    var tags = new LinkedHashSet<TaskFilter.Tag>();
    for (var value : all("tag")) {
      int colon = value.indexOf(':');
      if (colon < 1) {
        error("tag", "must be key:value with a non-empty key; got '" + value + "'");
        continue;
      }
      var key = value.substring(0, colon);
      var tagValue = value.substring(colon + 1);
      if (key.length() > 100 || tagValue.length() > 500) {
        error("tag", "keys have at most 100 characters and values at most 500");
        continue;
      }
      tags.add(new TaskFilter.Tag(key, tagValue));
    }
    if (tags.size() > MAX_TAGS) {
      error("tag", "at most " + MAX_TAGS + " tag filters");
    }
    return List.copyOf(tags);
  }

  private Instant instant(String name) {
    var value = single(name);
    if (value == null) {
      return null;
    }
    try {
      var instant = Instant.parse(value);
      if (InstantMillisConverter.storable(instant)) {
        return instant;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    error(
        name,
        "must be an ISO-8601 instant from "
            + InstantMillisConverter.STORABLE_RANGE
            + ", e.g. 2025-01-31T12:00:00Z; got '"
            + value
            + "'");
    return null;
  }

  private int limit() {
    var value = single("limit");
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    error("limit", "must be an integer from 1 to " + MAX_LIMIT + "; got '" + value + "'");
    return DEFAULT_LIMIT;
  }

  /** A parameter given at most once and not empty, or null when absent. */
  private String single(String name) {
    var values = all(name);
    if (values.size() > 1) {
      error(name, "must be given at most once");
      return null;
    }
    return values.isEmpty() ? null : values.get(0);
  }

  /**
   * Every value of a parameter; empty values are refused, and NUL characters, which no filter value
   * has and PostgreSQL cannot compare (GraphQL arguments come here without the REST query check).
   */
  private List<String> all(String name) {
    var values = params.getOrDefault(name, List.of());
    var present = new ArrayList<String>(values.size());
    for (var value : values) {
      if (value == null || value.isEmpty()) {
        error(name, "must not be empty");
      } else if (value.indexOf('\0') >= 0) {
        error(name, "must not contain NUL (U+0000)");
      } else {
        present.add(value);
      }
    }
    return present;
  }

  private void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  private void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw ProblemException.invalid("The request has invalid parameters.", errors);
    }
  }
}
