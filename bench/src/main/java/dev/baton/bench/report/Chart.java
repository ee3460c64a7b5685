package dev.baton.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The run as a PNG, with plain Java2D (no charting dependency): throughput of every contender as
 * horizontal bars on the left, throughput and query latency against table size on the right.
 */
public final class Chart {

  private static final int WIDTH = 1400;
  private static final int HEIGHT = 620;
  private static final Color LIMIT = new Color(0x9e9e9e);
  private static final Color BATON = new Color(0x1e88e5);
  private static final Color PEER = new Color(0xfb8c00);

  private record Bar(String label, double value, Color color) {}

  private Chart() {}

  public static void write(Results r, Path file) throws Exception {
    System.setProperty("java.awt.headless", "true");
    var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    throughput(g, r, 20, 20, 820, HEIGHT - 40);
    growth(g, r, 870, 20, WIDTH - 890, HEIGHT - 40);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static void throughput(Graphics2D g, Results r, int x, int y, int w, int h) {
    var bars = new ArrayList<Bar>();
    bars.add(new Bar("Limit: RabbitMQ", Percentiles.median(r.brokerLimit), LIMIT));
    if (!r.sqliteLimit.isEmpty()) {
      bars.add(new Bar("Limit: SQLite", Percentiles.median(r.sqliteLimit), LIMIT));
    }
    r.readmeDefaults.forEach(
        (size, runs) ->
            bars.add(
                new Bar(
                    String.format(Locale.ROOT, "Baton as shipped, %,d", size),
                    Results.medianThroughput(runs),
                    BATON)));
    r.baton.forEach(
        (mode, bySize) ->
            bySize.forEach(
                (size, runs) ->
                    bars.add(
                        new Bar(
                            String.format(Locale.ROOT, "Baton %s, %,d", mode, size),
                            Results.medianThroughput(runs),
                            BATON))));
    r.jobRunr.forEach(
        (size, runs) ->
            bars.add(
                new Bar(
                    String.format(Locale.ROOT, "JobRunr, %,d", size),
                    Results.medianThroughput(runs),
                    PEER)));
    var on =
        r.postgres
            ? String.format(
                Locale.ROOT,
                "; Baton on PostgreSQL, %d orchestrator%s",
                r.orchestrators,
                r.orchestrators == 1 ? "" : "s")
            : "";
    title(g, "Tasks/s (median of runs; no-op tasks, one machine" + on + ")", x, y);
    int labelWidth = 230;
    int top = y + 40;
    int rowHeight = Math.min(48, (h - 50) / Math.max(1, bars.size()));
    double max =
        bars.stream().mapToDouble(Bar::value).filter(v -> !Double.isNaN(v)).max().orElse(1);
    var scale = (w - labelWidth - 90) / max;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    for (int i = 0; i < bars.size(); i++) {
      var bar = bars.get(i);
      int rowY = top + i * rowHeight;
      g.setColor(Color.DARK_GRAY);
      g.drawString(bar.label(), x, rowY + rowHeight / 2 + 5);
      if (Double.isNaN(bar.value())) {
        continue;
      }
      int length = (int) Math.max(1, bar.value() * scale);
      g.setColor(bar.color());
      g.fillRect(x + labelWidth, rowY + 6, length, rowHeight - 12);
      g.setColor(Color.BLACK);
      g.drawString(
          String.format(Locale.ROOT, "%,.0f", bar.value()),
          x + labelWidth + length + 6,
          rowY + rowHeight / 2 + 5);
    }
  }

  private static void growth(Graphics2D g, Results r, int x, int y, int w, int h) {
    title(g, "Growth: pre-filled table", x, y);
    if (r.growth.isEmpty()) {
      g.drawString(
          r.postgres ? "(not run on PostgreSQL: its pre-fill writes SQLite)" : "(not measured)",
          x,
          y + 60);
      return;
    }
    int top = y + 60;
    int bottom = y + h - 110;
    double max = r.growth.stream().mapToDouble(p -> p.tasksPerSecond()).max().orElse(1);
    int slot = (w - 40) / r.growth.size();
    g.setStroke(new BasicStroke(1));
    g.setColor(Color.GRAY);
    g.drawLine(x + 20, bottom, x + w - 20, bottom);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    for (int i = 0; i < r.growth.size(); i++) {
      var p = r.growth.get(i);
      int barX = x + 30 + i * slot;
      int barW = Math.min(140, slot - 30);
      int barH = (int) ((bottom - top) * p.tasksPerSecond() / max);
      g.setColor(BATON);
      g.fillRect(barX, bottom - barH, barW, barH);
      g.setColor(Color.BLACK);
      g.drawString(
          String.format(Locale.ROOT, "%,.0f/s", p.tasksPerSecond()), barX, bottom - barH - 6);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%,d rows", p.rows()), barX, bottom + 20);
      g.drawString(String.format(Locale.ROOT, "list %.0f ms", p.listMillis()), barX, bottom + 40);
      g.drawString(String.format(Locale.ROOT, "stats %.0f ms", p.statsMillis()), barX, bottom + 60);
      g.drawString(
          p.residentMib() < 0
              ? "RSS n/a"
              : String.format(Locale.ROOT, "RSS %.0f MiB", p.residentMib()),
          barX,
          bottom + 80);
    }
  }

  private static void title(Graphics2D g, String text, int x, int y) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    g.drawString(text, x, y + 18);
  }
}
