package dev.baton.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener.DefaultSystemLauncherListener;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Apache Qpid Broker-J running inside this JVM, in memory, serving AMQP 0-9-1 on {@code
 * 127.0.0.1} for the user {@code guest}/{@code guest}, with one virtual host reachable as {@code
 * /}.
 *
 * <p>It serves the zero-install run and tests on machines without RabbitMQ. It is not RabbitMQ:
 * queues need Qpid's own declare arguments (see {@code QueueArguments} in baton-protocol), and
 * RabbitMQ's {@code x-*} arguments are accepted but ignored. Everything it stores lives in memory
 * and in a temporary work directory that {@link #close()} deletes.
 *
 * <p>Close it: Qpid's threads are not daemon threads, so a broker left open keeps a JVM whose
 * {@code main} has returned alive (a {@code System.exit} still stops it, through Qpid's own
 * shutdown hook).
 *
 * <pre>{@code
 * try (var broker = EmbeddedAmqpBroker.start(0)) {
 *   connectionFactory.setUri(broker.amqpUri());
 *   ...
 * }
 * }</pre>
 */
public final class EmbeddedAmqpBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedAmqpBroker.class);

  private final SystemLauncher launcher;
  private final Path workDir;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedAmqpBroker(SystemLauncher launcher, Path workDir, int port) {
    this.launcher = launcher;
    this.workDir = workDir;
    this.port = port;
  }

  /**
   * Starts a broker and returns once it accepts connections.
   *
   * @param port the loopback port to listen on, or {@code 0} to let the operating system pick a
   *     free one (read it back with {@link #port()})
   * @throws IllegalArgumentException if the port is outside 0..65535
   * @throws IllegalStateException if the broker does not start, e.g. because the port is taken
   */
  public static EmbeddedAmqpBroker start(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    // Qpid would log a bind failure with a long stack trace and start without its port; a
    // listener already there is the usual cause, so name it up front.
    if (port != 0 && AmqpProbe.answers("127.0.0.1", port, Duration.ofMillis(200))) {
      throw new IllegalStateException(
          "Could not start the embedded Qpid broker on 127.0.0.1:" + port + ": the port is in use");
    }
    var workDir = WorkDir.create();
    var systemConfig = new AtomicReference<SystemConfig<?>>();
    var launcher = new SystemLauncher(new SystemConfigCapture(systemConfig));
    long startedAt = System.nanoTime();
    try {
      launcher.startup(BrokerAttributes.of(port, workDir));
      int boundPort = BoundPort.of(systemConfig.get());
      log.info(
          "Embedded Qpid broker on 127.0.0.1:{} started in {} ms",
          boundPort,
          Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
      return new EmbeddedAmqpBroker(launcher, workDir, boundPort);
    } catch (Exception | LinkageError e) {
      stopQuietly(launcher);
      WorkDir.deleteQuietly(workDir);
      throw new IllegalStateException(
          "Could not start the embedded Qpid broker on 127.0.0.1:" + port + ": " + e.getMessage(),
          e);
    }
  }

  /** The loopback port the broker listens on (the chosen one when started with port 0). */
  public int port() {
    return port;
  }

  /** The URI to connect with, e.g. {@code amqp://guest:guest@127.0.0.1:5673}. */
  public String amqpUri() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  /** Stops the broker, dropping every connection and message, and deletes its work directory. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stopQuietly(launcher);
      WorkDir.deleteQuietly(workDir);
      log.debug("Embedded Qpid broker on 127.0.0.1:{} stopped", port);
    }
  }

  /** Visible for tests: the directory {@link #close()} deletes. */
  Path workDir() {
    return workDir;
  }

  @Override
  public String toString() {
    return "EmbeddedAmqpBroker[127.0.0.1:" + port + (closed.get() ? ", closed]" : "]");
  }

  private static void stopQuietly(SystemLauncher launcher) {
    try {
      launcher.shutdown();
    } catch (RuntimeException e) {
      // Closing must not hide the error that made us close, nor fail a test's clean-up.
      log.warn("Embedded Qpid broker did not shut down cleanly", e);
    }
  }

  /**
   * SystemLauncher keeps its model to itself; its listener is the way in. The container is resolved
   * before it opens, so swapping the message loggers here catches the startup messages too.
   */
  private static final class SystemConfigCapture extends DefaultSystemLauncherListener {
    private final AtomicReference<SystemConfig<?>> target;

    SystemConfigCapture(AtomicReference<SystemConfig<?>> target) {
      this.target = target;
    }

    @Override
    public void onContainerResolve(SystemConfig<?> systemConfig) {
      target.set(systemConfig);
      var quiet = new DebugLevelMessageLogger();
      // The broker logs through a startup logger until it is open, then through the system one.
      systemConfig.getEventLogger().setMessageLogger(quiet);
      var startupLogger = systemConfig.getContainer().getEventLogger();
      if (startupLogger != null) {
        startupLogger.setMessageLogger(quiet);
      }
    }
  }
}
