package dev.baton.orchestrator.faults;

import static dev.baton.protocol.TaskStatus.ASSIGNED;
import static dev.baton.protocol.TaskStatus.CANCELLED;
import static dev.baton.protocol.TaskStatus.COMPLETED;
import static dev.baton.protocol.TaskStatus.FAILED;
import static dev.baton.protocol.TaskStatus.QUEUED;
import static dev.baton.protocol.TaskStatus.RETRYING;
import static dev.baton.protocol.TaskStatus.RUNNING;
import static dev.baton.protocol.TaskStatus.SCHEDULED;
import static dev.baton.protocol.TaskStatus.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.TaskStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Checks a task's end and its history ({@code GET /api/v1/tasks/{id}/events}) against the state
 * machine of {@code docs/protocol.md}: the task ends in the expected terminal state; exactly one
 * APPLIED transition reaches it; every APPLIED transition is one the table allows for its trigger;
 * the APPLIED transitions form one chain (each starts where the previous ended), which a lost
 * update or a transition applied twice would break; and the applied reports about one attempt come
 * from one worker at a time ("one worker per attempt"), even when a dispatch was delivered twice: a
 * report of another worker applies only as a take-over (the broker redelivered the dispatch after
 * its holder's channel closed), which the history says.
 */
final class HistoryCheck {

  private static final Set<TaskStatus> NOT_TERMINAL =
      EnumSet.of(SCHEDULED, SUBMITTED, QUEUED, ASSIGNED, RUNNING, RETRYING);
  private static final Set<TaskStatus> AWAITING_DISPATCH =
      EnumSet.of(SUBMITTED, SCHEDULED, RETRYING);

  /** The protocol's table: per trigger, the states it may leave and the states it may reach. */
  record Rule(Set<TaskStatus> from, Set<TaskStatus> to) {}

  static final Map<String, Rule> RULES =
      Map.of(
          "DISPATCH_CONFIRMED", new Rule(AWAITING_DISPATCH, EnumSet.of(QUEUED)),
          "WORKER_ASSIGNED",
              new Rule(union(AWAITING_DISPATCH, EnumSet.of(QUEUED)), EnumSet.of(ASSIGNED)),
          "WORKER_RUNNING",
              new Rule(union(AWAITING_DISPATCH, EnumSet.of(QUEUED, ASSIGNED)), EnumSet.of(RUNNING)),
          "WORKER_PROGRESS", new Rule(NOT_TERMINAL, EnumSet.of(RUNNING)),
          "WORKER_COMPLETED", new Rule(NOT_TERMINAL, EnumSet.of(COMPLETED)),
          "WORKER_FAILED", new Rule(NOT_TERMINAL, EnumSet.of(RETRYING, FAILED)),
          "ATTEMPT_TIMED_OUT",
              new Rule(EnumSet.of(ASSIGNED, RUNNING), EnumSet.of(RETRYING, FAILED)),
          "WORKER_LOST", new Rule(EnumSet.of(ASSIGNED, RUNNING), EnumSet.of(RETRYING, FAILED)),
          "CANCEL", new Rule(NOT_TERMINAL, EnumSet.of(CANCELLED)),
          "RETRY", new Rule(EnumSet.of(FAILED, CANCELLED), EnumSet.of(SUBMITTED)));

  /** Triggers that a worker reports; once a worker holds an attempt, only its reports apply. */
  static final Set<String> WORKER_REPORTS =
      Set.of(
          "WORKER_ASSIGNED",
          "WORKER_RUNNING",
          "WORKER_PROGRESS",
          "WORKER_COMPLETED",
          "WORKER_FAILED");

  /** One history entry as the API shows it. */
  record Entry(
      long seq,
      int attempt,
      String trigger,
      String from,
      String to,
      String outcome,
      String reason,
      String workerId,
      String detail) {

    static Entry of(JsonNode e) {
      return new Entry(
          e.path("seq").asLong(),
          e.path("attempt").asInt(),
          text(e, "trigger"),
          text(e, "from"),
          text(e, "to"),
          text(e, "outcome"),
          text(e, "reason"),
          text(e, "workerId"),
          text(e, "detail"));
    }

    boolean applied() {
      return "APPLIED".equals(outcome);
    }

    /** A worker report that took the attempt over from the worker that held it. */
    boolean takeOver() {
      return applied() && reason != null && reason.startsWith("taken over from worker ");
    }

    @Override
    public String toString() {
      return "#%d a%d %s %s->%s %s%s%s%s"
          .formatted(
              seq,
              attempt,
              trigger == null ? "(created)" : trigger,
              from,
              to,
              outcome,
              workerId == null ? "" : " by " + workerId,
              reason == null ? "" : " (" + reason + ")",
              detail == null ? "" : " [" + detail + "]");
    }

    private static String text(JsonNode node, String field) {
      var value = node.get(field);
      return value == null || value.isNull() ? null : value.asString();
    }
  }

  /** A task as read back: the task and its history, oldest first. */
  record Verified(UUID id, JsonNode task, List<Entry> history) {

    List<Entry> applied() {
      return history.stream().filter(Entry::applied).toList();
    }

    boolean applied(String trigger) {
      return applied().stream().anyMatch(e -> trigger.equals(e.trigger()));
    }

    String dump() {
      var text = new StringBuilder("task " + id + " " + task + "\n");
      history.forEach(e -> text.append("  ").append(e).append('\n'));
      return text.toString();
    }
  }

  private HistoryCheck() {}

  /** Reads task {@code id} and asserts its end state and history; returns them for more checks. */
  static Verified verify(JsonHttp http, UUID id, String expectedTerminal) {
    var verified = read(http, id);
    assertThat(violations(verified, expectedTerminal)).as(verified.dump()).isEmpty();
    return verified;
  }

  static Verified read(JsonHttp http, UUID id) {
    var task = http.getJson("/api/v1/tasks/" + id);
    var history = new ArrayList<Entry>();
    for (var entry : http.getJson("/api/v1/tasks/" + id + "/events")) {
      history.add(Entry.of(entry));
    }
    return new Verified(id, task, List.copyOf(history));
  }

  /** What is wrong with a task's end state and history; empty when nothing is. */
  static List<String> violations(Verified verified, String expectedTerminal) {
    var problems = new ArrayList<String>();
    var status = verified.task().path("status").asString();
    if (!expectedTerminal.equals(status)) {
      problems.add("status is " + status + ", expected " + expectedTerminal);
    }
    var applied = verified.applied();
    if (applied.isEmpty()
        || applied.get(0).trigger() != null
        || !Set.of("SUBMITTED", "SCHEDULED").contains(applied.get(0).to())) {
      problems.add("history does not start with the creation (to SUBMITTED or SCHEDULED)");
    }
    long terminal = applied.stream().filter(e -> expectedTerminal.equals(e.to())).count();
    if (terminal != 1) {
      problems.add(terminal + " APPLIED transitions to " + expectedTerminal + ", expected 1");
    }
    Entry previous = null;
    for (var e : applied) {
      if (previous != null) {
        if (e.trigger() == null) {
          problems.add("a second creation entry: " + e);
        } else if (!legal(e)) {
          problems.add("illegal transition " + e);
        }
        if (!previous.to().equals(e.from())) {
          problems.add("transition " + e + " does not start where " + previous + " ended");
        }
      }
      previous = e;
    }
    if (previous != null && !expectedTerminal.equals(previous.to())) {
      problems.add("the last APPLIED transition ends in " + previous.to());
    }
    var holderByAttempt = new TreeMap<Integer, String>();
    for (var e : applied) {
      if (e.trigger() == null || !WORKER_REPORTS.contains(e.trigger()) || e.workerId() == null) {
        continue;
      }
      var holder = holderByAttempt.get(e.attempt());
      if (holder != null && !holder.equals(e.workerId()) && !e.takeOver()) {
        problems.add(
            "report of attempt "
                + e.attempt()
                + " applied from "
                + e.workerId()
                + " while "
                + holder
                + " held it, without a take-over: "
                + e);
      }
      holderByAttempt.put(e.attempt(), e.workerId());
    }
    return problems;
  }

  /** Whether the protocol allows this APPLIED transition for its trigger. */
  static boolean legal(Entry e) {
    var rule = RULES.get(e.trigger());
    if (rule == null || e.from() == null || e.to() == null) {
      return false;
    }
    var from = TaskStatus.valueOf(e.from());
    if (e.takeOver()) {
      // Decided as if the attempt were back in the queue: from a held state, to what the report
      // would reach from QUEUED.
      return EnumSet.of(ASSIGNED, RUNNING).contains(from)
          && rule.to().contains(TaskStatus.valueOf(e.to()));
    }
    return rule.from().contains(from) && rule.to().contains(TaskStatus.valueOf(e.to()));
  }

  private static Set<TaskStatus> union(Set<TaskStatus> a, Set<TaskStatus> b) {
    var all = EnumSet.copyOf(a);
    all.addAll(b);
    return all;
  }
}
