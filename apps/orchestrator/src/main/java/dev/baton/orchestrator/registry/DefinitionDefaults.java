package dev.baton.orchestrator.registry;

/**
 * Values a task definition gives the tasks of its type when a submission leaves them out; each may
 * be null (then the global default of {@code baton.tasks.*} applies).
 */
public record DefinitionDefaults(
    Integer timeoutSeconds, Integer maxRetries, Integer priority, Backoff backoff) {

  /** No defaults: the global ones apply. */
  public static final DefinitionDefaults NONE = new DefinitionDefaults(null, null, null, null);

  /** Retry backoff; what is null comes from {@code baton.tasks.backoff}. */
  public record Backoff(Long initialMs, Double factor, Long maxMs) {}
}
