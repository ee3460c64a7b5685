package dev.baton.bench.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The orchestrator's hot spots from a flight recording ({@code jdk.ExecutionSample}): the methods
 * on top of the sampled stacks (self time), and Baton's own methods anywhere on the stacks
 * (inclusive), which point at the code path a fix would start from.
 */
public final class JfrSummary {

  private JfrSummary() {}

  public static String summarize(Path recording, int top) throws Exception {
    if (!Files.exists(recording)) {
      return "(no recording at " + recording + ")";
    }
    var self = new HashMap<String, Integer>();
    var inclusive = new HashMap<String, Integer>();
    var components = new HashMap<String, Integer>();
    var threadLoad = new HashMap<String, Double>();
    int samples = 0;
    // Streamed, not readAllEvents: a full run's recording holds millions of events.
    try (var file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        var event = file.readEvent();
        if (event.getEventType().getName().equals("jdk.ThreadCPULoad")) {
          countLoad(event, threadLoad);
        } else {
          samples += count(event, self, inclusive, components);
        }
      }
    }
    var out = new StringBuilder();
    threadTable(out, threadLoad);
    out.append(
        String.format(
            "%d samples (Java execution samples, plus native samples inside SQLite).%n%n",
            samples));
    table(
        out,
        "Where the time goes: the first non-JDK frame from the top, by component",
        components,
        samples,
        top);
    table(out, "Top methods by self samples (on top of the stack)", self, samples, top);
    table(
        out,
        "Top Baton methods by inclusive samples (anywhere on the stack)",
        inclusive,
        samples,
        top);
    return out.toString();
  }

  /** Counts one event into the tables; 1 if it is a sample of work, 0 otherwise. */
  private static int count(
      RecordedEvent event,
      Map<String, Integer> self,
      Map<String, Integer> inclusive,
      Map<String, Integer> components) {
    var type = event.getEventType().getName();
    if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
      return 0;
    }
    var frames = event.getStackTrace().getFrames();
    // Native samples are mostly threads parked in socket reads; only SQLite's are work.
    boolean sqliteNative =
        type.equals("jdk.NativeMethodSample") && name(frames.get(0)).startsWith("org.sqlite.");
    if (!type.equals("jdk.ExecutionSample") && !sqliteNative) {
      return 0;
    }
    self.merge(name(frames.get(0)), 1, Integer::sum);
    components.merge(component(frames), 1, Integer::sum);
    var seen = new HashSet<String>();
    for (var frame : frames) {
      var name = name(frame);
      if (name.startsWith("dev.baton.") && !name.contains("$$") && seen.add(name)) {
        inclusive.merge(name, 1, Integer::sum);
      }
    }
    return 1;
  }

  /**
   * CPU by thread group, from the periodic {@code jdk.ThreadCPULoad} events (each thread's share of
   * the machine over the last period, all periods equally long): unlike the samples, it includes
   * the JVM's own threads, and the JIT compiler's share shows how much of a run's CPU went into
   * compiling rather than into the orchestrator's work.
   */
  private static void countLoad(RecordedEvent event, Map<String, Double> load) {
    var thread = event.getThread("eventThread");
    if (thread == null) {
      return;
    }
    var name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
    double share = event.getFloat("user") + event.getFloat("system");
    load.merge(threadGroup(name), share, Double::sum);
  }

  /** A thread's name without its numbers: the pool or role it belongs to. */
  static String threadGroup(String name) {
    if (name == null) {
      return "(unnamed)";
    }
    if (name.contains("CompilerThre")) {
      return "JIT compiler threads";
    }
    if (name.startsWith("G1 ") || name.startsWith("GC ") || name.contains("GC Thread")) {
      return "garbage collector";
    }
    return name.replaceAll("\\d+", "N");
  }

  private static void threadTable(StringBuilder out, Map<String, Double> load) {
    double total = load.values().stream().mapToDouble(Double::doubleValue).sum();
    if (total <= 0) {
      return;
    }
    out.append(
        "**CPU by thread (JFR `jdk.ThreadCPULoad`, share of the orchestrator's CPU over the"
            + " recording)**\n\n| % | threads |\n|---:|---|\n");
    load.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(12)
        .forEach(
            e ->
                out.append(
                    String.format("| %.1f | `%s` |%n", 100 * e.getValue() / total, e.getKey())));
    out.append('\n');
  }

  private static void table(
      StringBuilder out, String title, Map<String, Integer> counts, int samples, int top) {
    out.append("**").append(title).append("**\n\n| samples | % | frame |\n|---:|---:|---|\n");
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

  /**
   * The library or Baton package a sample is spent in: the first frame that is not the JDK's,
   * shortened to its package's first three parts (org.hibernate.orm, dev.baton.orchestrator…).
   */
  private static String component(java.util.List<RecordedFrame> frames) {
    for (var frame : frames) {
      var type = frame.getMethod().getType().getName();
      if (type.startsWith("java.")
          || type.startsWith("jdk.")
          || type.startsWith("sun.")
          || type.startsWith("com.sun.")) {
        continue;
      }
      var parts = type.split("\\.");
      if (type.startsWith("dev.baton.") && parts.length > 3) {
        return String.join(".", java.util.Arrays.copyOf(parts, 4)); // the feature package
      }
      return String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
    }
    return "JDK only";
  }

  private static String name(RecordedFrame frame) {
    var method = frame.getMethod();
    return method.getType().getName() + "." + method.getName();
  }
}
