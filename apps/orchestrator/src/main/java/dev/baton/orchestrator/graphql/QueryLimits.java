package dev.baton.orchestrator.graphql;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * Refuses a request over the {@link GraphQlLimits} before anything runs: one walk over the
 * operation (fragments expanded, variables applied) measures its depth, its aliases and its cost,
 * and the first limit passed answers one {@code BAD_REQUEST} error naming the limit and its
 * setting, with no data. (Introspection is also bounded by graphql-java's own good-faith check.)
 */
@Component
class QueryLimits extends SimplePerformantInstrumentation {

  /** What {@code stats} costs: it counts over the tasks its filter covers. */
  static final int STATS_COST = 100;

  private static final int DEFAULT_FIRST = 50;
  private static final int MAX_FIRST = 500;

  private final GraphQlLimits limits;

  QueryLimits(GraphQlLimits limits) {
    this.limits = limits;
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
      InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    var context = parameters.getExecutionContext();
    var traverser =
        QueryTraverser.newQueryTraverser()
            .schema(context.getGraphQLSchema())
            .document(context.getDocument())
            .operationName(context.getExecutionInput().getOperationName())
            .coercedVariables(context.getCoercedVariables())
            .build();
    var measure = traverser.reducePreOrder(QueryLimits::add, new Measure(0, 0, 0));
    check(measure);
    return SimpleInstrumentationContext.noOp();
  }

  /** Depth, aliases and cost of a walk so far. */
  record Measure(int depth, int aliases, long cost) {}

  private static Measure add(QueryVisitorFieldEnvironment field, Measure so) {
    return new Measure(
        Math.max(so.depth, depth(field)),
        so.aliases + (field.getField().getAlias() != null ? 1 : 0),
        so.cost + cost(field));
  }

  private void check(Measure m) {
    if (m.depth > limits.maxDepth()) {
      throw refused(
          "The query nests fields %d deep, more than the limit of %d (baton.graphql.max-depth)."
              .formatted(m.depth, limits.maxDepth()),
          "max-depth",
          limits.maxDepth(),
          m.depth);
    }
    if (m.aliases > limits.maxAliases()) {
      throw refused(
          ("The query has %d aliases, more than the limit of %d (baton.graphql.max-aliases):"
                  + " ask for each field once, or send several requests.")
              .formatted(m.aliases, limits.maxAliases()),
          "max-aliases",
          limits.maxAliases(),
          m.aliases);
    }
    if (m.cost > limits.maxCost()) {
      throw refused(
          ("The query would cost %d, more than the limit of %d (baton.graphql.max-cost): a field"
                  + " counts once per object it is resolved for (under tasks(first: n), n times)"
                  + " and stats %d. Ask for fewer tasks a page or fewer fields, and page on with"
                  + " after.")
              .formatted(m.cost, limits.maxCost(), STATS_COST),
          "max-cost",
          limits.maxCost(),
          m.cost);
    }
  }

  private static AbortExecutionException refused(
      String message, String limit, long max, long actual) {
    GraphQLError error =
        GraphqlErrorBuilder.newError()
            .errorType(ErrorType.BAD_REQUEST)
            .message(message)
            .extensions(Map.of("limit", limit, "max", max, "actual", actual))
            .build();
    return new AbortExecutionException(List.of(error));
  }

  private static int depth(QueryVisitorFieldEnvironment field) {
    int depth = 1;
    for (var p = field.getParentEnvironment(); p != null; p = p.getParentEnvironment()) {
      depth++;
    }
    return depth;
  }

  /** The field's own cost times the rows each enclosing list of tasks may hold. */
  private static long cost(QueryVisitorFieldEnvironment field) {
    long cost =
        "stats".equals(field.getField().getName()) && field.getParentEnvironment() == null
            ? STATS_COST
            : 1;
    for (var p = field.getParentEnvironment(); p != null; p = p.getParentEnvironment()) {
      cost *= rows(p);
    }
    return cost;
  }

  /** How many objects the fields under {@code field} are resolved for, at most. */
  private static int rows(QueryVisitorFieldEnvironment field) {
    boolean edgesOfTasks =
        "edges".equals(field.getField().getName())
            && "TaskConnection".equals(field.getFieldsContainer().getName())
            && field.getParentEnvironment() != null;
    if (!edgesOfTasks) {
      return 1;
    }
    // Out of range is the argument's own error (1..500), reported when the query runs.
    var first = field.getParentEnvironment().getArguments().get("first");
    int n = first instanceof Number number ? number.intValue() : DEFAULT_FIRST;
    return Math.max(1, Math.min(MAX_FIRST, n));
  }
}
