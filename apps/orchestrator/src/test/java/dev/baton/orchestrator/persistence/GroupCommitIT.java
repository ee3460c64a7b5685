package dev.baton.orchestrator.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.orchestrator.task.IdempotencyConflictException;
import dev.baton.orchestrator.task.TaskQueries;
import dev.baton.orchestrator.task.TaskSubmissions;
import dev.baton.protocol.TaskSubmission;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The group-commit writer on the real database: writes that wait together are applied in one
 * transaction and each caller gets its own result after the commit; a write that fails inside a
 * batch fails alone, with its own exception, and leaves nothing behind, while the others commit.
 */
class GroupCommitIT extends OrchestratorIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired GroupCommit writes;
  @Autowired TaskSubmissions submissions;
  @Autowired TaskQueries queries;
  @Autowired MeterRegistry registry;
  @Autowired PlatformTransactionManager transactionManager;

  @Test
  void writesThatWaitTogetherCommitInOneTransactionAndEachCallerGetsItsOwnTask() throws Exception {
    var callers = Executors.newFixedThreadPool(20);
    try (var held = holdTheWriter()) {
      var answers = new ArrayList<CompletableFuture<UUID>>();
      for (int i = 0; i < 20; i++) {
        int n = i;
        answers.add(
            CompletableFuture.supplyAsync(
                () -> writes.apply(() -> submit(n, "gc-together-" + UUID.randomUUID())).task().id(),
                callers));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> writes.waiting() == 20);
      held.release();

      var ids = new ArrayList<UUID>();
      for (var answer : answers) {
        ids.add(answer.get(30, TimeUnit.SECONDS));
      }
      assertThat(ids).doesNotHaveDuplicates().hasSize(20);
      assertThat(ids).allSatisfy(id -> assertThat(queries.find(id)).isPresent());
      assertThat(registry.get("baton.writes.batch").summary().max())
          .as("the largest group commit")
          .isGreaterThanOrEqualTo(20);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aWriteThatFailsInABatchFailsAloneAndTheOthersCommit() throws Exception {
    var key = "gc-conflict-" + UUID.randomUUID();
    var first = writes.apply(() -> submit(1, key)).task().id();
    var callers = Executors.newFixedThreadPool(6);
    try (var held = holdTheWriter()) {
      var good = new ArrayList<CompletableFuture<UUID>>();
      for (int i = 0; i < 5; i++) {
        int n = 100 + i;
        good.add(
            CompletableFuture.supplyAsync(
                () -> writes.apply(() -> submit(n, "gc-good-" + UUID.randomUUID())).task().id(),
                callers));
      }
      // The same idempotency key with another body: a conflict, thrown inside the batch.
      var conflicting =
          CompletableFuture.supplyAsync(
              () -> writes.apply(() -> submit(2, key)).task().id(), callers);
      await().atMost(Duration.ofSeconds(10)).until(() -> writes.waiting() == 6);
      held.release();

      for (var answer : good) {
        assertThat(queries.find(answer.get(30, TimeUnit.SECONDS))).isPresent();
      }
      try {
        conflicting.get(30, TimeUnit.SECONDS);
        throw new AssertionError("the conflicting write was answered as stored");
      } catch (ExecutionException e) {
        assertThat(e.getCause())
            .isInstanceOf(IdempotencyConflictException.class)
            .hasMessageContaining(key);
      }
      assertThat(queries.find(first)).isPresent();
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aWriteFromInsideATransactionJoinsItInsteadOfWaitingForTheWriter() {
    // On SQLite the caller's transaction holds the only writer connection: handing the write to
    // the writer thread would wait for it until the answer timeout.
    long start = System.nanoTime();
    var id =
        new TransactionTemplate(transactionManager)
            .execute(
                status ->
                    writes.apply(() -> submit(7, "gc-nested-" + UUID.randomUUID())).task().id());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(queries.find(id)).isPresent();
  }

  private TaskSubmissions.Submitted submit(int n, String idempotencyKey) {
    return submissions.submit(
        new TaskSubmission(
            "gc-test",
            JSON.readTree("{\"n\":" + n + "}"),
            null,
            null,
            null,
            null,
            idempotencyKey,
            null,
            null,
            null),
        TaskSubmissions.DEFAULT_TENANT);
  }

  /** Keeps the writer busy with a write that waits until released, so the next ones queue up. */
  private Held holdTheWriter() throws InterruptedException {
    var started = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var holder =
        CompletableFuture.runAsync(
            () ->
                writes.apply(
                    () -> {
                      started.countDown();
                      try {
                        return release.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                      }
                    }));
    assertThat(started.await(10, TimeUnit.SECONDS))
        .as("the writer took the holding write")
        .isTrue();
    return new Held(release, holder);
  }

  private record Held(CountDownLatch latch, CompletableFuture<Void> holder)
      implements AutoCloseable {
    void release() {
      latch.countDown();
    }

    @Override
    public void close() throws Exception {
      latch.countDown();
      holder.get(30, TimeUnit.SECONDS);
    }
  }
}
