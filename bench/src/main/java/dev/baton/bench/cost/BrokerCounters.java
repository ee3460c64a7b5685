package dev.baton.bench.cost;

import dev.baton.bench.process.Broker;
import dev.baton.bench.process.Progress;
import dev.baton.bench.process.Rabbitmqctl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * RabbitMQ's own message counters, read with {@code rabbitmqctl eval} (no management plugin
 * needed): the broker-wide {@code rabbit_global_counters} (messages received from publishers, all
 * clients of the broker), and the messages enqueued into the run's own queues — the sum of each
 * queue's {@code next_seq_id}, which a classic queue (priority queues: summed over their levels)
 * advances for every message it takes in, delivered at once or not. The second figure is the run's
 * alone even on a broker others are using.
 *
 * <p>Available only when {@code rabbitmqctl} here talks to the very broker of the AMQP URI: a probe
 * queue declared over AMQP must be visible to it (an embedded broker, a broker on another host or
 * no rabbitmqctl at all: the report shows "n/a"). It also gives the broker's OS pid, for its CPU
 * time; failing that, the only {@code beam.smp} process on this machine that runs RabbitMQ.
 */
public final class BrokerCounters {

  /** What the counters said at one moment. */
  public record Counts(long received, long routed, long runQueues) {}

  private static final Pattern COUNTS = Pattern.compile("\\{(\\d+),(\\d+),(\\d+)}");
  private static final Pattern PROBE = Pattern.compile("\\{(true|false),\"(\\d+)\"}");
  private static final Pattern DEPTH = Pattern.compile("\\{(\\d+),(\\d+)}");

  private final String vhost;
  private final String queuePrefix;
  private final boolean available;
  private final long brokerPid;
  private final String source;

  private BrokerCounters(
      String vhost, String queuePrefix, boolean available, long brokerPid, String source) {
    this.vhost = vhost;
    this.queuePrefix = queuePrefix;
    this.available = available;
    this.brokerPid = brokerPid;
    this.source = source;
  }

  /**
   * Probes once whether rabbitmqctl sees the broker of {@code broker}'s URI; {@code queuePrefix}
   * selects the run's queues (the run id: every prefix of the run starts with it).
   */
  public static BrokerCounters probe(Broker broker, String queuePrefix) {
    var vhost = broker.virtualHost();
    var probeQueue = queuePrefix + ".counters-probe";
    try (var connection = broker.connect("bench-counters-probe")) {
      var channel = connection.createChannel();
      channel.queueDeclare(probeQueue, false, true, true, null);
      var answer =
          Rabbitmqctl.eval(
              "{element(1, rabbit_amqqueue:lookup(rabbit_misc:r("
                  + Rabbitmqctl.binary(vhost)
                  + ", queue, "
                  + Rabbitmqctl.binary(probeQueue)
                  + "))) =:= ok, os:getpid()}.");
      var matched = answer.map(PROBE::matcher).filter(m -> m.find());
      if (matched.isPresent() && matched.get().group(1).equals("true")) {
        long pid = Long.parseLong(matched.get().group(2));
        if (!isBeam(pid)) {
          pid = -1; // the broker runs in a namespace of its own (container): no CPU figure
        }
        return new BrokerCounters(
            vhost,
            queuePrefix,
            true,
            pid,
            "rabbitmqctl eval: rabbit_global_counters and the run's queues' next_seq_id");
      }
      var reason =
          answer.isEmpty()
              ? "no rabbitmqctl here, or it cannot reach its node"
              : "rabbitmqctl here talks to another broker than " + broker.uri();
      Progress.say("broker message counters not available (%s): the report shows n/a", reason);
      return new BrokerCounters(vhost, queuePrefix, false, onlyRabbitBeam(), reason);
    } catch (IOException e) {
      throw new IllegalStateException("could not declare the counters' probe queue: " + e, e);
    }
  }

  /** Whether counts can be read ({@link #read()} is never empty then, unless a call fails). */
  public boolean available() {
    return available;
  }

  /** Where the counts come from, or why there are none. */
  public String source() {
    return source;
  }

  /** The broker's OS pid on this machine, or -1 when it is not known. */
  public long brokerPid() {
    return brokerPid;
  }

  /** The counters now; empty when not available. About a second: call it outside measurements. */
  public Optional<Counts> read() {
    if (!available) {
      return Optional.empty();
    }
    var prefix = Rabbitmqctl.binary(queuePrefix);
    var expression =
        "P = "
            + prefix
            + ", G = maps:get([{protocol,amqp091}], rabbit_global_counters:overview()),"
            + " Q = lists:sum([try proplists:get_value(next_seq_id, proplists:get_value("
            + "backing_queue_status, rabbit_amqqueue:info(X, [backing_queue_status])), 0)"
            + " catch _:_ -> 0 end || X <- rabbit_amqqueue:list("
            + Rabbitmqctl.binary(vhost)
            + "), binary:longest_common_prefix([element(4, amqqueue:get_name(X)), P])"
            + " =:= byte_size(P)]),"
            + " {maps:get(messages_received_total, G), maps:get(messages_routed_total, G), Q}.";
    return Rabbitmqctl.eval(expression)
        .map(COUNTS::matcher)
        .filter(m -> m.find())
        .map(
            m ->
                new Counts(
                    Long.parseLong(m.group(1)),
                    Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3))));
  }

  /**
   * A queue's messages ready and unacknowledged, as the broker counts them; empty when not
   * available or the queue does not exist.
   */
  public Optional<long[]> depth(String queue) {
    if (!available) {
      return Optional.empty();
    }
    return Rabbitmqctl.eval(
            "case rabbit_amqqueue:lookup(rabbit_misc:r("
                + Rabbitmqctl.binary(vhost)
                + ", queue, "
                + Rabbitmqctl.binary(queue)
                + ")) of {ok, Q} -> list_to_tuple([V || {_, V} <- rabbit_amqqueue:info(Q,"
                + " [messages_ready, messages_unacknowledged])]); _ -> none end.")
        .map(DEPTH::matcher)
        .filter(m -> m.find())
        .map(m -> new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
  }

  private static boolean isBeam(long pid) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(pid), "comm"))
          .trim()
          .startsWith("beam");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The one beam process whose command line mentions rabbit, or -1 (none, or several). */
  private static long onlyRabbitBeam() {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      var pids =
          procs
              .map(p -> p.getFileName().toString())
              .filter(name -> name.chars().allMatch(Character::isDigit))
              .map(Long::parseLong)
              .filter(BrokerCounters::isBeam)
              .filter(BrokerCounters::mentionsRabbit)
              .toList();
      return pids.size() == 1 ? pids.get(0) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static boolean mentionsRabbit(long pid) {
    try {
      var cmdline = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
      return new String(cmdline, java.nio.charset.StandardCharsets.UTF_8).contains("rabbit");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
