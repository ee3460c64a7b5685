package dev.baton.bench.report;

import dev.baton.bench.process.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a run's report: bench/target/results/benchmarks.md and chart.png always; with publish,
 * also docs/images/benchmarks.png and the results section of docs/benchmarks.md (between its
 * markers), so the page shows the figures of exactly one run.
 */
public final class ReportFiles {

  private static final String RESULTS_START = "<!-- results:start -->";
  private static final String RESULTS_END = "<!-- results:end -->";

  private final Path root;
  private final String runId;

  public ReportFiles(Path root, String runId) {
    this.root = root;
    this.runId = runId;
  }

  public void write(Results results, Machine machine, boolean publish) throws Exception {
    var resultsDir = root.resolve("bench/target/results");
    Files.createDirectories(resultsDir);
    var markdown = resultsDir.resolve("benchmarks.md");
    var chart = resultsDir.resolve("chart.png");
    Chart.write(results, chart);
    var report = new MarkdownReport(results, machine);
    Files.writeString(
        markdown, "# Benchmark results (" + runId + ")\n\n" + report.render("chart.png"));
    Progress.say("wrote %s and %s", markdown, chart);
    if (publish) {
      publish(chart, report.render("images/benchmarks.png"));
    }
    System.out.println();
    System.out.println(Files.readString(markdown));
  }

  private void publish(Path chart, String section) throws Exception {
    var images = root.resolve("docs/images");
    Files.createDirectories(images);
    Files.copy(chart, images.resolve("benchmarks.png"), StandardCopyOption.REPLACE_EXISTING);
    var doc = root.resolve("docs/benchmarks.md");
    var text = Files.exists(doc) ? Files.readString(doc) : "";
    int from = text.indexOf(RESULTS_START);
    int to = text.indexOf(RESULTS_END);
    if (from < 0 || to < from) {
      throw new IllegalStateException(
          doc + " has no " + RESULTS_START + " … " + RESULTS_END + " markers to publish into");
    }
    // One heading level down: the section sits under the page's "## Results".
    var published =
        "Run "
            + runId
            + ", written by `java -jar bench/target/baton-bench.jar --publish`.\n"
            + ("\n" + section).replace("\n## ", "\n### ");
    Files.writeString(
        doc,
        text.substring(0, from + RESULTS_START.length()) + "\n" + published + text.substring(to));
    Progress.say("published into docs/benchmarks.md and docs/images/benchmarks.png");
  }
}
