package dev.baton.orchestrator.task;

import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** How a task's tags changed, for its history: the keys only (values can be long). */
final class TagChanges {

  private TagChanges() {}

  /** E.g. {@code (added [env]; removed [old]; changed [team])}. */
  static String describe(Map<String, String> before, Map<String, String> after) {
    var added = new TreeSet<>(after.keySet());
    added.removeAll(before.keySet());
    var removed = new TreeSet<>(before.keySet());
    removed.removeAll(after.keySet());
    var changed = new TreeSet<String>();
    for (var key : after.keySet()) {
      if (before.containsKey(key) && !Objects.equals(before.get(key), after.get(key))) {
        changed.add(key);
      }
    }
    var parts = new ArrayList<String>();
    if (!added.isEmpty()) {
      parts.add("added " + added);
    }
    if (!removed.isEmpty()) {
      parts.add("removed " + removed);
    }
    if (!changed.isEmpty()) {
      parts.add("changed " + changed);
    }
    return "(" + String.join("; ", parts) + ")";
  }
}
