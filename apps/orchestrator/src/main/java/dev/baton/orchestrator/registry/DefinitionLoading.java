package dev.baton.orchestrator.registry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Fills the registry: at start-up (before the API and the consumers start, so no submission ever
 * sees an empty registry), on {@code POST /api/v1/definitions/reload}, and one definition at a time
 * on {@code POST /api/v1/definitions}. Registered definitions take precedence over the configured
 * sources, which take precedence in their configured order.
 */
@Service
public class DefinitionLoading implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(DefinitionLoading.class);
  static final String API_SOURCE = "api";

  private final DefinitionRegistry registry;
  private final StoredDefinitionRepository stored;
  private final List<DefinitionSource> sources;
  private final TransactionTemplate tx;
  private final Clock clock;

  DefinitionLoading(
      DefinitionRegistry registry,
      StoredDefinitionRepository stored,
      RegistryProperties properties,
      PlatformTransactionManager txManager,
      Clock clock) {
    this.registry = registry;
    this.stored = stored;
    // A source that is misconfigured (no path, no url) stops the start with the reason.
    var limits = properties.limits();
    this.sources =
        properties.sources().stream()
            .map(s -> DefinitionSources.from(s, Path.of("").toAbsolutePath(), limits))
            .toList();
    this.tx = new TransactionTemplate(txManager);
    this.clock = clock;
  }

  @Override
  public void afterSingletonsInstantiated() {
    var report = reload();
    log.info(
        "Task definitions: {} version(s) of {} type(s) loaded from {} source(s) in {} ms; {}"
            + " error(s), {} warning(s){}",
        report.definitions(),
        report.types(),
        sources.size(),
        report.took().toMillis(),
        report.errors(),
        report.warnings(),
        report.errors() > 0 ? " (see GET /api/v1/definitions/errors)" : "");
  }

  /** Reads every source again and replaces the registry's content at once. */
  public synchronized ReloadReport reload() {
    long started = System.nanoTime();
    var inOrder = new ArrayList<TaskDefinition>();
    var problems = new ArrayList<LoadProblem>();
    var rows = tx.execute(s -> stored.findAllByOrderByRegisteredAtAsc());
    for (var row : rows == null ? List.<StoredDefinition>of() : rows) {
      try {
        inOrder.add(parseRegistered(row.document()));
      } catch (DefinitionException e) {
        problems.add(LoadProblem.error(API_SOURCE, row.type() + " " + row.version(), e.details()));
      }
    }
    for (var source : sources) {
      var loaded = source.load();
      inOrder.addAll(loaded.definitions());
      problems.addAll(loaded.problems());
    }
    registry.replace(inOrder, problems);
    var now = registry.problems();
    return new ReloadReport(
        registry.all().size(),
        registry.latestOfEach().size(),
        count(now, LoadProblem.Severity.ERROR),
        count(now, LoadProblem.Severity.WARNING),
        Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * Registers and persists one definition (schemas inline: there is no place for files).
   *
   * @throws DefinitionException when the document is not a valid definition
   * @throws DefinitionConflictException when its type and version are defined already
   */
  public synchronized TaskDefinition register(JsonNode document) {
    var definition = parseRegistered(document.toString());
    var version = definition.version().toString();
    var existing = registry.find(definition.type(), version);
    if (existing.isPresent()) {
      throw new DefinitionConflictException(definition.type(), version, existing.get().source());
    }
    if (Boolean.TRUE.equals(
        tx.execute(s -> stored.existsById(new StoredDefinition.Key(definition.type(), version))))) {
      // Registered before but unreadable now (reported by GET /api/v1/definitions/errors).
      throw new DefinitionConflictException(definition.type(), version, API_SOURCE);
    }
    tx.executeWithoutResult(
        s ->
            stored.save(
                new StoredDefinition(
                    definition.type(), version, document.toString(), clock.instant())));
    registry.add(definition);
    log.info("Task definition {} {} registered through the API", definition.type(), version);
    return definition;
  }

  private TaskDefinition parseRegistered(String json) {
    // Registered documents have nowhere to keep files: schemas must be inline.
    return DefinitionParser.parse(
        json.getBytes(StandardCharsets.UTF_8),
        API_SOURCE,
        "the registered definition",
        reference -> Optional.empty());
  }

  private static int count(List<LoadProblem> problems, LoadProblem.Severity severity) {
    return (int) problems.stream().filter(p -> p.severity() == severity).count();
  }

  /** What a (re)load gave. */
  public record ReloadReport(int definitions, int types, int errors, int warnings, Duration took) {}
}
