package dev.baton.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plain aligned columns: a header row, then rows, columns separated by two spaces, the last column
 * not padded. Missing values show as {@code -}.
 */
final class Table {

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... headers) {
    this.columns = headers.length;
    rows.add(headers);
  }

  Table row(Object... values) {
    if (values.length != columns) {
      throw new IllegalArgumentException(
          "expected " + columns + " values, got " + Arrays.toString(values));
    }
    var cells = new String[columns];
    for (int i = 0; i < columns; i++) {
      var value = values[i] == null ? "" : values[i].toString();
      cells[i] = value.isEmpty() ? "-" : value.replace('\n', ' ');
    }
    rows.add(cells);
    return this;
  }

  /** Rows without the header. */
  int size() {
    return rows.size() - 1;
  }

  String render() {
    var widths = new int[columns];
    for (var row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    var out = new StringBuilder();
    for (var row : rows) {
      var line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        if (i < columns - 1) {
          line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
        } else {
          line.append(row[i]);
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
