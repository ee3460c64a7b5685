package dev.baton.orchestrator.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.orchestrator.BatonProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.sqlite.SQLiteConfig;

/**
 * SQLite with one writer: every read-write transaction uses a single connection, so two writers
 * never meet and {@code SQLITE_BUSY} cannot happen inside the process; read-only transactions use a
 * small pool of readers, which WAL lets run beside the writer. The write-ahead log is copied into
 * the database file by a thread of its own ({@link WalCheckpointer}), not inside the writer's
 * commits. The routing is Spring's {@link LazyConnectionDataSourceProxy}, which picks the reader
 * pool for {@code @Transactional(readOnly = true)}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.startsWith('jdbc:sqlite:')")
class SqliteDataSourceConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SqliteDataSourceConfiguration.class);
  static final int BUSY_TIMEOUT_MS = 30_000;

  @Bean(destroyMethod = "")
  DataSource dataSource(
      @Value("${spring.datasource.url}") String url,
      BatonProperties properties,
      HikariPools pools) {
    var writer = pools.writer();
    var readers = pools.readers();
    var routing = new LazyConnectionDataSourceProxy(writer);
    routing.setReadOnlyDataSource(readers);
    log.info(
        "SQLite database {} (WAL, synchronous=NORMAL, 1 writer with a {} MB page cache, {}"
            + " readers, {} MB memory-mapped, log checkpointed in the background every {} ms)",
        url,
        properties.sqlite().writerCache().toMegabytes(),
        properties.sqlite().readers(),
        properties.sqlite().mmapSize().toMegabytes(),
        properties.sqlite().checkpointInterval().toMillis());
    return routing;
  }

  @Bean
  WalCheckpointer walCheckpointer(
      @Value("${spring.datasource.url}") String url, BatonProperties properties) {
    return new WalCheckpointer(
        url, pragmas(properties.sqlite()).toProperties(), properties.sqlite().checkpointInterval());
  }

  @Bean(destroyMethod = "close")
  HikariPools sqlitePools(
      @Value("${spring.datasource.url}") String url, BatonProperties properties) {
    createParentDirectory(url);
    var sqlite = properties.sqlite();
    var writer = new HikariDataSource(config(url, "baton-sqlite-writer", 1, sqlite, false));
    var readers =
        new HikariDataSource(config(url, "baton-sqlite-reader", sqlite.readers(), sqlite, true));
    return new HikariPools(writer, readers);
  }

  private static HikariConfig config(
      String url, String name, int size, BatonProperties.Sqlite sqlite, boolean readOnly) {
    var config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    var pragmas = pragmas(sqlite);
    if (!readOnly) {
      // Negative: a size in KiB, not in pages.
      pragmas.setCacheSize((int) -sqlite.writerCache().toKilobytes());
    }
    config.setDataSourceProperties(pragmas.toProperties());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(readOnly ? 0 : 1);
    config.setConnectionTimeout(sqlite.connectionTimeout().toMillis());
    // Connections to a local file do not go stale; keep them for the life of the process.
    config.setMaxLifetime(0);
    config.setIdleTimeout(0);
    if (readOnly) {
      // A write routed here by mistake fails loudly instead of competing with the writer.
      config.setConnectionInitSql("PRAGMA query_only = true");
    } else {
      // The log is checkpointed in the background (WalCheckpointer); the writer only past this.
      config.setConnectionInitSql("PRAGMA wal_autocheckpoint = " + sqlite.writerCheckpointPages());
    }
    return config;
  }

  private static SQLiteConfig pragmas(BatonProperties.Sqlite sqlite) {
    var pragmas = new SQLiteConfig();
    pragmas.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(sqlite.mmapSize().toBytes()));
    pragmas.setJournalMode(SQLiteConfig.JournalMode.WAL);
    pragmas.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    pragmas.setBusyTimeout(BUSY_TIMEOUT_MS);
    pragmas.enforceForeignKeys(true);
    return pragmas;
  }

  private static void createParentDirectory(String url) {
    var file = url.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    if (query >= 0) {
      file = file.substring(0, query);
    }
    if (file.isBlank() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return;
    }
    var parent = Path.of(file).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the database directory " + parent + "; set BATON_DATABASE_URL", e);
    }
  }

  /** The two pools, closed together when the context closes. */
  record HikariPools(HikariDataSource writer, HikariDataSource readers) implements AutoCloseable {
    @Override
    public void close() {
      readers.close();
      writer.close();
    }
  }
}
