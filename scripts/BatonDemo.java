import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The demo producer of ./demo.sh: submits a few tasks of each example type over REST and shows
 * them moving to their terminal states. A single source file run with `java BatonDemo.java URL`, so
 * the demo needs nothing but a JDK (no curl, no jq).
 */
public class BatonDemo {

  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z]+)\"");
  private static final Pattern RESULT = Pattern.compile("\"result\"\\s*:\\s*(\\{[^}]*\\}|null)");
  private static final Pattern ATTEMPT = Pattern.compile("\"attempt\"\\s*:\\s*(\\d+)");

  public static void main(String[] args) throws Exception {
    var base = args.length > 0 ? args[0] : "http://localhost:8080";
    waitForHealth(base, Duration.ofMinutes(3));
    if (List.of(args).contains("--health-only")) {
      return;
    }

    var submissions = new LinkedHashMap<String, String>();
    submissions.put("echo", "{\"type\":\"echo\",\"input\":{\"hello\":\"baton\"}}");
    submissions.put("sha256", "{\"type\":\"sha256\",\"input\":{\"text\":\"abc\"}}");
    submissions.put("sleep", "{\"type\":\"sleep\",\"input\":{\"ms\":1500}}");
    submissions.put("fail", "{\"type\":\"fail\",\"maxRetries\":1}");
    submissions.put("priority echo", "{\"type\":\"echo\",\"priority\":9,\"input\":{\"n\":2}}");

    var ids = new LinkedHashMap<String, String>();
    for (var e : submissions.entrySet()) {
      var response = post(base + "/api/v1/tasks", e.getValue());
      if (response.statusCode() != 201) {
        throw new IllegalStateException("submit failed: " + response.statusCode() + " " + response.body());
      }
      var id = find(ID, response.body());
      ids.put(id, e.getKey());
      System.out.printf("submitted %-14s -> %s%n", e.getKey(), id);
    }

    System.out.println();
    System.out.println("Waiting for the tasks to finish (the 'fail' task retries once after ~1 s)…");
    var deadline = Instant.now().plusSeconds(90);
    var last = "";
    while (true) {
      var lines = new ArrayList<String>();
      int terminal = 0;
      for (var e : ids.entrySet()) {
        var body = get(base + "/api/v1/tasks/" + e.getKey()).body();
        var status = find(STATUS, body);
        if (List.of("COMPLETED", "FAILED", "CANCELLED").contains(status)) {
          terminal++;
        }
        lines.add(
            String.format(
                "  %-14s %-10s attempt %s  result %s",
                e.getValue(), status, find(ATTEMPT, body), find(RESULT, body)));
      }
      var table = String.join("\n", lines);
      if (!table.equals(last)) {
        System.out.println("[" + terminal + "/" + ids.size() + " done]");
        System.out.println(table);
        last = table;
      }
      if (terminal == ids.size()) {
        break;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("tasks did not finish in 90 s; is the example worker running?");
      }
      Thread.sleep(300);
    }
    var sample = ids.keySet().iterator().next();
    System.out.println();
    System.out.println("History of the echo task (GET /api/v1/tasks/" + sample + "/events):");
    System.out.println(get(base + "/api/v1/tasks/" + sample + "/events").body());
  }

  private static void waitForHealth(String base, Duration max) throws Exception {
    var until = Instant.now().plus(max);
    System.out.print("Waiting for the orchestrator at " + base + " ");
    while (Instant.now().isBefore(until)) {
      try {
        var r = get(base + "/actuator/health");
        if (r.statusCode() == 200) {
          System.out.println(" up.");
          return;
        }
      } catch (java.io.IOException notYet) {
        // still starting
      }
      System.out.print(".");
      Thread.sleep(1000);
    }
    throw new IllegalStateException("orchestrator not healthy after " + max.toSeconds() + " s; see its log");
  }

  private static HttpResponse<String> post(String url, String json) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String find(Pattern p, String body) {
    var m = p.matcher(body);
    return m.find() ? m.group(1) : "?";
  }
}
