package dev.baton.bench.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code rabbitmqctl} on this machine, when there is one: the broker's own view (its counters, its
 * queues' depths, its OS pid) without the management plugin. Each call starts an Erlang VM (about a
 * second and as much CPU), so the harness calls it around measured runs, never inside them.
 */
public final class Rabbitmqctl {

  private Rabbitmqctl() {}

  /** Its standard output, or empty when it is not installed, fails or hangs (a minute at most). */
  public static Optional<String> run(String... args) {
    var command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
    command.addAll(List.of(args));
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(false).start();
      process.getOutputStream().close();
      // Read before waiting: a full pipe would block the child.
      var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      return process.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // not installed here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** {@code rabbitmqctl eval <expression>}: the printed Erlang term. */
  public static Optional<String> eval(String expression) {
    return run("eval", expression).map(String::trim);
  }

  /** An Erlang binary of {@code text}'s UTF-8 bytes, safe to splice into an expression. */
  public static String binary(String text) {
    var bytes = text.getBytes(StandardCharsets.UTF_8);
    var list = new StringBuilder("list_to_binary([");
    for (int i = 0; i < bytes.length; i++) {
      list.append(i == 0 ? "" : ",").append(bytes[i] & 0xff);
    }
    return list.append("])").toString();
  }
}
