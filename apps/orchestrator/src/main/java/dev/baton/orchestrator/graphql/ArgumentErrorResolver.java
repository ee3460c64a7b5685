package dev.baton.orchestrator.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * Refused arguments become one {@code BAD_REQUEST} error per argument, the argument named in the
 * message and in {@code extensions.argument}; anything else is left to the default (an internal
 * error that shows no details).
 */
@Component
class ArgumentErrorResolver extends DataFetcherExceptionResolverAdapter {

  @Override
  protected List<GraphQLError> resolveToMultipleErrors(Throwable ex, DataFetchingEnvironment env) {
    if (!(ex instanceof InvalidArgumentsException invalid)) {
      return null;
    }
    return invalid.errors().stream()
        .map(
            e ->
                GraphqlErrorBuilder.newError(env)
                    .errorType(ErrorType.BAD_REQUEST)
                    .message("Invalid argument " + e.argument() + ": " + e.message())
                    .extensions(Map.of("argument", e.argument()))
                    .build())
        .toList();
  }
}
