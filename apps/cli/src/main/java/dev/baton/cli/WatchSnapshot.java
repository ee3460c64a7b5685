package dev.baton.cli;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** What {@code watch} saw in one poll: how many tasks, and how many in each state. */
record WatchSnapshot(long total, Map<String, Long> byStatus) {

  static WatchSnapshot of(Collection<String> statuses) {
    var byStatus = new TreeMap<String, Long>();
    statuses.forEach(s -> byStatus.merge(s, 1L, Long::sum));
    return new WatchSnapshot(statuses.size(), byStatus);
  }

  long count(String status) {
    return byStatus.getOrDefault(status, 0L);
  }

  boolean allTerminal() {
    return Views.TERMINAL.stream().mapToLong(this::count).sum() == total;
  }

  boolean allCompleted() {
    return count("COMPLETED") == total;
  }
}
