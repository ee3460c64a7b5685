package dev.baton.bench.report;

import dev.baton.bench.growth.GrowthPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    md.append(line("Duration", fmt("%.1f minutes", r.elapsedMinutes)));
    md.append("\n![throughput and growth](").append(chartPath).append(")\n\n");
    headline(md);
    throughput(md);
    growth(md);
    targets(md);
    if (!r.profile.isBlank()) {
      md.append("## Profile of the orchestrator (JFR, end-to-end runs)\n\n").append(r.profile);
    }
    return md.toString();
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
    }
    md.append('\n');
  }

  private void throughput(StringBuilder md) {
    md.append("## Throughput and latency (medians of the runs)\n\n");
    md.append(
        "| what | tasks | runs | tasks/s | p50 ms | p95 ms | p99 ms | CPU % | CPU ms/task |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    md.append(
        fmt(
            "| Limit: RabbitMQ, 3 confirmed persistent messages per task | %,d | %d | %s "
                + "| | | | | |%n",
            r.limitTasks, r.brokerLimit.size(), num(Percentiles.median(r.brokerLimit))));
    md.append(
        fmt(
            "| Limit: SQLite WAL, 1 insert + 3 updates per task | %,d | %d | %s | | | | | |%n",
            r.limitTasks, r.sqliteLimit.size(), num(Percentiles.median(r.sqliteLimit))));
    r.baton.forEach(
        (mode, bySize) ->
            bySize.forEach(
                (size, runs) -> row(md, "Baton, " + mode + " (closed loop)", size, runs)));
    if (!r.openLoop.isEmpty()) {
      row(
          md,
          fmt(
              "Baton, AMQP open loop at %.0f tasks/s (half peak) for %d s",
              r.openLoopRate, r.openLoopSeconds),
          r.openLoop.get(0).tasks(),
          r.openLoop);
    }
    r.jobRunr.forEach(
        (size, runs) ->
            row(md, "JobRunr 8.2.0, bulk enqueue, " + r.jobRunrThreads + " threads", size, runs));
    md.append('\n');
  }

  private void row(
      StringBuilder md, String what, int size, List<dev.baton.bench.baton.RunResult> runs) {
    var latency = Results.medianLatency(runs);
    var cpu = Percentiles.median(runs.stream().map(run -> run.cpuPercent()).toList());
    md.append(
        fmt(
            "| %s | %,d | %d | %s | %s | %s | %s | %s | %s |%n",
            what,
            size,
            runs.size(),
            num(Results.medianThroughput(runs)),
            num(latency.p50()),
            num(latency.p95()),
            num(latency.p99()),
            num(cpu),
            Double.isNaN(cpu) ? "n/a" : fmt("%.1f", 10 * cpu / Results.medianThroughput(runs))));
  }

  private void growth(StringBuilder md) {
    if (r.growth.isEmpty()) {
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
      var first = r.growth.get(0);
      var last = r.growth.get(r.growth.size() - 1);
      double change = last.tasksPerSecond() / first.tasksPerSecond() - 1;
      target(
          md,
          fmt("Throughput at %,d rows within 20%% of %,d rows", last.rows(), first.rows()),
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
    md.append('\n');
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
