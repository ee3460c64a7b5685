package dev.baton.example;

import dev.baton.protocol.Topology;
import dev.baton.worker.BatonWorker;

/** Builds the example worker, for the app and for tests that run it in-process. */
public final class ExampleWorker {

  private ExampleWorker() {}

  /**
   * A worker with all example handlers, not yet started.
   *
   * @param amqpUri the broker, e.g. {@code amqp://guest:guest@localhost:5672}
   * @param topology the AMQP names (prefix)
   * @param concurrency how many tasks run at once
   */
  public static BatonWorker create(String amqpUri, Topology topology, int concurrency) {
    return builder(amqpUri, topology, concurrency).build();
  }

  /** The same worker's builder, for callers that set more (worker id, clock, heartbeats). */
  public static BatonWorker.Builder builder(String amqpUri, Topology topology, int concurrency) {
    return ExampleHandlers.register(
        BatonWorker.builder().amqpUri(amqpUri).topology(topology).concurrency(concurrency));
  }
}
