package dev.baton.orchestrator.persistence;

import dev.baton.orchestrator.BatonProperties;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: callers that each write a little (a REST submission, a pull worker's report) hand
 * their write to one writer thread as a command and wait; the writer applies every command waiting
 * at that moment in one transaction, then answers each caller after the commit. Under load many
 * callers share one commit (one transaction's overhead, Hibernate's batched inserts, one fsync on
 * PostgreSQL) instead of queueing one by one for SQLite's single writer connection; under light
 * load a command is applied at once, alone: the writer never waits for a batch to fill.
 *
 * <p>A caller is answered only after its batch committed, so an answer it got (a {@code 201}) is
 * never lost to a crash. A batch that fails is rolled back and its commands applied again one by
 * one, each in its own transaction (retried when it lost a race with another writer, {@link
 * ConflictRetry}): a bad command fails alone, with its own exception, and the others commit.
 */
@Component
public class GroupCommit implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private final TransactionTemplate transaction;
  private final LinkedBlockingQueue<Command<?>> waiting = new LinkedBlockingQueue<>();
  private final int maxBatch;
  private final Duration answerTimeout;
  private final Thread writer;
  private final DistributionSummary batchSizes;
  private volatile boolean stopping;

  public GroupCommit(
      PlatformTransactionManager transactionManager,
      BatonProperties properties,
      MeterRegistry registry) {
    this.transaction = new TransactionTemplate(transactionManager);
    this.batchSizes =
        DistributionSummary.builder("baton.writes.batch")
            .description("writes applied in one group-commit transaction")
            .register(registry);
    this.maxBatch = properties.writes().maxBatch();
    this.answerTimeout = properties.writes().answerTimeout();
    this.writer = new Thread(this::loop, "baton-group-commit");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Applies {@code write} in the writer's next transaction and returns its result once that
   * transaction committed. {@code write} must not start its own transaction (it joins the writer's)
   * and must not depend on the thread it runs on (it runs on the writer's).
   *
   * @throws RuntimeException the one {@code write} threw when applied alone
   * @throws WriterUnavailableException when the writer is stopping or did not answer in time
   */
  public <T> T apply(Supplier<T> write) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      // Already inside a transaction (which on SQLite holds the one writer connection): handing the
      // write to the writer thread would wait for that connection forever. It joins this one.
      return write.get();
    }
    if (stopping) {
      throw new WriterUnavailableException("the orchestrator is shutting down");
    }
    var command = new Command<>(write);
    waiting.add(command);
    try {
      return command.answer.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      // The command may still commit later: a producer repeating with an idempotency key is safe.
      throw new WriterUnavailableException(
          "the database did not take the write within " + answerTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WriterUnavailableException("interrupted while waiting for the database");
    }
  }

  /** Writes waiting for the writer now (for tests). */
  int waiting() {
    return waiting.size();
  }

  private void loop() {
    var batch = new ArrayList<Command<?>>(maxBatch);
    while (true) {
      try {
        var first = stopping ? waiting.poll() : waiting.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (stopping) {
            return;
          }
          continue;
        }
        batch.add(first);
        // Whatever else is waiting now joins: no wait for more, so a lone command is not delayed.
        waiting.drainTo(batch, maxBatch - 1);
        applyBatch(batch);
      } catch (InterruptedException e) {
        if (!stopping) {
          log.warn("group-commit writer interrupted; it keeps going");
        }
      } catch (Throwable unexpected) {
        // applyBatch answers every command; this only guards the thread itself.
        log.error(
            "group-commit writer failed; its commands are answered with the failure", unexpected);
        batch.forEach(c -> c.answer.completeExceptionally(unexpected));
      } finally {
        batch.clear();
      }
    }
  }

  private void applyBatch(List<Command<?>> batch) {
    batchSizes.record(batch.size());
    if (batch.size() > 1) {
      List<Object> results;
      try {
        results =
            transaction.execute(
                status -> {
                  var all = new ArrayList<Object>(batch.size());
                  for (var command : batch) {
                    all.add(command.write.get());
                  }
                  return all;
                });
      } catch (RuntimeException | Error batchFailure) {
        log.debug(
            "batch of {} writes failed, applying them one by one", batch.size(), batchFailure);
        batch.forEach(this::applyAlone);
        return;
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).complete(results.get(i));
      }
    } else {
      applyAlone(batch.get(0));
    }
  }

  private void applyAlone(Command<?> command) {
    try {
      command.complete(ConflictRetry.run(() -> transaction.execute(status -> command.write.get())));
    } catch (RuntimeException | Error failure) {
      command.answer.completeExceptionally(failure);
    }
  }

  /** Stops taking commands and applies those already waiting before the database closes. */
  @Override
  public void destroy() throws InterruptedException {
    stopping = true;
    writer.join(answerTimeout.toMillis());
    Command<?> left;
    while ((left = waiting.poll()) != null) {
      left.answer.completeExceptionally(
          new WriterUnavailableException("the orchestrator is shutting down"));
    }
  }

  private static final class Command<T> {
    final Supplier<T> write;
    final CompletableFuture<T> answer = new CompletableFuture<>();

    Command(Supplier<T> write) {
      this.write = write;
    }

    @SuppressWarnings("unchecked")
    void complete(Object result) {
      answer.complete((T) result);
    }
  }
}
