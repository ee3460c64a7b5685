package dev.baton.bench.report;

import dev.baton.bench.baton.LatencyStages;
import dev.baton.bench.baton.RunResult;
import dev.baton.bench.cost.Cost;
import dev.baton.bench.growth.GrowthPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The run's figures as Markdown: the tables, the headline ratios and the targets, met or not. */
public final class MarkdownReport {

  private final Results r;
  private final Machine machine;

  public MarkdownReport(Results results, Machine machine) {
    this.r = results;
    this.machine = machine;
  }

  public String render(String chartPath) {
    var md = new StringBuilder();
    md.append("## Machine\n\n");
    md.append(line("CPU", machine.cpu() + " (" + machine.cores() + " cores visible)"));
    md.append(line("Memory", machine.memory()));
    md.append(line("OS", machine.os()));
    md.append(line("Java", machine.java()));
    md.append(line("Broker", machine.broker()));
    md.append(line("Load average at the start (1, 5, 15 min)", machine.load()));
    md.append(line("Settings", r.settings));
    md.append(line("Database", r.database));
    md.append(line("Orchestrators", orchestrators()));
    if (!r.notRun.isEmpty()) {
      md.append(line("Not run on PostgreSQL", String.join("; ", r.notRun)));
    }
    if (r.postgres && !r.jobRunr.isEmpty()) {
      md.append(line("JobRunr's storage", "its own SQLite file, as in the SQLite runs"));
    }
    if (!r.asShippedWorker.isBlank()) {
      md.append(line("An example worker as shipped", "`" + r.asShippedWorker + "`"));
    }
    md.append(line("Broker message counts", r.counterSource));
    md.append(line("Duration", fmt("%.1f minutes", r.elapsedMinutes)));
    md.append("\n![throughput and growth](").append(chartPath).append(")\n\n");
    headline(md);
    throughput(md);
    cost(md);
    phases(md);
    sdk(md);
    growth(md);
    targets(md);
    if (!r.profile.isBlank()) {
      md.append("## Profile of the orchestrator (JFR, end-to-end runs")
          .append(r.orchestrators > 1 ? fmt(", the first of %d", r.orchestrators) : "")
          .append(")\n\n")
          .append(r.profile);
    }
    return md.toString();
  }

  private String orchestrators() {
    if (r.orchestrators == 1) {
      return "1";
    }
    return fmt(
        "%d processes on the same database and broker prefix (separate ports); batch REST"
            + " batches and single REST requests go round-robin over them, AMQP submissions to"
            + " whichever consumes them; their CPU is summed in the orchestrator columns",
        r.orchestrators);
  }

  private void headline(StringBuilder md) {
    md.append("## Headline\n\n| ratio | value |\n|---|---:|\n");
    for (int size : sizes()) {
      md.append(
          fmt(
              "| Baton / limit, %,d tasks (best mode) | %s |%n",
              size, pct(r.batonBest(size) / r.limit())));
      if (r.jobRunr.containsKey(size)) {
        md.append(
            fmt(
                "| Baton / JobRunr, %,d tasks | %s |%n",
                size, times(r.batonBest(size) / Results.medianThroughput(r.jobRunr.get(size)))));
      }
      if (r.readmeDefaults.containsKey(size)) {
        md.append(
            fmt(
                "| Baton with the README's defaults / limit, %,d tasks | %s |%n",
                size, pct(Results.medianThroughput(r.readmeDefaults.get(size)) / r.limit())));
        for (var baseline : r.baselineDefaults.entrySet()) {
          if (baseline.getValue().containsKey(size)) {
            md.append(
                fmt(
                    "| Baton with the README's defaults / baseline build %s, %,d tasks (same run)"
                        + " | %s |%n",
                    baseline.getKey(),
                    size,
                    times(
                        Results.medianThroughput(r.readmeDefaults.get(size))
                            / Results.medianThroughput(baseline.getValue().get(size)))));
          }
        }
      }
    }
    if (r.sdk != null) {
      md.append(
          fmt(
              "| Worker SDK alone / RabbitMQ round trip | %s |%n",
              times(r.sdk.tasksPerSecond() / Percentiles.median(r.brokerLimit))));
    }
    md.append('\n');
  }

  private void throughput(StringBuilder md) {
    md.append("## Throughput and latency (medians of the runs)\n\n");
    md.append("| what | tasks | runs | tasks/s | p50 ms | p95 ms | p99 ms |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    md.append(
        fmt(
            "| %s | %,d | %d | %s | | | |%n",
            LIMIT_RABBITMQ,
            r.limitTasks,
            r.brokerLimit.size(),
            num(Percentiles.median(r.brokerLimit))));
    if (!r.sqliteLimit.isEmpty()) {
      md.append(
          fmt(
              "| Limit: SQLite WAL, 1 insert + 3 updates per task | %,d | %d | %s | | | |%n",
              r.limitTasks, r.sqliteLimit.size(), num(Percentiles.median(r.sqliteLimit))));
    }
    for (var row : rows()) {
      var latency = Results.medianLatency(row.runs());
      md.append(
          fmt(
              "| %s | %,d | %d | %s | %s | %s | %s |%n",
              row.what(),
              row.tasks(),
              row.runs().size(),
              num(Results.medianThroughput(row.runs())),
              num(latency.p50()),
              num(latency.p95()),
              num(latency.p99())));
    }
    md.append('\n');
    if (r.postgres) {
      md.append(
          "No SQLite limit row: Baton ran on PostgreSQL, for which no limit is measured; the limit"
              + " in the ratios is RabbitMQ's alone.\n\n");
    }
    openLoopStages(md);
  }

  /** Where the open loop's latency accrues, by the timestamps every task carries. */
  private void openLoopStages(StringBuilder md) {
    if (r.openLoop.isEmpty()) {
      return;
    }
    var stages = LatencyStages.median(r.openLoop.stream().map(RunResult::stages).toList());
    md.append("### The open loop's latency by stage (medians of the runs' percentiles)\n\n");
    md.append(
        "Accepted: the producer's send to the task's `created_at` (broker transit and the"
            + " submissions consumer's batch, before its commit). Dispatched: `created_at` to the"
            + " worker's `started_at` (the commit, the relay's publish, transit, the worker's"
            + " queue). Reported: `started_at` to `completed_at` (the handler, the result's message,"
            + " the events consumer's batch). Percentiles of each stage apart do not add up to the"
            + " whole's.\n\n");
    md.append("| stage | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|\n");
    stageRow(md, "accepted", stages.accepted());
    stageRow(md, "dispatched", stages.dispatched());
    stageRow(md, "reported", stages.reported());
    stageRow(md, "submit → completed", Results.medianLatency(r.openLoop));
    md.append('\n');
  }

  private static void stageRow(StringBuilder md, String stage, Percentiles p) {
    md.append(fmt("| %s | %s | %s | %s |%n", stage, num(p.p50()), num(p.p95()), num(p.p99())));
  }

  private static final String LIMIT_RABBITMQ =
      "Limit: RabbitMQ, 3 confirmed persistent messages per task";

  /** A row of the throughput table, and of the cost table beside it. */
  private record Row(String what, int tasks, List<RunResult> runs) {}

  private List<Row> rows() {
    var rows = new ArrayList<Row>();
    r.baselineDefaults.forEach(
        (label, bySize) ->
            bySize.forEach(
                (size, runs) ->
                    rows.add(
                        new Row(
                            "Baseline build "
                                + label
                                + " with the README's defaults (its example workers as shipped),"
                                + " batch REST",
                            size,
                            runs))));
    r.readmeDefaults.forEach(
        (size, runs) ->
            rows.add(
                new Row(
                    "Baton with the README's defaults (2 example workers as shipped), batch REST",
                    size,
                    runs)));
    r.baton.forEach(
        (mode, bySize) ->
            bySize.forEach(
                (size, runs) ->
                    rows.add(new Row("Baton, " + mode + " (closed loop)", size, runs))));
    r.restSingles.forEach(
        (size, runs) ->
            rows.add(
                new Row(
                    fmt(
                        "Baton, single REST submissions, %d concurrent producers (closed loop)",
                        r.singleProducers),
                    size,
                    runs)));
    if (!r.openLoop.isEmpty()) {
      rows.add(
          new Row(
              fmt(
                  "Baton, AMQP open loop at %.0f tasks/s (half peak) for %d s",
                  r.openLoopRate, r.openLoopSeconds),
              r.openLoop.get(0).tasks(),
              r.openLoop));
    }
    if (!r.brokerOpenLoop.isEmpty()) {
      rows.add(
          new Row(
              fmt(
                  "RabbitMQ's round trip alone (3 messages per task, as in the limit), open loop at"
                      + " the same %.0f tasks/s for %d s",
                  r.openLoopRate, r.openLoopSeconds),
              r.brokerOpenLoop.get(0).tasks(),
              r.brokerOpenLoop));
    }
    r.jobRunr.forEach(
        (size, runs) ->
            rows.add(
                new Row(
                    "JobRunr 8.2.0, bulk enqueue, " + r.jobRunrThreads + " threads", size, runs)));
    return rows;
  }

  private void cost(StringBuilder md) {
    md.append("## What each task cost (the same runs, medians)\n\n");
    md.append(
        "Broker messages: enqueued into the run's queues (the broker's per-queue counters) and"
            + " received from all publishers (its global counter, other clients included); all of"
            + " Baton's messages are persistent, worker heartbeats included. CPU: milliseconds per"
            + " task of each process group, from /proc; the harness is the producer and the"
            + " polling (for JobRunr, JobRunr itself, which runs in it); others: the machine's busy"
            + " CPU that none of these used (other work on the machine: the higher, the less"
            + " trustworthy the row).\n\n");
    md.append(
        "| what | tasks/s | messages/task (run's queues) | messages/task (broker-wide) "
            + "| orchestrator CPU % of a core | orchestrator ms/task | workers ms/task "
            + "| broker ms/task | harness ms/task | machine busy % | others % |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    if (!r.brokerLimitCosts.isEmpty()) {
      md.append(
          fmt(
              "| %s | %s | %s |%n",
              LIMIT_RABBITMQ,
              num(Percentiles.median(r.brokerLimit)),
              costCells(r.brokerLimitCosts, r.limitTasks)));
    }
    for (var row : rows()) {
      md.append(
          fmt(
              "| %s | %s | %s |%n",
              row.what(),
              num(Results.medianThroughput(row.runs())),
              costCells(row.runs().stream().map(RunResult::cost).toList(), row.tasks())));
    }
    md.append('\n');
  }

  /** The cost columns of one row: the median of each figure over the runs. */
  private static String costCells(List<Cost> costs, int tasks) {
    return String.join(
        " | ",
        two(median(costs, c -> c.runQueueMessagesPerTask(tasks))),
        two(median(costs, c -> c.receivedPerTask(tasks))),
        num(median(costs, Cost::orchestratorPercentOfCore)),
        two(median(costs, c -> Cost.millisPerTask(c.orchestratorCpu(), tasks))),
        two(median(costs, c -> Cost.millisPerTask(c.workersCpu(), tasks))),
        two(median(costs, c -> Cost.millisPerTask(c.brokerCpu(), tasks))),
        two(median(costs, c -> Cost.millisPerTask(c.harnessCpu(), tasks))),
        num(median(costs, Cost::machineBusyPercent)),
        num(median(costs, Cost::othersPercent)));
  }

  private static double median(List<Cost> costs, ToDoubleFunction<Cost> figure) {
    return Percentiles.median(costs.stream().map(c -> figure.applyAsDouble(c)).toList());
  }

  private void phases(StringBuilder md) {
    var p = r.phases;
    if (p == null) {
      return;
    }
    md.append("## The orchestrator's CPU per phase (README defaults, batch REST)\n\n");
    md.append(
        fmt(
            "%,d tasks submitted with the workers stopped, until all are QUEUED (submission and"
                + " dispatch); then the workers started, until all are COMPLETED (the workers'"
                + " reports, applied). Workers' CPU from the moment each said it started.%n%n",
            p.tasks()));
    md.append(
        "| phase | seconds | orchestrator ms/task | workers ms/task | broker ms/task "
            + "| messages/task (run's queues) | messages/task (broker-wide) | others % |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    phaseRow(md, "submit + dispatch (workers stopped)", p.submitAndDispatch(), p.tasks());
    phaseRow(md, "worker reports (workers running)", p.reports(), p.tasks());
    md.append(
        fmt(
            "%nIdle (every task QUEUED, no worker) the orchestrator used %s%% of a core; the"
                + " workers took %.1f s to start inside the reports phase, so up to %s ms/task of"
                + " that row is the orchestrator idling.%n",
            num(p.idleOrchestratorPercent()),
            p.workersStartSeconds(),
            two(p.idleMillisPerTaskInReports())));
    md.append('\n');
  }

  private static void phaseRow(StringBuilder md, String what, Cost c, int tasks) {
    md.append(
        fmt(
            "| %s | %.1f | %s | %s | %s | %s | %s | %s |%n",
            what,
            c.wallSeconds(),
            two(Cost.millisPerTask(c.orchestratorCpu(), tasks)),
            two(Cost.millisPerTask(c.workersCpu(), tasks)),
            two(Cost.millisPerTask(c.brokerCpu(), tasks)),
            two(c.runQueueMessagesPerTask(tasks)),
            two(c.receivedPerTask(tasks)),
            num(c.othersPercent())));
  }

  private void sdk(StringBuilder md) {
    var s = r.sdk;
    if (s == null) {
      return;
    }
    double limit = Percentiles.median(r.brokerLimit);
    md.append("## The worker SDK alone\n\n");
    md.append(
        fmt(
            "%,d no-op dispatches pre-loaded into a task queue; one example-worker process with"
                + " its default settings works them off; a consumer in the orchestrator's place"
                + " counts the results. Timed from the first result message to the last result"
                + " (every dispatch acked: %s); %,d messages carried the results, %,d other events"
                + " (status reports, heartbeats); %.1f s from launching the worker's JVM.%n%n",
            s.tasks(), s.acks(), s.resultMessages(), s.otherMessages(), s.fromLaunchSeconds()));
    md.append(
        "| what | tasks | tasks/s | × RabbitMQ round trip | worker messages/task "
            + "| worker ms/task | broker ms/task | harness ms/task | others % |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    var c = s.cost();
    md.append(
        fmt(
            "| One example worker as shipped | %,d | %s | %s | %s | %s | %s | %s | %s |%n",
            s.tasks(),
            num(s.tasksPerSecond()),
            times(s.tasksPerSecond() / limit),
            two(c.runQueueMessagesPerTask(s.tasks())),
            two(Cost.millisPerTask(c.workersCpu(), s.tasks())),
            two(Cost.millisPerTask(c.brokerCpu(), s.tasks())),
            two(Cost.millisPerTask(c.harnessCpu(), s.tasks())),
            num(c.othersPercent())));
    md.append(
        fmt(
            "| %s | %,d | %s | 1.0× | %s | | %s | %s | %s |%n",
            LIMIT_RABBITMQ,
            r.limitTasks,
            num(limit),
            // its "worker" sends what the broker took in minus the dispatch: a status, a result
            two(median(r.brokerLimitCosts, x -> x.runQueueMessagesPerTask(r.limitTasks) - 1)),
            two(median(r.brokerLimitCosts, x -> Cost.millisPerTask(x.brokerCpu(), r.limitTasks))),
            two(median(r.brokerLimitCosts, x -> Cost.millisPerTask(x.harnessCpu(), r.limitTasks))),
            num(median(r.brokerLimitCosts, Cost::othersPercent))));
    md.append('\n');
  }

  private void growth(StringBuilder md) {
    if (r.growth.isEmpty()) {
      if (r.notRun.stream().anyMatch(n -> n.startsWith("growth"))) {
        md.append(
            "## Growth (table pre-filled)\n\nNot run on PostgreSQL: its pre-fill writes the"
                + " orchestrator's SQLite file directly.\n\n");
      }
      return;
    }
    md.append("## Growth (table pre-filled)\n\n");
    md.append(
        "| tasks in table | tasks/s (batch on top) | list by status ms | stats ms | RSS MiB |\n");
    md.append("|---:|---:|---:|---:|---:|\n");
    for (GrowthPoint g : r.growth) {
      md.append(
          fmt(
              "| %,d | %s | %.1f | %.1f | %s |%n",
              g.rows(),
              num(g.tasksPerSecond()),
              g.listMillis(),
              g.statsMillis(),
              g.residentMib() < 0 ? "n/a" : num(g.residentMib())));
    }
    md.append('\n');
  }

  private void targets(StringBuilder md) {
    md.append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
    var size = sizes().isEmpty() ? 0 : sizes().get(0);
    double ratio = r.batonBest(size) / r.limit();
    target(
        md,
        "End-to-end ≥ 50% of the limit (aim 70%), " + fmt("%,d", size) + " tasks",
        pct(ratio),
        ratio >= 0.5
            ? (ratio >= 0.7 ? "met (and the 70% aim)" : "met (not the 70% aim)")
            : "**not met**");
    if (r.jobRunr.containsKey(size)) {
      double vs = r.batonBest(size) / Results.medianThroughput(r.jobRunr.get(size));
      target(md, "≥ 3× JobRunr's bulk rate", times(vs), yesNo(vs >= 3));
    } else {
      target(md, "≥ 3× JobRunr's bulk rate", "not measured", "n/a");
    }
    if (!r.openLoop.isEmpty()) {
      double p99 = Results.medianLatency(r.openLoop).p99();
      target(md, "p99 submit→completed < 50 ms at half load", num(p99) + " ms", yesNo(p99 < 50));
    }
    if (r.growth.size() >= 2) {
      double change = r.growthChange();
      target(
          md,
          fmt(
              "Throughput at %,d rows within 20%% of %,d rows",
              r.growth.get(r.growth.size() - 1).rows(), r.growth.get(0).rows()),
          fmt("%+.0f%%", 100 * change),
          yesNo(change >= -0.2));
    }
    if (!r.growth.isEmpty()) {
      var last = r.growth.get(r.growth.size() - 1);
      target(
          md,
          fmt("List and stats < 50 ms at %,d rows", last.rows()),
          fmt("list %.1f ms, stats %.1f ms", last.listMillis(), last.statsMillis()),
          yesNo(last.listMillis() < 50 && last.statsMillis() < 50));
    }
    leanProtocolTargets(md);
    hotPathTargets(md);
    md.append('\n');
  }

  /**
   * Issue 18's end targets (the orchestrator's hot path), each judged on this run alone. Its
   * SQLite-only targets are not judged on PostgreSQL runs (no SQLite, no growth there).
   */
  private void hotPathTargets(StringBuilder md) {
    var first = sizes().isEmpty() ? 0 : sizes().get(0);
    r.jobRunr.forEach(
        (size, runs) -> {
          double vs = r.batonBest(size) / Results.medianThroughput(runs);
          target(
              md,
              fmt("Issue 18: Baton ≥ 3× JobRunr, %,d tasks", size),
              times(vs),
              Double.isNaN(vs) ? "n/a" : yesNo(vs >= 3));
        });
    double raw = Percentiles.median(r.brokerLimit);
    if (!Double.isNaN(raw)) {
      double vs = r.batonBest(first) / raw;
      target(
          md,
          fmt("Issue 18: Baton ≥ 1.0× the raw three-message round trip, %,d tasks", first),
          fmt("%s (%s against %s tasks/s)", times(vs), num(r.batonBest(first)), num(raw)),
          Double.isNaN(vs) ? "n/a" : yesNo(vs >= 1));
    }
    var rest = r.baton.getOrDefault(Results.BATCH_REST, Map.of()).get(first);
    var amqp = r.baton.getOrDefault(Results.AMQP, Map.of()).get(first);
    if (rest != null && amqp != null) {
      double vs = Results.medianThroughput(amqp) / Results.medianThroughput(rest);
      target(
          md,
          fmt("Issue 18: AMQP submissions ≥ 0.8× the batch REST rate, %,d tasks", first),
          two(vs) + "×",
          yesNo(vs >= 0.8));
    }
    if (!r.openLoop.isEmpty()) {
      double p99 = Results.medianLatency(r.openLoop).p99();
      var alone =
          r.brokerOpenLoop.isEmpty()
              ? ""
              : fmt(
                  " (RabbitMQ's round trip alone at the same rate: p99 %s ms)",
                  num(Results.medianLatency(r.brokerOpenLoop).p99()));
      target(
          md,
          "Issue 18: open-loop p99 submit→completed < 20 ms at half the peak",
          num(p99) + " ms" + alone,
          yesNo(p99 < 20));
    }
    r.baton.forEach(
        (mode, bySize) ->
            bySize.forEach(
                (size, runs) -> {
                  double ms =
                      median(
                          runs.stream().map(RunResult::cost).toList(),
                          c -> Cost.millisPerTask(c.orchestratorCpu(), size));
                  target(
                      md,
                      fmt(
                          "Issue 18: orchestrator CPU ≤ 0.25 ms per task, %s, %,d tasks",
                          mode, size),
                      two(ms) + " ms",
                      Double.isNaN(ms) ? "n/a" : yesNo(ms <= 0.25));
                }));
    if (r.growth.size() >= 2) {
      double change = r.growthChange();
      target(
          md,
          fmt(
              "Issue 18: throughput at %,d rows within 10%% of %,d rows",
              r.growth.get(r.growth.size() - 1).rows(), r.growth.get(0).rows()),
          fmt("%+.0f%%", 100 * change),
          yesNo(change >= -0.1));
    }
  }

  /** Issue 17's targets (the lean worker protocol v1.1), against main's figures it quotes. */
  private void leanProtocolTargets(StringBuilder md) {
    r.readmeDefaults.forEach(
        (size, runs) -> {
          var costs = runs.stream().map(RunResult::cost).toList();
          double messages = median(costs, c -> c.runQueueMessagesPerTask(size));
          target(
              md,
              fmt("Persistent messages per no-op task ≤ 1.2 (README defaults, %,d tasks)", size),
              fmt(
                  "%s (broker-wide %s)",
                  two(messages), two(median(costs, c -> c.receivedPerTask(size)))),
              Double.isNaN(messages) ? "n/a" : yesNo(messages <= 1.2));
          double rate = Results.medianThroughput(runs);
          double vs = rate / r.baselineDefaultsRate;
          target(
              md,
              fmt(
                  "README defaults ≥ 1.5× main's %,.0f tasks/s (%,d tasks here)",
                  r.baselineDefaultsRate, size),
              fmt("%s tasks/s, %s", num(rate), times(vs)),
              yesNo(vs >= 1.5));
        });
    if (r.phases != null) {
      double reports = Cost.millisPerTask(r.phases.reports().orchestratorCpu(), r.phases.tasks());
      target(
          md,
          fmt(
              "Orchestrator CPU on workers' reports ≤ 1/3 of main's %.1f ms/task",
              r.baselineReportsMillis),
          fmt("%s ms/task (%s)", two(reports), pct(reports / r.baselineReportsMillis)),
          Double.isNaN(reports) ? "n/a" : yesNo(reports <= r.baselineReportsMillis / 3));
    }
    if (r.sdk != null) {
      double ratio = r.sdk.tasksPerSecond() / Percentiles.median(r.brokerLimit);
      target(
          md, "Worker SDK alone ≥ 1.0× the RabbitMQ round trip", times(ratio), yesNo(ratio >= 1));
    }
  }

  private List<Integer> sizes() {
    var sizes = new ArrayList<Integer>();
    r.baton
        .values()
        .forEach(
            bySize ->
                bySize
                    .keySet()
                    .forEach(
                        s -> {
                          if (!sizes.contains(s)) {
                            sizes.add(s);
                          }
                        }));
    sizes.sort(null);
    return sizes;
  }

  private static void target(StringBuilder md, String what, String measured, String met) {
    md.append("| ")
        .append(what)
        .append(" | ")
        .append(measured)
        .append(" | ")
        .append(met)
        .append(" |\n");
  }

  private static String yesNo(boolean met) {
    return met ? "met" : "**not met**";
  }

  private static String line(String key, String value) {
    return "- " + key + ": " + value + "\n";
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "n/a" : fmt("%,.0f", v);
  }

  private static String two(double v) {
    return Double.isNaN(v) ? "n/a" : fmt("%.2f", v);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : fmt("%.0f%%", 100 * v);
  }

  private static String times(double v) {
    return Double.isNaN(v) ? "n/a" : fmt("%.1f×", v);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
