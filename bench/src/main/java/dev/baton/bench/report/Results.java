package dev.baton.bench.report;

import dev.baton.bench.baton.EndToEnd;
import dev.baton.bench.baton.RunResult;
import dev.baton.bench.cost.Cost;
import dev.baton.bench.growth.GrowthPoint;
import dev.baton.bench.sdk.SdkResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one harness run measured, filled in phase by phase, read by the report and chart. */
public final class Results {

  public final List<Double> brokerLimit = new ArrayList<>();
  public final List<Cost> brokerLimitCosts = new ArrayList<>();
  public final List<Double> sqliteLimit = new ArrayList<>();
  public int limitTasks;

  /** The two closed-loop modes, the keys of {@link #baton}. */
  public static final String BATCH_REST = "batch REST";

  public static final String AMQP = "AMQP";

  /** {@link #BATCH_REST} / {@link #AMQP} → size → runs. */
  public final Map<String, Map<Integer, List<RunResult>>> baton = new LinkedHashMap<>();

  /**
   * Single REST submissions from {@link #singleProducers} concurrent producers (closed loop): size
   * → runs. Apart from {@link #baton}, so it is neither the faster mode nor in the headline.
   */
  public final Map<Integer, List<RunResult>> restSingles = new LinkedHashMap<>();

  public int singleProducers;

  /**
   * Baton as shipped (orchestrator and two example workers with their defaults), batch REST: size →
   * runs.
   */
  public final Map<Integer, List<RunResult>> readmeDefaults = new LinkedHashMap<>();

  /**
   * The README-defaults rows of other builds ({@code --baseline}), run just before this build's:
   * the build's label (its commit) → size → runs.
   */
  public final Map<String, Map<Integer, List<RunResult>>> baselineDefaults = new LinkedHashMap<>();

  /** What an example worker as shipped logged when it started (its settings), or empty. */
  public String asShippedWorker = "";

  /** The orchestrator's cost per phase, as shipped; null when not measured. */
  public EndToEnd.Phases phases;

  /** The SDK alone; null when not measured. */
  public SdkResult sdk;

  /** Where the broker's message counts come from, or why there are none. */
  public String counterSource = "";

  /** Issue 17's figures of main, to compare with (docs/benchmarks.md). */
  public double baselineDefaultsRate;

  public double baselineReportsMillis;

  public double openLoopRate;
  public int openLoopSeconds;
  public final List<RunResult> openLoop = new ArrayList<>();

  /** RabbitMQ's round trip alone at {@link #openLoopRate}: the broker's share of that load. */
  public final List<RunResult> brokerOpenLoop = new ArrayList<>();

  public final Map<Integer, List<RunResult>> jobRunr = new LinkedHashMap<>();
  public int jobRunrThreads;
  public final List<GrowthPoint> growth = new ArrayList<>();
  public String profile = "";
  public String settings = "";

  /** The orchestrators' database as the report states it (kind, version, how it was set up). */
  public String database = "";

  /** Orchestrators sharing the database in the Baton runs. */
  public int orchestrators = 1;

  /** Whether the orchestrators ran on PostgreSQL (JobRunr stays on its own SQLite file). */
  public boolean postgres;

  /** Parts not run on this database, each with the reason (the report lists them). */
  public final List<String> notRun = new ArrayList<>();

  public double elapsedMinutes;

  public void addBaton(String mode, int size, RunResult result) {
    baton
        .computeIfAbsent(mode, m -> new LinkedHashMap<>())
        .computeIfAbsent(size, s -> new ArrayList<>())
        .add(result);
  }

  /** The lower of RabbitMQ's and SQLite's limits; RabbitMQ's alone when SQLite's was not run. */
  public double limit() {
    double broker = Percentiles.median(brokerLimit);
    double sqlite = Percentiles.median(sqliteLimit);
    return Double.isNaN(sqlite) ? broker : Math.min(broker, sqlite);
  }

  public static double medianThroughput(List<RunResult> runs) {
    return Percentiles.median(runs.stream().map(RunResult::tasksPerSecond).toList());
  }

  /** The median of each percentile over the runs. */
  public static Percentiles medianLatency(List<RunResult> runs) {
    return Percentiles.medianOf(runs.stream().map(RunResult::latency).toList());
  }

  /** Baton's best mode at a size (the higher median throughput), or NaN. */
  /**
   * Throughput of the growth batch at the largest pre-filled size against the smallest, as a change
   * (-0.1 is 10% slower); NaN with fewer than two sizes.
   */
  public double growthChange() {
    if (growth.size() < 2) {
      return Double.NaN;
    }
    return growth.get(growth.size() - 1).tasksPerSecond() / growth.get(0).tasksPerSecond() - 1;
  }

  public double batonBest(int size) {
    return baton.values().stream()
        .filter(bySize -> bySize.containsKey(size))
        .mapToDouble(bySize -> medianThroughput(bySize.get(size)))
        .max()
        .orElse(Double.NaN);
  }
}
