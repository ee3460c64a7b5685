package dev.baton.orchestrator.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The time-based queries (sweeper, relay) must stay cheap with a million tasks: each is served by
 * an index, never a full table scan. The plans are quoted in docs/guarantees.md.
 */
class QueryPlanIT extends OrchestratorIT {

  @Autowired DataSource dataSource;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "deadline sweep | SELECT id FROM tasks WHERE deadline_at <= 1 ORDER BY deadline_at LIMIT 500"
            + " | ix_tasks_deadline",
        "tasks of an offline worker | SELECT id FROM tasks WHERE worker_id = 'w' AND status IN"
            + " ('ASSIGNED','RUNNING') | ix_tasks_worker_",
        "worker liveness | SELECT id FROM workers WHERE status IN ('IDLE','BUSY') AND last_seen_at < 1"
            + " ORDER BY last_seen_at LIMIT 500 | ix_workers_last_seen",
        "outbox relay | SELECT id FROM outbox WHERE held = 0 AND not_before <= 1 ORDER BY"
            + " not_before, id LIMIT 500 | ix_outbox_due",
        "held types | SELECT DISTINCT target FROM outbox WHERE held = 1 | ix_outbox_held",
        "held dispatches | SELECT id FROM outbox WHERE held = 1 AND target = 't' ORDER BY priority"
            + " DESC, id LIMIT 2 | ix_outbox_held",
        "concurrency slots | SELECT count(*) FROM tasks WHERE type = 't' AND status IN"
            + " ('QUEUED','ASSIGNED','RUNNING') | ix_tasks_claim",
        "held of a type | SELECT count(*) FROM outbox WHERE held = 1 AND target = 't'"
            + " | ix_outbox_held",
        "claimable | SELECT t.id FROM tasks t WHERE t.status = 'QUEUED' AND t.type = 't' AND NOT"
            + " EXISTS (SELECT 1 FROM outbox o WHERE o.task_id = t.id AND o.held = 1) ORDER BY"
            + " t.priority DESC, t.created_at LIMIT 5 | ix_outbox_task (task_id=? AND held=?)",
        "task history | SELECT id FROM task_history WHERE task_id = 'x' ORDER BY id | ix_task_history_task"
      })
  void timeBasedQueryUsesItsIndex(String name, String sql, String index) {
    List<String> plan =
        new JdbcTemplate(dataSource)
            .query("EXPLAIN QUERY PLAN " + sql, (rs, i) -> rs.getString("detail"));

    assertThat(String.join("\n", plan))
        .as(name)
        .contains(index)
        .doesNotContainPattern("^SCAN (tasks|workers|outbox)$");
    System.out.printf("%s: %s%n", name, String.join(" / ", plan));
  }
}
