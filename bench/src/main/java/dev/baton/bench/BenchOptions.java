package dev.baton.bench;

import dev.baton.bench.database.PostgresServer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The command line. Quick mode (a few minutes, for iterating) and the full run (about half an hour
 * on two cores) differ only in sizes, runs and durations.
 */
record BenchOptions(
    boolean quick,
    List<Integer> sizes,
    int runs,
    int largeRuns,
    List<Integer> growth,
    int growthBatch,
    int openLoopSeconds,
    int peerMaxSize,
    int workerConcurrency,
    int singleProducers,
    int warmUp,
    int sdkTasks,
    double baselineDefaultsRate,
    double baselineReportsMillis,
    String amqpUri,
    boolean profile,
    boolean publish,
    boolean skipJobRunr,
    boolean skipGrowth,
    boolean skipSdk,
    boolean skipDefaults,
    boolean skipSingles,
    boolean largeBothModes,
    List<String> baselines,
    String database,
    int orchestrators,
    String postgresUrl) {

  static final String SQLITE = "sqlite";
  static final String POSTGRES = "postgres";

  static final String USAGE =
      """
      usage: java -jar bench/target/baton-bench.jar [options]   (from the project root)
        --quick               2,000 tasks, 1 run, growth at 10,000 rows only, 5,000 SDK
                              dispatches (a few minutes)
        --sizes 10000,100000  end-to-end sizes (default; quick: 2000)
        --runs 3              runs per size below 100,000, the median is reported (quick: 1)
        --large-runs 1        runs per size of 100,000 or more
        --growth 10000,100000,1000000   pre-filled table sizes (quick: 10000)
        --growth-batch 5000   tasks submitted to measure throughput at each growth size
        --open-loop-seconds 30        duration of the open-loop (half peak) run
        --peer-max 10000      JobRunr runs at the sizes up to this one
        --worker-concurrency 4        per example worker (2 workers) in the tuned runs; JobRunr
                              gets 2 x this (the README-defaults runs use the worker's default)
        --single-producers 16 concurrent producers of the single REST submissions (one task per
                              POST /api/v1/tasks, closed loop; at the first size, --runs times)
        --warm-up 10000       tasks by batch REST and by AMQP (and up to 2,000 singles) before
                              the measured runs, not measured: the JIT compiles while they run
        --sdk-tasks 20000     dispatches pre-loaded for the SDK benchmark (quick: 5000)
        --baseline-defaults-rate 332  main's rate with the README's defaults (issue 17, 10,000
                              tasks), which the targets compare with; pass a same-day figure
        --baseline-reports-ms 2.1     main's orchestrator CPU ms per task on workers' reports
        --baseline DIR        another checkout, built (./mvnw -B -q package -DskipTests there):
                              its orchestrator and example worker run the README-defaults rows
                              too, in this run, just before this build's; repeatable
        --amqp-uri amqp://guest:guest@127.0.0.1:5672
        --profile             JFR on the orchestrator during the end-to-end runs, top frames
        --publish             write the results into docs/benchmarks.md and docs/images/
        --large-both-modes    sizes from 100,000 in both modes (default: the faster mode at the
                              first size only, which keeps the full run near half an hour)
        --skip-jobrunr, --skip-growth, --skip-sdk, --skip-defaults (the README-defaults runs
                              and the phases), --skip-singles (the single REST submissions)
        --database sqlite     the orchestrators' database: sqlite (a file per phase) or postgres
                              (a fresh database per phase, bench_<run id>[_defaults], dropped at
                              the end; no SQLite limit, no growth)
        --orchestrators 1     orchestrators sharing the database (more than 1: postgres only);
                              REST submissions go round-robin over them
        --postgres-url jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres
                              an existing database on the server, where the harness creates its own
      """;

  static BenchOptions parse(String[] args) {
    boolean quick = List.of(args).contains("--quick");
    var b = new Builder();
    b.quick = quick;
    b.sizes = quick ? List.of(2_000) : List.of(10_000, 100_000);
    b.runs = quick ? 1 : 3;
    b.largeRuns = 1;
    b.growth = quick ? List.of(10_000) : List.of(10_000, 100_000, 1_000_000);
    b.growthBatch = quick ? 2_000 : 5_000;
    b.openLoopSeconds = quick ? 15 : 30;
    b.peerMaxSize = quick ? 2_000 : 10_000;
    b.workerConcurrency = 4;
    b.singleProducers = 16;
    b.warmUp = quick ? 2_000 : 10_000;
    b.sdkTasks = quick ? 5_000 : 20_000;
    b.baselineDefaultsRate = 332;
    b.baselineReportsMillis = 2.1;
    b.amqpUri = "amqp://guest:guest@127.0.0.1:5672";
    b.database = SQLITE;
    b.orchestrators = 1;
    b.postgresUrl = PostgresServer.DEFAULT_URL;
    for (int i = 0; i < args.length; i++) {
      var a = args[i];
      var v = TAKES_VALUE.contains(a) ? value(args, a, i++) : null;
      switch (a) {
        case "--quick" -> {}
        case "--profile" -> b.profile = true;
        case "--publish" -> b.publish = true;
        case "--skip-jobrunr" -> b.skipJobRunr = true;
        case "--skip-growth" -> b.skipGrowth = true;
        case "--skip-sdk" -> b.skipSdk = true;
        case "--skip-defaults" -> b.skipDefaults = true;
        case "--skip-singles" -> b.skipSingles = true;
        case "--sdk-tasks" -> b.sdkTasks = Integer.parseInt(v);
        case "--baseline-defaults-rate" -> b.baselineDefaultsRate = Double.parseDouble(v);
        case "--baseline-reports-ms" -> b.baselineReportsMillis = Double.parseDouble(v);
        case "--large-both-modes" -> b.largeBothModes = true;
        case "--baseline" -> b.baselines.add(v);
        case "--sizes" -> b.sizes = ints(v);
        case "--runs" -> b.runs = Integer.parseInt(v);
        case "--large-runs" -> b.largeRuns = Integer.parseInt(v);
        case "--growth" -> b.growth = ints(v);
        case "--growth-batch" -> b.growthBatch = Integer.parseInt(v);
        case "--open-loop-seconds" -> b.openLoopSeconds = Integer.parseInt(v);
        case "--peer-max" -> b.peerMaxSize = Integer.parseInt(v);
        case "--worker-concurrency" -> b.workerConcurrency = Integer.parseInt(v);
        case "--single-producers" -> b.singleProducers = Integer.parseInt(v);
        case "--warm-up" -> b.warmUp = Integer.parseInt(v);
        case "--amqp-uri" -> b.amqpUri = v;
        case "--database" -> b.database = v.trim().toLowerCase(Locale.ROOT);
        case "--orchestrators" -> b.orchestrators = Integer.parseInt(v);
        case "--postgres-url" -> b.postgresUrl = v;
        case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (!b.baselines.isEmpty() && b.skipDefaults) {
      throw new IllegalArgumentException(
          "--baseline runs the README-defaults rows, which --skip-defaults leaves out: drop one of"
              + " them\n"
              + USAGE);
    }
    if (b.warmUp < 0) {
      throw new IllegalArgumentException("--warm-up must be 0 or more\n" + USAGE);
    }
    if (b.singleProducers < 1) {
      throw new IllegalArgumentException("--single-producers must be at least 1\n" + USAGE);
    }
    if (!b.database.equals(SQLITE) && !b.database.equals(POSTGRES)) {
      throw new IllegalArgumentException(
          "--database is sqlite or postgres, not " + b.database + "\n" + USAGE);
    }
    if (b.orchestrators < 1 || (b.orchestrators > 1 && !b.database.equals(POSTGRES))) {
      throw new IllegalArgumentException(
          "--orchestrators is 1, or more with --database postgres (several orchestrators need a"
              + " shared database, docs/scaling.md)\n"
              + USAGE);
    }
    return b.build();
  }

  boolean postgres() {
    return database.equals(POSTGRES);
  }

  /** Runs of one size: the median of several for the smaller sizes, fewer for the large ones. */
  int runsOf(int size) {
    return size >= 100_000 ? largeRuns : runs;
  }

  private static final List<String> TAKES_VALUE =
      List.of(
          "--sizes",
          "--runs",
          "--large-runs",
          "--growth",
          "--growth-batch",
          "--open-loop-seconds",
          "--peer-max",
          "--worker-concurrency",
          "--single-producers",
          "--warm-up",
          "--sdk-tasks",
          "--baseline-defaults-rate",
          "--baseline-reports-ms",
          "--baseline",
          "--amqp-uri",
          "--database",
          "--orchestrators",
          "--postgres-url");

  private static String value(String[] args, String name, int index) {
    if (index + 1 >= args.length) {
      throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
    }
    return args[index + 1];
  }

  private static List<Integer> ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).sorted().toList();
  }

  /** The options while they are parsed (records have no setters). */
  private static final class Builder {
    boolean quick;
    List<Integer> sizes;
    int runs;
    int largeRuns;
    List<Integer> growth;
    int growthBatch;
    int openLoopSeconds;
    int peerMaxSize;
    int workerConcurrency;
    int singleProducers;
    int warmUp;
    int sdkTasks;
    double baselineDefaultsRate;
    double baselineReportsMillis;
    String amqpUri;
    boolean profile;
    boolean publish;
    boolean skipJobRunr;
    boolean skipGrowth;
    boolean skipSdk;
    boolean skipDefaults;
    boolean skipSingles;
    boolean largeBothModes;
    final List<String> baselines = new java.util.ArrayList<>();
    String database;
    int orchestrators;
    String postgresUrl;

    BenchOptions build() {
      return new BenchOptions(
          quick,
          sizes,
          runs,
          largeRuns,
          growth,
          growthBatch,
          openLoopSeconds,
          peerMaxSize,
          workerConcurrency,
          singleProducers,
          warmUp,
          sdkTasks,
          baselineDefaultsRate,
          baselineReportsMillis,
          amqpUri,
          profile,
          publish,
          skipJobRunr,
          skipGrowth,
          skipSdk,
          skipDefaults,
          skipSingles,
          largeBothModes,
          List.copyOf(baselines),
          database,
          orchestrators,
          postgresUrl);
    }
  }
}
