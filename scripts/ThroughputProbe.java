import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A quick end-to-end throughput probe (until the benchmark harness of bench/ lands): submits N
 * no-op echo tasks in batches of 1,000, spread round-robin over one or more orchestrators, and
 * reports tasks/s from the first submission to the last COMPLETED, read from /api/v1/tasks/stats
 * filtered by a tag unique to the run. Run with `java scripts/ThroughputProbe.java N URL [URL…]`
 * against orchestrators and workers already running (see docs/scaling.md for the set-ups used).
 */
public class ThroughputProbe {

  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern COMPLETED = Pattern.compile("\"COMPLETED\"\\s*:\\s*(\\d+)");
  private static final Pattern FAILED = Pattern.compile("\"FAILED\"\\s*:\\s*(\\d+)");

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: java scripts/ThroughputProbe.java TASKS URL [URL...]");
      System.exit(2);
    }
    int tasks = Integer.parseInt(args[0]);
    var urls = List.of(args).subList(1, args.length);
    var run = UUID.randomUUID().toString().substring(0, 8);
    long start = System.nanoTime();
    int sent = 0;
    for (int batch = 0; sent < tasks; batch++) {
      int n = Math.min(1_000, tasks - sent);
      var body = new StringBuilder("{\"tasks\":[");
      for (int i = 0; i < n; i++) {
        body.append(i == 0 ? "" : ",")
            .append("{\"type\":\"echo\",\"input\":{\"n\":")
            .append(sent + i)
            .append("},\"tags\":{\"probe\":\"")
            .append(run)
            .append("\"}}");
      }
      var url = urls.get(batch % urls.size());
      var response = post(url + "/api/v1/tasks/batch", body.append("]}").toString());
      if (response.statusCode() != 201) {
        throw new IllegalStateException("batch answered " + response.statusCode());
      }
      sent += n;
    }
    double submitSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("submitted %d tasks in %.1f s (%.0f/s)%n", tasks, submitSeconds, tasks / submitSeconds);
    int completed = 0;
    int failed = 0;
    long lastReport = 0;
    while (completed + failed < tasks) {
      Thread.sleep(200); // polling a remote service for progress, not synchronising threads
      var stats = get(urls.get(0) + "/api/v1/tasks/stats?tag=probe:" + run).body();
      completed = count(COMPLETED, stats);
      failed = count(FAILED, stats);
      long now = System.nanoTime();
      if (now - lastReport > 5_000_000_000L) {
        System.out.printf("  %d/%d completed after %.1f s%n", completed, tasks, (now - start) / 1e9);
        lastReport = now;
      }
      if ((now - start) / 1e9 > 900) {
        throw new IllegalStateException("not done after 15 minutes: " + stats);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%d tasks (%d failed) end to end in %.1f s: %.0f tasks/s%n",
        tasks, failed, seconds, tasks / seconds);
  }

  private static int count(Pattern p, String json) {
    var m = p.matcher(json);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static HttpResponse<String> post(String url, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
