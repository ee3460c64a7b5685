package dev.baton.bench.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The orchestrator's hot spots from a flight recording ({@code jdk.ExecutionSample}): the methods
 * on top of the sampled stacks (self time), and Baton's own methods anywhere on the stacks
 * (inclusive), which point at the code path a fix would start from.
 */
public final class JfrSummary {

  private JfrSummary() {}

  /** JVM options that record a profile of the whole run into {@code file}, written on exit. */
  public static java.util.List<String> recordingOptions(Path file) {
    return java.util.List.of(
        "-XX:StartFlightRecording=filename=" + file + ",settings=profile,dumponexit=true");
  }

  public static String summarize(Path recording, int top) throws Exception {
    if (!Files.exists(recording)) {
      return "(no recording at " + recording + ")";
    }
    var self = new HashMap<String, Integer>();
    var inclusive = new HashMap<String, Integer>();
    int samples = 0;
    for (var event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getStackTrace() == null
          || event.getStackTrace().getFrames().isEmpty()) {
        continue;
      }
      samples++;
      var frames = event.getStackTrace().getFrames();
      self.merge(name(frames.get(0)), 1, Integer::sum);
      var seen = new HashSet<String>();
      for (var frame : frames) {
        var name = name(frame);
        if (name.startsWith("dev.baton.") && seen.add(name)) {
          inclusive.merge(name, 1, Integer::sum);
        }
      }
    }
    var out = new StringBuilder();
    out.append(String.format("%d execution samples.%n%n", samples));
    table(out, "Top methods by self samples (on top of the stack)", self, samples, top);
    table(
        out,
        "Top Baton methods by inclusive samples (anywhere on the stack)",
        inclusive,
        samples,
        top);
    return out.toString();
  }

  private static void table(
      StringBuilder out, String title, Map<String, Integer> counts, int samples, int top) {
    out.append("**").append(title).append("**\n\n| samples | % | method |\n|---:|---:|---|\n");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                out.append(
                    String.format(
                        "| %d | %.1f | `%s` |%n",
                        e.getValue(), 100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    out.append('\n');
  }

  private static String name(RecordedFrame frame) {
    var method = frame.getMethod();
    return method.getType().getName() + "." + method.getName();
  }
}
