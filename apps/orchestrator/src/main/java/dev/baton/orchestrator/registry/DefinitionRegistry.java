package dev.baton.orchestrator.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The task definitions in force: an immutable snapshot, replaced whole on every (re)load so readers
 * never see half a reload. Definitions registered through the API come first, then the configured
 * sources in their order; a later copy of a version already present is a warning and the first one
 * stays.
 */
@Component
public class DefinitionRegistry {

  private static final Logger log = LoggerFactory.getLogger(DefinitionRegistry.class);

  private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of());

  /** Latest version of every type, ordered by type. */
  public List<TaskDefinition> latestOfEach() {
    return snapshot.byType.values().stream().map(v -> v.lastEntry().getValue()).toList();
  }

  /** Every type's every version, ordered by type then version. */
  public List<TaskDefinition> all() {
    return snapshot.byType.values().stream().flatMap(v -> v.values().stream()).toList();
  }

  /** The latest version of a type (semantic ordering: 1.10.0 above 1.9.0). */
  public Optional<TaskDefinition> latest(String type) {
    var versions = snapshot.byType.get(type);
    return versions == null ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
  }

  /** One version of a type; empty when the type or the version is unknown or not semver. */
  public Optional<TaskDefinition> find(String type, String version) {
    var versions = snapshot.byType.get(type);
    if (versions == null || !SemanticVersion.isValid(version)) {
      return Optional.empty();
    }
    return Optional.ofNullable(versions.get(SemanticVersion.parse(version)));
  }

  /** A type's versions, oldest first; empty when the type is unknown. */
  public List<String> versions(String type) {
    var versions = snapshot.byType.get(type);
    return versions == null
        ? List.of()
        : versions.values().stream().map(d -> d.version().toString()).toList();
  }

  /** Whether any version of the type is defined. */
  public boolean knows(String type) {
    return snapshot.byType.containsKey(type);
  }

  /** The concurrency limit of a type (its latest version's), empty when unlimited or unknown. */
  public Optional<Integer> concurrencyLimit(String type) {
    return latest(type).map(TaskDefinition::concurrencyLimit);
  }

  /** Problems of the last load: errors (definitions not loaded) and warnings. */
  public List<LoadProblem> problems() {
    return snapshot.problems;
  }

  /**
   * Adds one definition (registered through the API) in front of the loaded ones.
   *
   * @return false, changing nothing, when that type and version is already defined
   */
  public synchronized boolean add(TaskDefinition d) {
    var current = snapshot;
    var existing = current.byType.get(d.type());
    if (existing != null && existing.containsKey(d.version())) {
      return false;
    }
    var inOrder = new ArrayList<TaskDefinition>();
    inOrder.add(d);
    inOrder.addAll(all());
    replaceQuietly(inOrder, current.problems);
    return true;
  }

  /**
   * Replaces everything with the given definitions, in precedence order (first copy of a version
   * wins), and the given problems plus a warning for each duplicate skipped.
   */
  public synchronized void replace(List<TaskDefinition> inOrder, List<LoadProblem> problems) {
    replaceQuietly(inOrder, problems);
    for (var p : snapshot.problems) {
      if (p.severity() == LoadProblem.Severity.ERROR) {
        log.error("Task definition not loaded: {} ({}): {}", p.location(), p.source(), p.message());
      } else {
        log.warn("Task definition: {} ({}): {}", p.location(), p.source(), p.message());
      }
    }
  }

  private void replaceQuietly(List<TaskDefinition> inOrder, List<LoadProblem> problems) {
    var byType = new TreeMap<String, NavigableMap<SemanticVersion, TaskDefinition>>();
    var all = new ArrayList<>(problems);
    for (var d : inOrder) {
      var versions = byType.computeIfAbsent(d.type(), t -> new TreeMap<>());
      var first = versions.putIfAbsent(d.version(), d);
      if (first != null) {
        all.add(
            LoadProblem.warning(
                d.source(),
                d.source(),
                "%s %s is defined again; the first copy (from %s) stays"
                    .formatted(d.type(), d.version(), first.source())));
      }
    }
    Map<String, NavigableMap<SemanticVersion, TaskDefinition>> frozen = new LinkedHashMap<>();
    byType.forEach((t, v) -> frozen.put(t, Collections.unmodifiableNavigableMap(v)));
    snapshot = new Snapshot(Collections.unmodifiableMap(frozen), List.copyOf(all));
  }

  private record Snapshot(
      Map<String, NavigableMap<SemanticVersion, TaskDefinition>> byType,
      List<LoadProblem> problems) {}
}
