package dev.baton.bench;

import dev.baton.bench.baton.EndToEnd;
import dev.baton.bench.cost.BrokerCounters;
import dev.baton.bench.cost.Cost;
import dev.baton.bench.cost.CostMeter;
import dev.baton.bench.database.Database;
import dev.baton.bench.database.PostgresServer;
import dev.baton.bench.database.SqliteFile;
import dev.baton.bench.growth.Growth;
import dev.baton.bench.limit.BrokerLimit;
import dev.baton.bench.limit.SqliteLimit;
import dev.baton.bench.peer.JobRunrPeer;
import dev.baton.bench.process.Broker;
import dev.baton.bench.process.BuiltJars;
import dev.baton.bench.process.Orchestrator;
import dev.baton.bench.process.Orchestrators;
import dev.baton.bench.process.Progress;
import dev.baton.bench.process.Worker;
import dev.baton.bench.profile.JfrRecording;
import dev.baton.bench.profile.JfrSummary;
import dev.baton.bench.report.Machine;
import dev.baton.bench.report.ReportFiles;
import dev.baton.bench.report.Results;
import dev.baton.bench.sdk.SdkBenchmark;
import dev.baton.protocol.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * One harness run, phase by phase: the limit, the worker SDK alone, Baton as shipped (the README's
 * defaults, then the orchestrator's CPU per phase), Baton tuned end to end (closed then open loop),
 * JobRunr, growth; then the report. Each measurement says what it cost (CPU by process group,
 * broker messages). Each phase prints its progress; every child process is stopped at the end or,
 * on a failure or Ctrl-C, killed by {@code ChildProcess}'s shutdown hook.
 */
final class BenchRun {

  private static final String REST = Results.BATCH_REST;
  private static final String AMQP = Results.AMQP;
  private static final int WORKERS = 2;

  /** Tasks each path takes before the measured runs (capped at the first size). */
  private final BenchOptions options;

  private final Path root = BuiltJars.projectRoot();
  private final String runId = "bench-" + UUID.randomUUID().toString().substring(0, 6);
  private final Path workDir = root.resolve("bench/target/runs").resolve(runId);
  private final Topology topology = new Topology(runId);
  // Its own prefix, so its pre-loaded queue and stand-in consumer meet no orchestrator; it starts
  // with the run id, so the broker counters count its queues as the run's.
  private final Topology sdkTopology = new Topology(runId + "-sdk");
  private final Results results = new Results();
  private final Broker broker;
  private final List<Worker> workers = new ArrayList<>();
  private BrokerCounters counters;
  private PostgresServer postgres; // with --database postgres

  BenchRun(BenchOptions options) {
    this.options = options;
    this.broker = new Broker(options.amqpUri());
  }

  void run() throws Exception {
    long start = System.nanoTime();
    var orchestratorJar = BuiltJars.orchestrator(root);
    var workerJar = BuiltJars.exampleWorker(root);
    var baselines = options.baselines().stream().map(BuiltJars::baseline).toList();
    var machine = Machine.describe(broker.serverVersion());
    Files.createDirectories(workDir);
    Progress.say("run %s: %s; logs and databases in %s", runId, options, workDir);
    database();
    results.settings = settings();
    if (!baselines.isEmpty()) {
      results.settings +=
          ", baseline builds "
              + baselines.stream().map(b -> b.label() + " (" + b.root() + ")").toList();
    }
    results.baselineDefaultsRate = options.baselineDefaultsRate();
    results.baselineReportsMillis = options.baselineReportsMillis();
    try {
      counters = BrokerCounters.probe(broker, runId);
      results.counterSource = counters.source();
      limit();
      try (var amqp = broker.connect("bench-producer")) {
        if (!options.skipSdk()) {
          sdk(workerJar);
        }
        if (!options.skipDefaults()) {
          for (int i = 0; i < baselines.size(); i++) {
            baselineAsShipped(baselines.get(i), i, amqp);
          }
          asShipped(orchestratorJar, workerJar, amqp);
        }
        workers.addAll(
            Worker.start(
                workerJar,
                broker.uri(),
                runId,
                workerNames("w"),
                options.workerConcurrency(),
                workDir));
        endToEnd(orchestratorJar, amqp);
        if (!options.skipJobRunr()) {
          jobRunr();
        }
        if (!options.skipGrowth() && !options.postgres()) {
          growth(orchestratorJar, amqp);
        }
      } finally {
        stopWorkers();
        RunQueues.delete(broker, topology);
        RunQueues.delete(broker, sdkTopology);
      }
    } catch (Exception | AssertionError e) {
      results.elapsedMinutes = (System.nanoTime() - start) / 60e9;
      try {
        report(machine, false); // what was measured before the failure; never published
      } catch (Exception reportFailure) {
        e.addSuppressed(reportFailure);
      }
      throw e;
    }
    results.elapsedMinutes = (System.nanoTime() - start) / 60e9;
    report(machine, options.publish());
  }

  private void limit() throws Exception {
    int tasks = options.sizes().get(0);
    results.limitTasks = tasks;
    for (int run = 1; run <= options.runsOf(tasks); run++) {
      var rabbit = new BrokerLimit(broker, runId, CostMeter.harnessAndBroker(counters)).run(tasks);
      results.brokerLimit.add(rabbit.tasksPerSecond());
      results.brokerLimitCosts.add(rabbit.cost());
      if (options.postgres()) {
        Progress.say(
            "limit run %d: RabbitMQ %.0f tasks/s (%.2f messages/task counted); the SQLite limit is"
                + " not run with --database postgres",
            run, rabbit.tasksPerSecond(), rabbit.cost().runQueueMessagesPerTask(tasks));
        continue;
      }
      double sqlite = new SqliteLimit(workDir).run(tasks);
      results.sqliteLimit.add(sqlite);
      Progress.say(
          "limit run %d: RabbitMQ %.0f tasks/s (%.2f messages/task counted), SQLite %.0f tasks/s",
          run, rabbit.tasksPerSecond(), rabbit.cost().runQueueMessagesPerTask(tasks), sqlite);
    }
  }

  /**
   * SQLite: a file per phase, nothing to prepare. PostgreSQL: the server must answer; a database
   * per phase is created when the phase starts. Says in the report which, and what is not run.
   */
  private void database() {
    results.orchestrators = options.orchestrators();
    if (!options.postgres()) {
      results.database =
          "SQLite, a fresh file per phase (baton-defaults.db, baton.db, growth.db in the run's"
              + " directory)";
      return;
    }
    postgres = PostgresServer.connect(options.postgresUrl());
    results.postgres = true;
    results.database =
        String.format(
            "PostgreSQL %s at %s, a fresh database per phase (%s%s), created by the harness and"
                + " dropped at the end; the orchestrators are told BATON_DATABASE_URL only (their"
                + " pool and every other setting default)",
            postgres.version(),
            postgres.address(),
            postgresName(""),
            options.skipDefaults()
                ? ""
                : ", " + postgresName("_defaults") + " for the README-defaults runs");
    results.notRun.add(
        "the SQLite limit (SQLite alone; no PostgreSQL limit is measured, so the limit here is"
            + " RabbitMQ's alone)");
    if (!options.skipGrowth()) {
      results.notRun.add("growth (its pre-fill writes the orchestrator's SQLite file directly)");
    }
    Progress.say(
        "database: PostgreSQL %s at %s, %d orchestrator(s); no SQLite limit%s",
        postgres.version(),
        postgres.address(),
        options.orchestrators(),
        options.skipGrowth() ? "" : ", no growth (SQLite only)");
  }

  /** {@code bench_<run id's hex>} (the run id is {@code bench-<hex>}) plus the phase's suffix. */
  private String postgresName(String suffix) {
    return runId.replace('-', '_') + suffix;
  }

  /** The phase's fresh database: {@code <name>.db} in the run's directory, or on PostgreSQL. */
  private Database newDatabase(String name, String postgresSuffix) {
    return options.postgres()
        ? postgres.create(name, postgresName(postgresSuffix))
        : new SqliteFile(name, workDir.resolve(name + ".db"));
  }

  /** One example worker as shipped against pre-loaded dispatches, no orchestrator. */
  private void sdk(Path workerJar) throws Exception {
    var result =
        new SdkBenchmark(broker, counters, workerJar, sdkTopology, workDir).run(options.sdkTasks());
    results.sdk = result;
    Progress.say(
        "SDK: %.0f tasks/s (%s acks), %d result messages, %d other events",
        result.tasksPerSecond(), result.acks(), result.resultMessages(), result.otherMessages());
  }

  /**
   * Baton as a user following the README runs it: the orchestrator and two example workers with
   * their defaults, on a database of their own. Batch REST at the first size; then the phases: the
   * workers stopped while the tasks are submitted and dispatched, started for their reports.
   */
  private void asShipped(Path orchestratorJar, Path workerJar, com.rabbitmq.client.Connection amqp)
      throws Exception {
    try (var database = newDatabase("baton-defaults", "_defaults");
        var orchestrators =
            Orchestrators.asShipped(
                orchestratorJar, broker.uri(), runId, database, options.orchestrators(), workDir)) {
      orchestrators.start();
      startWorkersAsShipped(workerJar, "d");
      var e2e = driver(orchestrators, amqp, database);
      int size = options.sizes().get(0);
      e2e.restBatch(Math.min(2_000, size), "warmup-defaults-" + runId);
      for (int r = 1; r <= options.runsOf(size); r++) {
        Progress.say("Baton as shipped (README defaults), batch REST, %,d tasks, run %d", size, r);
        var result = e2e.restBatch(size, label("defaults", size, r));
        results.readmeDefaults.computeIfAbsent(size, s -> new ArrayList<>()).add(result);
        sayResult(result);
      }
      Progress.say("phases, as shipped: %,d tasks submitted with the workers stopped", size);
      stopWorkers();
      var phases =
          e2e.phases(size, label("phases", size, 1), () -> startWorkersAsShipped(workerJar, "p"));
      results.phases = phases;
      Progress.say(
          "  orchestrator CPU per task: submit + dispatch %.2f ms, reports %.2f ms",
          Cost.millisPerTask(phases.submitAndDispatch().orchestratorCpu(), size),
          Cost.millisPerTask(phases.reports().orchestratorCpu(), size));
    } finally {
      stopWorkers();
    }
  }

  /**
   * Another build as shipped, the README-defaults rows only (no phases), on a database of its own:
   * the before of a before/after measured in one run, on the same machine minutes apart.
   */
  private void baselineAsShipped(
      BuiltJars.Baseline baseline, int index, com.rabbitmq.client.Connection amqp)
      throws Exception {
    var runs =
        results.baselineDefaults.computeIfAbsent(baseline.label(), l -> new LinkedHashMap<>());
    String name = "baton-baseline-" + baseline.label();
    try (var database = newDatabase(name, "_baseline_" + index);
        var orchestrators =
            Orchestrators.asShipped(
                baseline.orchestrator(),
                broker.uri(),
                runId,
                database,
                options.orchestrators(),
                workDir)) {
      orchestrators.start();
      startWorkersAsShipped(baseline.exampleWorker(), "b");
      var e2e = driver(orchestrators, amqp, database);
      int size = options.sizes().get(0);
      e2e.restBatch(Math.min(2_000, size), "warmup-baseline-" + runId);
      for (int r = 1; r <= options.runsOf(size); r++) {
        Progress.say(
            "baseline %s as shipped (README defaults), batch REST, %,d tasks, run %d",
            baseline.label(), size, r);
        var result = e2e.restBatch(size, label("baseline", size, r));
        runs.computeIfAbsent(size, s -> new ArrayList<>()).add(result);
        sayResult(result);
      }
    } finally {
      stopWorkers();
    }
  }

  private void startWorkersAsShipped(Path workerJar, String tag) {
    var started = Worker.asShipped(workerJar, broker.uri(), runId, workerNames(tag), workDir);
    workers.addAll(started);
    results.asShippedWorker = started.get(0).startedLine();
  }

  private List<String> workerNames(String tag) {
    return IntStream.rangeClosed(1, WORKERS).mapToObj(i -> runId + "-" + tag + i).toList();
  }

  private void stopWorkers() {
    workers.forEach(Worker::close);
    workers.clear();
  }

  private void endToEnd(Path jar, com.rabbitmq.client.Connection amqp) throws Exception {
    var recording = workDir.resolve("orchestrator.jfr");
    try (var database = newDatabase("baton", "");
        var orchestrators =
            Orchestrators.tuned(
                jar, broker.uri(), runId, database, options.orchestrators(), workDir)) {
      orchestrators.start();
      var e2e = driver(orchestrators, amqp, database);
      warmUp(e2e);
      // The first orchestrator only, when there are several (the report says so).
      var profile =
          options.profile()
              ? JfrRecording.start(orchestrators.first().process().pid(), recording)
              : null;
      for (int size : options.sizes()) {
        for (int r = 1; r <= options.runsOf(size); r++) {
          int run = r;
          if (measuresMode(REST, size)) {
            measure(REST, size, run, () -> e2e.restBatch(size, label("rest", size, run)));
          }
          if (size == options.sizes().get(0) && !options.skipSingles()) {
            singles(e2e, size, run);
          }
          if (measuresMode(AMQP, size)) {
            measure(AMQP, size, run, () -> e2e.amqp(size, label("amqp", size, run)));
          }
        }
      }
      openLoop(e2e);
      if (profile != null) {
        profile.stop();
      }
    }
    if (options.profile()) {
      results.profile = JfrSummary.summarize(recording, 15);
      Progress.say("profile of the orchestrator:%n%s", results.profile);
    }
  }

  /**
   * Not measured: every path a measured run takes (batch REST, single REST, AMQP), enough tasks for
   * the JIT to compile them. With only 2,000 tasks by batch REST, the JIT's compiler threads still
   * took 45% of the orchestrator's CPU during the measured runs (JFR, jdk.ThreadCPULoad): the
   * figures measured a starting JVM more than the orchestrator. {@code --warm-up} sets how many.
   */
  private void warmUp(EndToEnd e2e) throws Exception {
    int tasks = options.warmUp();
    if (tasks == 0) {
      return;
    }
    Progress.say("warm-up (not measured): %,d tasks by each path", tasks);
    e2e.restBatch(tasks, "warmup-rest-" + runId);
    if (!options.skipSingles()) {
      e2e.restSingles(Math.min(2_000, tasks), options.singleProducers(), "warmup-singles-" + runId);
    }
    e2e.amqp(tasks, "warmup-amqp-" + runId);
  }

  private void openLoop(EndToEnd e2e) throws Exception {
    int size = options.sizes().get(0);
    double peak = Results.medianThroughput(results.baton.get(AMQP).get(size));
    results.openLoopRate = Math.max(1, peak / 2);
    results.openLoopSeconds = options.openLoopSeconds();
    for (int run = 1; run <= options.runsOf(size); run++) {
      Progress.say(
          "open loop run %d: %.0f tasks/s for %d s",
          run, results.openLoopRate, options.openLoopSeconds());
      var result =
          e2e.openLoop(results.openLoopRate, options.openLoopSeconds(), label("open", size, run));
      results.openLoop.add(result);
      var stages = result.stages();
      Progress.say(
          "  open loop: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (p99 by stage: accepted %.0f,"
              + " dispatched %.0f, reported %.0f)",
          result.latency().p50(),
          result.latency().p95(),
          result.latency().p99(),
          stages.accepted().p99(),
          stages.dispatched().p99(),
          stages.reported().p99());
    }
    // The same rate with RabbitMQ alone, after Baton's runs (its queues are gone by then): what
    // the broker costs and takes at this load, where it batches less than at its peak. A short
    // run first, not measured: the harness's own code for it is cold (as Baton's warm-up is).
    var brokerAlone = new BrokerLimit(broker, runId, CostMeter.harnessAndBroker(counters));
    brokerAlone.openLoop(results.openLoopRate, Math.min(3, options.openLoopSeconds()));
    for (int run = 1; run <= options.runsOf(size); run++) {
      var alone = brokerAlone.openLoop(results.openLoopRate, options.openLoopSeconds());
      results.brokerOpenLoop.add(alone);
      Progress.say(
          "  RabbitMQ alone at %.0f tasks/s, run %d: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms;"
              + " broker %.2f ms/task",
          results.openLoopRate,
          run,
          alone.latency().p50(),
          alone.latency().p95(),
          alone.latency().p99(),
          Cost.millisPerTask(alone.cost().brokerCpu(), alone.tasks()));
    }
  }

  /**
   * Single REST submissions from concurrent producers, at the first size only: apart from the modes
   * (never the faster one, not in the headline), it says what a request per task costs.
   */
  private void singles(EndToEnd e2e, int size, int run) throws Exception {
    int producers = options.singleProducers();
    Progress.say(
        "Baton single REST submissions, %d producers, %,d tasks, run %d", producers, size, run);
    var result = e2e.restSingles(size, producers, label("singles", size, run));
    results.singleProducers = producers;
    results.restSingles.computeIfAbsent(size, s -> new ArrayList<>()).add(result);
    sayResult(result);
  }

  /**
   * Every mode at the smaller sizes; from 100,000 tasks only the mode that was faster at the first
   * size (unless --large-both-modes): 100,000 tasks take about eight minutes per mode here.
   */
  private boolean measuresMode(String mode, int size) {
    int first = options.sizes().get(0);
    if (size < 100_000 || options.largeBothModes() || first >= 100_000) {
      return true;
    }
    var rest = Results.medianThroughput(results.baton.get(REST).get(first));
    var amqp = Results.medianThroughput(results.baton.get(AMQP).get(first));
    return mode.equals(rest >= amqp ? REST : AMQP);
  }

  private interface Measurement {
    dev.baton.bench.baton.RunResult run() throws Exception;
  }

  private void measure(String mode, int size, int run, Measurement measurement) throws Exception {
    Progress.say("Baton %s, %,d tasks, run %d", mode, size, run);
    var result = measurement.run();
    results.addBaton(mode, size, result);
    sayResult(result);
  }

  private static void sayResult(dev.baton.bench.baton.RunResult result) {
    int tasks = result.tasks();
    var cost = result.cost();
    Progress.say(
        "  %.0f tasks/s, p50 %.0f ms, p99 %.0f ms; per task: %.2f broker messages, CPU ms"
            + " orchestrator %.2f, workers %.2f, broker %.2f",
        result.tasksPerSecond(),
        result.latency().p50(),
        result.latency().p99(),
        cost.runQueueMessagesPerTask(tasks),
        Cost.millisPerTask(cost.orchestratorCpu(), tasks),
        Cost.millisPerTask(cost.workersCpu(), tasks),
        Cost.millisPerTask(cost.brokerCpu(), tasks));
  }

  private String label(String mode, int size, int run) {
    return mode + "-" + size + "-r" + run + "-" + runId;
  }

  private void jobRunr() throws Exception {
    int threads = WORKERS * options.workerConcurrency();
    results.jobRunrThreads = threads;
    var peer = new JobRunrPeer(workDir, threads, CostMeter.harnessOnly(counters));
    // Not measured, as Baton's warm-up batch: JobRunr runs in this JVM, whose first run would
    // otherwise pay for compiling JobRunr (214 vs 586 and 1,175 jobs/s in one development run).
    Progress.say("JobRunr warm-up (not measured)");
    peer.run(Math.min(2_000, options.sizes().get(0)));
    for (int size : options.sizes()) {
      if (size > options.peerMaxSize()) {
        continue;
      }
      for (int run = 1; run <= options.runsOf(size); run++) {
        Progress.say("JobRunr, %,d jobs, run %d", size, run);
        var result = peer.run(size);
        results.jobRunr.computeIfAbsent(size, s -> new ArrayList<>()).add(result);
        Progress.say(
            "  %.0f jobs/s, p50 %.0f ms, p99 %.0f ms",
            result.tasksPerSecond(), result.latency().p50(), result.latency().p99());
      }
    }
  }

  private void growth(Path jar, com.rabbitmq.client.Connection amqp) throws Exception {
    // SQLite only: the pre-fill writes the file directly.
    var database = new SqliteFile("growth", workDir.resolve("growth.db"));
    try (var orchestrator =
        new Orchestrator(jar, broker.uri(), runId, database, database.name(), workDir)) {
      orchestrator.start(); // Flyway creates the schema the pre-fill writes into
      var e2e =
          new EndToEnd(
              List.of(orchestrator.http()),
              amqp,
              topology,
              database,
              CostMeter.of(counters, () -> pidsOf(orchestrator), () -> workers));
      var growth = new Growth(orchestrator, e2e, database.file(), options.growthBatch());
      results.growth.addAll(growth.run(options.growth(), runId));
    }
  }

  private String settings() {
    return String.format(
        "end-to-end sizes %s (runs: %d below 100,000, %d from 100,000), %d example workers x"
            + " concurrency %d, single REST submissions %s, SDK %s, JobRunr up to %,d jobs, open"
            + " loop %d s, growth %s with %,d tasks per point, database %s, %d orchestrator%s%s",
        options.sizes(),
        options.runs(),
        options.largeRuns(),
        WORKERS,
        options.workerConcurrency(),
        options.skipSingles()
            ? "not run"
            : String.format("from %d producers", options.singleProducers()),
        options.skipSdk() ? "not run" : String.format("%,d dispatches", options.sdkTasks()),
        options.peerMaxSize(),
        options.openLoopSeconds(),
        options.skipGrowth() || options.postgres() ? List.of() : options.growth(),
        options.growthBatch(),
        options.database(),
        options.orchestrators(),
        options.orchestrators() == 1 ? "" : "s",
        options.quick() ? " (--quick)" : "");
  }

  private void report(Machine machine, boolean publish) throws Exception {
    new ReportFiles(root, runId).write(results, machine, publish);
  }

  /** The end-to-end driver of a phase's orchestrators, their database, the cost of its runs. */
  private EndToEnd driver(
      Orchestrators orchestrators, com.rabbitmq.client.Connection amqp, Database database) {
    return new EndToEnd(
        orchestrators.https(),
        amqp,
        topology,
        database,
        CostMeter.of(counters, orchestrators::pids, () -> workers));
  }

  private static List<Long> pidsOf(Orchestrator orchestrator) {
    long pid = orchestrator.pid();
    return pid < 0 ? List.of() : List.of(pid);
  }
}
