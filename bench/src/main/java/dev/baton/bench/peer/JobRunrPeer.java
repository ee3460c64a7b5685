package dev.baton.bench.peer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.bench.baton.RunResult;
import dev.baton.bench.cost.Cost;
import dev.baton.bench.cost.CostMeter;
import dev.baton.bench.process.Pause;
import dev.baton.bench.process.Progress;
import dev.baton.bench.report.Percentiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.sqlite.SqLiteStorageProvider;
import org.jobrunr.utils.mapper.gson.GsonJsonMapper;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * JobRunr (in this JVM) on the same no-op work, configured for throughput: bulk enqueue of a
 * stream, its smallest poll interval (5 s), as many worker threads as Baton's two workers have,
 * SQLite with WAL and IMMEDIATE transactions (with the driver's default DEFERRED ones concurrent
 * writers fail with SQLITE_BUSY_SNAPSHOT and JobRunr crawls at tens of jobs/s), a fresh file per
 * run. Throughput is from the first enqueue to the last SUCCEEDED; latency is each job's createdAt
 * → updatedAt (its SUCCEEDED state change) from JobRunr's own table.
 */
public final class JobRunrPeer {

  private final Path workDir;
  private final int workerThreads;
  private final CostMeter meter;

  /** {@code meter}: CPU only (JobRunr's, in the harness's JVM; the machine's). */
  public JobRunrPeer(Path workDir, int workerThreads, CostMeter meter) {
    this.workDir = workDir;
    this.workerThreads = workerThreads;
    this.meter = meter;
  }

  public RunResult run(int jobs) throws Exception {
    Files.createDirectories(workDir);
    var file = workDir.resolve("jobrunr-" + UUID.randomUUID() + ".db");
    try (var dataSource = dataSource(file)) {
      var storage = new SqLiteStorageProvider(dataSource);
      var json = new GsonJsonMapper();
      storage.setJobMapper(new org.jobrunr.jobs.mappers.JobMapper(json));
      var server =
          new BackgroundJobServer(
              storage,
              json,
              new NoActivation(),
              BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                  .andPollIntervalInSeconds(5)
                  .andWorkerCount(workerThreads));
      server.start();
      try {
        var scheduler = new JobScheduler(storage);
        var before = meter.snapshot();
        long first = System.currentTimeMillis();
        scheduler.enqueue(IntStream.range(0, jobs).boxed(), n -> NoOpJob.run(n));
        Progress.say(
            "  jobrunr: %d enqueued in %.1f s", jobs, (System.currentTimeMillis() - first) / 1e3);
        awaitSucceeded(storage, jobs);
        // JobRunr runs in this JVM: its CPU is the harness's, which otherwise only polls.
        var cost = meter.since(before);
        return result(dataSource, jobs, first).withCost(cost);
      } finally {
        server.stop();
      }
    } finally {
      for (var suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
    }
  }

  /** The job is a static method: there is nothing to instantiate. */
  private static final class NoActivation implements org.jobrunr.server.JobActivator {
    @Override
    public <T> T activateJob(Class<T> type) {
      return null;
    }
  }

  private static HikariDataSource dataSource(Path file) {
    var sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    sqlite.setBusyTimeout(30_000);
    var source = new SQLiteDataSource(sqlite);
    source.setUrl("jdbc:sqlite:" + file);
    var pool = new HikariConfig();
    pool.setDataSource(source);
    pool.setMaximumPoolSize(10);
    pool.setPoolName("jobrunr-sqlite");
    return new HikariDataSource(pool);
  }

  private static void awaitSucceeded(SqLiteStorageProvider storage, int jobs) {
    long start = System.nanoTime();
    long lastReport = start;
    while (storage.countJobs(StateName.SUCCEEDED) < jobs) {
      long now = System.nanoTime();
      if (now - lastReport > 5e9) {
        Progress.say(
            "  jobrunr: %d/%d succeeded after %.0f s",
            storage.countJobs(StateName.SUCCEEDED), jobs, (now - start) / 1e9);
        lastReport = now;
      }
      if (now - start > (180 + jobs / 10.0) * 1e9) {
        throw new IllegalStateException("jobrunr: not done in time");
      }
      Pause.millis(200);
    }
  }

  private static RunResult result(DataSource dataSource, int jobs, long first) throws Exception {
    var latencies = new ArrayList<Long>(jobs);
    long last = first;
    try (var db = dataSource.getConnection();
        var rows =
            db.createStatement()
                .executeQuery(
                    "SELECT createdAt, updatedAt FROM jobrunr_jobs WHERE state = 'SUCCEEDED'")) {
      while (rows.next()) {
        long created = rows.getTimestamp(1).getTime();
        long updated = rows.getTimestamp(2).getTime();
        latencies.add(updated - created);
        last = Math.max(last, updated);
      }
    }
    var millis = latencies.stream().mapToLong(Long::longValue).toArray();
    return new RunResult(
        jobs, jobs / (Math.max(1, last - first) / 1e3), Percentiles.of(millis), Cost.NONE);
  }
}
