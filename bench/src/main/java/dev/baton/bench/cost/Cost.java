package dev.baton.bench.cost;

/**
 * What one measured run cost, between two {@link CostMeter} snapshots: CPU seconds by process group
 * (NaN: not measured), the whole machine's busy CPU, and the messages the broker took in (-1: not
 * measured).
 *
 * @param wallSeconds time between the two CPU readings
 * @param orchestratorCpu the orchestrator process
 * @param workersCpu the worker processes, summed
 * @param brokerCpu RabbitMQ's beam.smp (everything it did meanwhile, for any client)
 * @param harnessCpu the harness's own JVM: the producer and the polling (and JobRunr, which runs in
 *     it)
 * @param machineBusyCpu every process of the machine, ours and others'
 * @param machineTotalCpu CPU time that elapsed, all cores together (wall × cores)
 * @param brokerReceived messages the broker received from publishers, all clients (global counter)
 * @param runQueueMessages messages enqueued into the run's own queues
 */
public record Cost(
    double wallSeconds,
    double orchestratorCpu,
    double workersCpu,
    double brokerCpu,
    double harnessCpu,
    double machineBusyCpu,
    double machineTotalCpu,
    long brokerReceived,
    long runQueueMessages) {

  public static final Cost NONE =
      new Cost(
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          -1,
          -1);

  /** CPU milliseconds per task of one group's {@code cpuSeconds}. */
  public static double millisPerTask(double cpuSeconds, int tasks) {
    return tasks <= 0 ? Double.NaN : 1000 * cpuSeconds / tasks;
  }

  /** The orchestrator's CPU as % of one core over the run. */
  public double orchestratorPercentOfCore() {
    return 100 * orchestratorCpu / wallSeconds;
  }

  /** Broker-wide messages received per task (NaN when not counted). */
  public double receivedPerTask(int tasks) {
    return brokerReceived < 0 || tasks <= 0 ? Double.NaN : (double) brokerReceived / tasks;
  }

  /** Messages into the run's queues per task (NaN when not counted). */
  public double runQueueMessagesPerTask(int tasks) {
    return runQueueMessages < 0 || tasks <= 0 ? Double.NaN : (double) runQueueMessages / tasks;
  }

  /** How busy the whole machine was, % of all its cores. */
  public double machineBusyPercent() {
    return 100 * machineBusyCpu / machineTotalCpu;
  }

  /**
   * The machine's busy CPU that none of the run's processes (orchestrator, workers, broker,
   * harness) used, % of all cores: other work on the machine, which makes the run's figures less
   * trustworthy the higher it is. (The broker's CPU counts as the run's even when others use it.)
   */
  public double othersPercent() {
    double ours = orZero(orchestratorCpu) + orZero(workersCpu) + orZero(brokerCpu);
    return 100 * Math.max(0, machineBusyCpu - ours - orZero(harnessCpu)) / machineTotalCpu;
  }

  private static double orZero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }
}
