package dev.baton.orchestrator.graphql;

import dev.baton.protocol.TaskStatus;
import java.util.List;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The {@code TaskFilter} input: the REST list's filters under GraphQL names. */
record TaskFilterInput(
    List<TaskStatus> status,
    String type,
    List<String> tags,
    String workerId,
    String createdAfter,
    String createdBefore) {

  /**
   * The filter as the REST list's query parameters, so that one parser validates both APIs alike.
   */
  MultiValueMap<String, String> toParameters() {
    var params = new LinkedMultiValueMap<String, String>();
    if (status != null) {
      status.forEach(s -> params.add("status", s.name()));
    }
    if (tags != null) {
      params.addAll("tag", tags);
    }
    addIfPresent(params, "type", type);
    addIfPresent(params, "workerId", workerId);
    addIfPresent(params, "createdAfter", createdAfter);
    addIfPresent(params, "createdBefore", createdBefore);
    return params;
  }

  private static void addIfPresent(
      MultiValueMap<String, String> params, String name, String value) {
    if (value != null) {
      params.add(name, value);
    }
  }
}
