package dev.baton.bench.growth;

import dev.baton.bench.baton.EndToEnd;
import dev.baton.bench.process.Http;
import dev.baton.bench.process.Orchestrator;
import dev.baton.bench.process.Progress;
import dev.baton.bench.report.Percentiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Growth: the same orchestrator with its table pre-filled to each size in turn (stopped while the
 * file is filled, started again to measure), on a file of its own so that the end-to-end runs'
 * tasks do not count.
 */
public final class Growth {

  private static final int WARM_UP = 5;
  private static final int SAMPLES = 20;

  private final Orchestrator orchestrator;
  private final EndToEnd endToEnd;
  private final Path database;
  private final int batchTasks;

  public Growth(Orchestrator orchestrator, EndToEnd endToEnd, Path database, int batchTasks) {
    this.orchestrator = orchestrator;
    this.endToEnd = endToEnd;
    this.database = database;
    this.batchTasks = batchTasks;
  }

  /** {@code sizes} ascending; the orchestrator has created the schema and is stopped. */
  public List<GrowthPoint> run(List<Integer> sizes, String runId) throws Exception {
    var points = new ArrayList<GrowthPoint>();
    for (int size : sizes) {
      orchestrator.stop();
      Progress.say("growth: pre-filling to %,d tasks", size);
      Prefill.fillTo(database, size);
      orchestrator.start();
      // A fresh JVM: warm it up (JIT, connections) as the end-to-end runs are, not measured.
      endToEnd.restBatch(Math.min(1_000, batchTasks), "growth-warmup-" + size + "-" + runId);
      var throughput = endToEnd.restBatch(batchTasks, "growth-" + size + "-" + runId);
      var http = orchestrator.http();
      double list = medianMillis(http, "/api/v1/tasks?status=COMPLETED&limit=50");
      double stats = medianMillis(http, "/api/v1/tasks/stats");
      double rss = orchestrator.process().residentMib();
      var point = new GrowthPoint(size, throughput.tasksPerSecond(), list, stats, rss);
      Progress.say(
          "growth %,d rows: %.0f tasks/s, list %.1f ms, stats %.1f ms, RSS %.0f MiB",
          size, point.tasksPerSecond(), list, stats, rss);
      points.add(point);
    }
    orchestrator.stop();
    return points;
  }

  private static double medianMillis(Http http, String path) {
    var samples = new ArrayList<Double>();
    for (int i = 0; i < WARM_UP + SAMPLES; i++) {
      long start = System.nanoTime();
      var response = http.get(path);
      double millis = (System.nanoTime() - start) / 1e6;
      if (response.status() != 200) {
        throw new IllegalStateException(path + " answered " + response.status());
      }
      if (i >= WARM_UP) {
        samples.add(millis);
      }
    }
    return Percentiles.median(samples);
  }
}
