package dev.baton.orchestrator.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The SQLite connection setup: WAL, pragmas, one writer, readers beside it, no SQLITE_BUSY. */
class SqliteSetupIT extends OrchestratorIT {

  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager txManager;

  @Test
  void databaseRunsInWalModeWithNormalSyncAndABusyTimeout() {
    var tx = new TransactionTemplate(txManager);
    var jdbc = new JdbcTemplate(dataSource);

    var pragmas =
        tx.execute(
            s ->
                new String[] {
                  jdbc.queryForObject("PRAGMA journal_mode", String.class),
                  jdbc.queryForObject("PRAGMA synchronous", String.class),
                  jdbc.queryForObject("PRAGMA busy_timeout", String.class),
                  jdbc.queryForObject("PRAGMA query_only", String.class)
                });

    assertThat(pragmas[0]).isEqualToIgnoringCase("wal");
    assertThat(pragmas[1]).as("synchronous=NORMAL").isEqualTo("1");
    assertThat(Integer.parseInt(pragmas[2])).isGreaterThanOrEqualTo(5000);
    assertThat(pragmas[3]).as("writer may write").isEqualTo("0");
    var database = java.nio.file.Path.of(DATABASE_URL.substring("jdbc:sqlite:".length()));
    assertThat(database.resolveSibling(database.getFileName() + "-wal")).exists();
  }

  @Test
  void theWriterKeepsALargePageCacheAndEveryConnectionMapsTheFile() {
    var jdbc = new JdbcTemplate(dataSource);
    var readOnly = new TransactionTemplate(txManager);
    readOnly.setReadOnly(true);

    var writer =
        new TransactionTemplate(txManager)
            .execute(
                s ->
                    List.of(
                        jdbc.queryForObject("PRAGMA cache_size", Long.class),
                        jdbc.queryForObject("PRAGMA mmap_size", Long.class)));
    var reader =
        readOnly.execute(
            s ->
                List.of(
                    jdbc.queryForObject("PRAGMA cache_size", Long.class),
                    jdbc.queryForObject("PRAGMA mmap_size", Long.class)));

    // The defaults: baton.sqlite.writer-cache 64MB (negative: KiB), baton.sqlite.mmap-size 256MB.
    assertThat(writer).containsExactly(-65_536L, 268_435_456L);
    assertThat(reader.get(0)).as("readers keep SQLite's own cache size").isEqualTo(-2_000L);
    assertThat(reader.get(1)).isEqualTo(268_435_456L);
  }

  @Test
  void readOnlyTransactionsUseAReaderConnectionThatCannotWrite() {
    var readOnly = new TransactionTemplate(txManager);
    readOnly.setReadOnly(true);
    var jdbc = new JdbcTemplate(dataSource);

    var queryOnly = readOnly.execute(s -> jdbc.queryForObject("PRAGMA query_only", String.class));
    var mode = readOnly.execute(s -> jdbc.queryForObject("PRAGMA journal_mode", String.class));

    assertThat(queryOnly).isEqualTo("1");
    assertThat(mode).isEqualToIgnoringCase("wal");
  }

  @Test
  void concurrentSubmissionsAndReadsNeverHitSqliteBusy() throws Exception {
    var pool = Executors.newFixedThreadPool(16);
    try {
      var calls = new ArrayList<Callable<Integer>>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        calls.add(
            () ->
                n % 4 == 3
                    ? get("/api/v1/tasks/00000000-0000-0000-0000-000000000000").statusCode()
                    : post(
                            "/api/v1/tasks",
                            "{\"type\":\"sqlite-busy\",\"input\":{\"n\":" + n + "}}")
                        .statusCode());
      }
      var codes = new ArrayList<Integer>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        codes.add(f.get());
      }
      assertThat(codes.stream().filter(c -> c == 201)).hasSize(300);
      assertThat(codes.stream().filter(c -> c == 404)).hasSize(100);
    } finally {
      pool.shutdownNow();
    }
  }
}
