package dev.baton.bench.cost;

import dev.baton.bench.process.CpuTime;
import dev.baton.bench.process.MachineCpu;
import dev.baton.bench.process.Pause;
import dev.baton.bench.process.Worker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Measures what a run costs: {@link #snapshot()} before it, {@link #since} after it. CPU comes from
 * {@code /proc} (each process group, the harness's JVM, the whole machine); messages from the
 * broker's counters, read just before the first CPU reading and just after the second, so the
 * second-long {@code rabbitmqctl} call falls outside the CPU window and the message window holds
 * the whole run.
 *
 * <p>The processes are looked up at each reading: a worker started during the measurement counts
 * from the moment it said it started (its JVM's start-up is not the cost of tasks); a worker
 * stopped during it is lost (the harness stops none while measuring).
 */
public final class CostMeter {

  /** The readings at one moment. */
  public record Snapshot(
      long nanos,
      long orchestratorPid,
      double orchestratorCpu,
      Map<Long, Double> workersCpu,
      double brokerCpu,
      double harnessCpu,
      MachineCpu machine,
      Optional<BrokerCounters.Counts> counts) {}

  private static final LongSupplier NO_PROCESS = () -> -1;

  private final BrokerCounters counters;
  private final boolean usesBroker;
  private final LongSupplier orchestratorPid;
  private final Supplier<List<Worker>> workers;

  private CostMeter(
      BrokerCounters counters,
      boolean usesBroker,
      LongSupplier orchestratorPid,
      Supplier<List<Worker>> workers) {
    this.counters = counters;
    this.usesBroker = usesBroker;
    this.orchestratorPid = orchestratorPid;
    this.workers = workers;
  }

  /** Baton: an orchestrator (its current pid, -1 for none) and workers (those running now). */
  public static CostMeter of(
      BrokerCounters counters, LongSupplier orchestratorPid, Supplier<List<Worker>> workers) {
    return new CostMeter(counters, true, orchestratorPid, workers);
  }

  /** Only the broker, the harness and the machine (the limit, the SDK's consumer). */
  public static CostMeter harnessAndBroker(BrokerCounters counters) {
    return new CostMeter(counters, true, NO_PROCESS, List::of);
  }

  /**
   * Only the harness and the machine, for work that uses no broker (JobRunr): the broker's CPU,
   * whatever others make it do meanwhile, is not that work's cost and counts as others'.
   */
  public static CostMeter harnessOnly(BrokerCounters counters) {
    return new CostMeter(counters, false, NO_PROCESS, List::of);
  }

  public Snapshot snapshot() {
    var counts = usesBroker ? counters.read() : Optional.<BrokerCounters.Counts>empty();
    long pid = orchestratorPid.getAsLong();
    var byWorker = new HashMap<Long, Double>();
    for (var worker : workers.get()) {
      byWorker.put(worker.pid(), worker.cpuSeconds());
    }
    return new Snapshot(
        System.nanoTime(),
        pid,
        pid < 0 ? Double.NaN : CpuTime.of(pid),
        byWorker,
        brokerCpu(),
        CpuTime.ofThisJvm(),
        MachineCpu.read(),
        counts);
  }

  public Cost since(Snapshot before) {
    long now = System.nanoTime();
    long pid = orchestratorPid.getAsLong();
    double orchestrator =
        pid < 0 || pid != before.orchestratorPid()
            ? Double.NaN
            : CpuTime.of(pid) - before.orchestratorCpu();
    var running = workers.get();
    double workersCpu = running.isEmpty() ? Double.NaN : 0;
    for (var worker : running) {
      double from = before.workersCpu().getOrDefault(worker.pid(), worker.cpuSecondsWhenStarted());
      workersCpu += worker.cpuSeconds() - from;
    }
    double broker = brokerCpu() - before.brokerCpu();
    double harness = CpuTime.ofThisJvm() - before.harnessCpu();
    var machine = MachineCpu.read().minus(before.machine());
    var counts = usesBroker ? counters.read() : Optional.<BrokerCounters.Counts>empty();
    long received = -1;
    long runQueues = -1;
    if (counts.isPresent() && before.counts().isPresent()) {
      received = counts.get().received() - before.counts().get().received();
      runQueues = counts.get().runQueues() - before.counts().get().runQueues();
    }
    return new Cost(
        (now - before.nanos()) / 1e9,
        orchestrator,
        workersCpu,
        broker,
        harness,
        machine.busySeconds(),
        machine.totalSeconds(),
        received,
        runQueues);
  }

  /**
   * The orchestrator's CPU over the next {@code millis}, % of one core: its floor when idle
   * (sweeps, heartbeats, housekeeping), to judge the idle seconds inside a measurement.
   */
  public double orchestratorPercentOfCoreOver(long millis) {
    long pid = orchestratorPid.getAsLong();
    double before = CpuTime.of(pid);
    long start = System.nanoTime();
    Pause.millis(millis);
    double used = CpuTime.of(pid) - before;
    return pid < 0 ? Double.NaN : 100 * used / ((System.nanoTime() - start) / 1e9);
  }

  private double brokerCpu() {
    long pid = usesBroker ? counters.brokerPid() : -1;
    return pid < 0 ? Double.NaN : CpuTime.of(pid);
  }
}
