package dev.baton.orchestrator.api;

import dev.baton.protocol.TaskStatus;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents the query parameters {@link TaskListParameters} reads, with the constraints it
 * enforces, on every endpoint marked {@link FilterParameters}: springdoc would otherwise show one
 * object parameter named after the Java map, which no client can send.
 */
@Component
class FilterParameterDocs implements OperationCustomizer {

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    var marker = handler.getMethodAnnotation(FilterParameters.class);
    if (marker == null) {
      return operation;
    }
    var parameters = new ArrayList<Parameter>();
    if (operation.getParameters() != null) {
      var maps =
          Arrays.stream(handler.getMethodParameters())
              .filter(p -> MultiValueMap.class.isAssignableFrom(p.getParameterType()))
              .map(p -> p.getParameter().getName())
              .toList();
      operation.getParameters().stream()
          .filter(p -> !maps.contains(p.getName()))
          .forEach(parameters::add);
    }
    parameters.addAll(filters());
    if (marker.paging()) {
      parameters.addAll(paging());
    }
    return operation.parameters(parameters);
  }

  /** The filters, as TaskListParameters.FILTERS reads them. */
  static List<Parameter> filters() {
    var statuses = new StringSchema();
    Arrays.stream(TaskStatus.values()).forEach(s -> statuses.addEnumItem(s.name()));
    var tag = new StringSchema().pattern("^[^:]{1,100}:[\\s\\S]{0,500}$").example("team:search");
    return List.of(
        query(
            "status",
            "Tasks in any of these states: repeat it, or separate states by commas.",
            new ArraySchema().items(statuses)),
        query(
            "type",
            "Tasks of this type.",
            new StringSchema().pattern("^" + TaskListParameters.TYPE.pattern() + "$")),
        query(
            "tag",
            "key:value (split at the first colon); repeat it for more, all must match.",
            new ArraySchema().items(tag).maxItems(TaskListParameters.MAX_TAGS)),
        query(
            "workerId",
            "Tasks this worker holds or last held.",
            new StringSchema().minLength(1).maxLength(TaskListParameters.MAX_WORKER_ID)),
        query(
            "createdAfter",
            "Created at or after this instant (ISO-8601, e.g. 2025-01-31T12:00:00Z).",
            new StringSchema().format("date-time")),
        query(
            "createdBefore",
            "Created before this instant (ISO-8601); later than createdAfter.",
            new StringSchema().format("date-time")));
  }

  /** The page size and the cursor, as TaskListParameters.PAGING reads them. */
  static List<Parameter> paging() {
    Schema<Number> limit =
        new IntegerSchema()
            .minimum(BigDecimal.ONE)
            .maximum(BigDecimal.valueOf(TaskListParameters.MAX_LIMIT));
    limit.setDefault(TaskListParameters.DEFAULT_LIMIT);
    return List.of(
        query("limit", "Page size.", limit),
        query(
            "cursor",
            "The nextCursor of the previous page, unchanged, with the same filters.",
            new StringSchema().minLength(1)));
  }

  private static Parameter query(String name, String description, Schema<?> schema) {
    return new Parameter().in("query").name(name).description(description).schema(schema);
  }
}
