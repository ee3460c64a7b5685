package dev.baton.orchestrator.graphql;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one GraphQL request may cost ({@code baton.graphql.*}), checked before anything runs.
 *
 * @param maxDepth the deepest nesting of fields; Baton's own schema nests 5 deep, introspection
 *     (GraphiQL's query) about 13
 * @param maxAliases the most aliased fields in one request: aliases are how one request asks for
 *     the same costly field many times
 * @param maxCost the most a request may cost: each field counts once per object it is resolved for
 *     (a field under {@code tasks(first: n)} counts n times) and {@code stats} counts {@value
 *     QueryLimits#STATS_COST}. A full page of 500 tasks with every field costs about 13,000
 */
@ConfigurationProperties("baton.graphql")
public record GraphQlLimits(
    @DefaultValue("15") int maxDepth,
    @DefaultValue("20") int maxAliases,
    @DefaultValue("50000") int maxCost) {

  public GraphQlLimits {
    if (maxDepth < 1 || maxAliases < 0 || maxCost < 1) {
      throw new IllegalStateException(
          "baton.graphql.max-depth and max-cost must be positive, max-aliases at least 0");
    }
  }
}
