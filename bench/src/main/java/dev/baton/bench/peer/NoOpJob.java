package dev.baton.bench.peer;

/** JobRunr's side of the benchmark's task: does nothing, as the example worker's {@code echo}. */
public final class NoOpJob {

  private NoOpJob() {}

  public static void run(int n) {
    // intentionally empty: the benchmark measures the scheduler, not the work
  }
}
