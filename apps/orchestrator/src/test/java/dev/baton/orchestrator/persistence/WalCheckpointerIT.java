package dev.baton.orchestrator.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.testsupport.TestDatabase;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SQLite's write-ahead log is checkpointed by a thread of its own, not inside the writer's commits:
 * the writer's auto-checkpoint is raised to the configured bound, and the background thread copies
 * the pages that submissions write.
 */
class WalCheckpointerIT extends OrchestratorIT {

  @Autowired ObjectProvider<WalCheckpointer> checkpointer;
  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactionManager;

  @BeforeEach
  void onSqlite() {
    Assumptions.assumeFalse(TestDatabase.isPostgres(), "SQLite's write-ahead log");
  }

  @Test
  void theWriterLeavesCheckpointsToTheBackgroundThreadUpToItsBound() {
    var writerPages =
        new TransactionTemplate(transactionManager)
            .execute(
                s ->
                    new JdbcTemplate(dataSource)
                        .queryForObject("PRAGMA wal_autocheckpoint", Integer.class));
    assertThat(writerPages).isEqualTo(20_000);
  }

  @Test
  void theBackgroundThreadCopiesWhatSubmissionsWrite() {
    long before = checkpointer.getObject().checkpointedPages();
    for (int i = 0; i < 20; i++) {
      submit(
          "{\"type\":\"q-batch\",\"runAt\":\"2999-01-01T00:00:00Z\",\"input\":{\"i\":" + i + "}}");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> checkpointer.getObject().checkpointedPages() > before);
  }
}
