package dev.baton.bench;

/**
 * {@code java -jar bench/target/baton-bench.jar [--quick] …} from the project root: runs the
 * benchmarks of docs/benchmarks.md and writes bench/target/results/benchmarks.md and chart.png.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) {
    // JobRunr and its pool log every start and stop at INFO; the harness prints its own progress.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      new BenchRun(options).run();
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
      System.err.println("\nbenchmark failed: " + e.getMessage());
      if (e instanceof java.io.IOException || e.getCause() instanceof java.io.IOException) {
        System.err.println(
            "(a lost connection to RabbitMQ or the orchestrator: was the broker restarted, or did"
                + " the orchestrator die? See the logs in bench/target/runs/<run id>/)");
      }
      System.exit(1); // the shutdown hook kills the orchestrator and workers left running
    }
    System.exit(0);
  }
}
