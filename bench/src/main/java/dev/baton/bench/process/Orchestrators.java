package dev.baton.bench.process;

import dev.baton.bench.database.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The orchestrators of one phase: one, or several on one PostgreSQL database and one broker prefix
 * (docs/scaling.md: no leader; they share the submissions and events queues as competing consumers,
 * and the outbox through leases, which the orchestrator takes on PostgreSQL by itself). Started one
 * after the other (the first runs Flyway's migrations), stopped together.
 */
public final class Orchestrators implements AutoCloseable {

  private final List<Orchestrator> members;

  private Orchestrators(List<Orchestrator> members) {
    this.members = List.copyOf(members);
  }

  /** {@code count} orchestrators with the tuned runs' JVM options, on {@code database}. */
  public static Orchestrators tuned(
      Path jar, String amqpUri, String prefix, Database database, int count, Path logDir) {
    var members = new ArrayList<Orchestrator>();
    for (int i = 0; i < count; i++) {
      members.add(
          new Orchestrator(jar, amqpUri, prefix, database, name(database, count, i), logDir));
    }
    return new Orchestrators(members);
  }

  /** {@code count} orchestrators as shipped ({@code java -jar}, no JVM option). */
  public static Orchestrators asShipped(
      Path jar, String amqpUri, String prefix, Database database, int count, Path logDir) {
    var members = new ArrayList<Orchestrator>();
    for (int i = 0; i < count; i++) {
      members.add(
          Orchestrator.asShipped(jar, amqpUri, prefix, database, name(database, count, i), logDir));
    }
    return new Orchestrators(members);
  }

  /** The database's phase alone, or with a letter each when there are several. */
  private static String name(Database database, int count, int index) {
    return count == 1 ? database.name() : database.name() + "-" + (char) ('a' + index);
  }

  public Orchestrators start() {
    members.forEach(Orchestrator::start);
    return this;
  }

  public Orchestrator first() {
    return members.get(0);
  }

  public int size() {
    return members.size();
  }

  /** One client per orchestrator, in order: the REST submissions go round-robin over them. */
  public List<Http> https() {
    return members.stream().map(Orchestrator::http).toList();
  }

  /** The pids of those running now. */
  public List<Long> pids() {
    return members.stream().mapToLong(Orchestrator::pid).filter(p -> p >= 0).boxed().toList();
  }

  @Override
  public void close() {
    members.forEach(Orchestrator::close);
  }
}
