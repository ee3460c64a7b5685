package dev.baton.orchestrator.legacy;

import dev.baton.orchestrator.BatonProperties;
import dev.baton.orchestrator.legacy.LegacyRecordCoercion.Coerced;
import dev.baton.orchestrator.legacy.LegacyRecordCoercion.Rejected;
import dev.baton.orchestrator.task.TaskTransitions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Imports records of earlier task stores: coerces each ({@link LegacyRecordCoercion}), then stores
 * the good ones in chunks of one transaction each. A chunk the database refuses is stored again one
 * record per transaction, so one bad record is rejected alone and never stops the others.
 */
@Service
class LegacyImport {

  private static final Logger log = LoggerFactory.getLogger(LegacyImport.class);
  static final int CHUNK = 500;

  private final TaskTransitions transitions;
  private final TransactionTemplate tx;
  private final BatonProperties.Tasks defaults;

  LegacyImport(
      TaskTransitions transitions, PlatformTransactionManager txManager, BatonProperties props) {
    this.transitions = transitions;
    this.tx = new TransactionTemplate(txManager);
    this.defaults = props.tasks();
  }

  /** One rejected record: its index in the request, its own id if it had one, and why. */
  record Rejection(int index, String legacyId, String reason) {}

  record Result(int imported, List<Rejection> rejected) {}

  /** Imports the records as tasks of {@code tenant}. */
  Result importAll(List<JsonNode> records, String defaultType, String source, String tenant) {
    var options =
        new LegacyRecordCoercion.Options(
            tenant,
            defaultType,
            source == null ? "" : source,
            defaults.defaultPriority(),
            defaults.defaultTimeoutSeconds(),
            defaults.defaultMaxRetries());
    var rejected = new ArrayList<Rejection>();
    var accepted = new ArrayList<Indexed>();
    var ids = new HashSet<String>();
    for (int i = 0; i < records.size(); i++) {
      var outcome = LegacyRecordCoercion.coerce(records.get(i), options);
      if (outcome instanceof Rejected r) {
        rejected.add(new Rejection(i, r.legacyId(), r.reason()));
      } else if (outcome instanceof Coerced c) {
        if (ids.add(c.task().id().toString())) {
          accepted.add(new Indexed(i, c));
        } else {
          rejected.add(
              new Rejection(i, c.legacyId(), "the same id appears earlier in this import"));
        }
      }
    }
    int imported = 0;
    for (int from = 0; from < accepted.size(); from += CHUNK) {
      var chunk = accepted.subList(from, Math.min(from + CHUNK, accepted.size()));
      imported += store(chunk, rejected);
    }
    rejected.sort(Comparator.comparingInt(Rejection::index));
    log.info("Imported {} legacy task(s), rejected {}", imported, rejected.size());
    return new Result(imported, rejected);
  }

  private int store(List<Indexed> chunk, List<Rejection> rejected) {
    var duplicates = new ArrayList<Rejection>();
    try {
      Integer stored = tx.execute(s -> storeAll(chunk, duplicates));
      rejected.addAll(duplicates);
      return stored == null ? 0 : stored;
    } catch (NonTransientDataAccessException | IllegalArgumentException chunkFailed) {
      log.debug("a chunk of the import failed, storing it one record at a time", chunkFailed);
    }
    int stored = 0;
    for (var record : chunk) {
      var alone = new ArrayList<Rejection>();
      try {
        Integer one = tx.execute(s -> storeAll(List.of(record), alone));
        stored += one == null ? 0 : one;
        rejected.addAll(alone);
      } catch (NonTransientDataAccessException | IllegalArgumentException e) {
        rejected.add(
            new Rejection(
                record.index(), record.coerced().legacyId(), "not stored: " + e.getMessage()));
      }
    }
    return stored;
  }

  private int storeAll(List<Indexed> records, List<Rejection> duplicates) {
    int stored = 0;
    for (var record : records) {
      var task = record.coerced().task();
      if (transitions.importTask(task).isPresent()) {
        stored++;
      } else {
        duplicates.add(
            new Rejection(
                record.index(),
                record.coerced().legacyId(),
                "task " + task.id() + " exists already (imported before?)"));
      }
    }
    return stored;
  }

  private record Indexed(int index, Coerced coerced) {}
}
