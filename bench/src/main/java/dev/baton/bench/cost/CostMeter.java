package dev.baton.bench.cost;

import dev.baton.bench.process.CpuTime;
import dev.baton.bench.process.MachineCpu;
import dev.baton.bench.process.Pause;
import dev.baton.bench.process.Worker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
      Map<Long, Double> orchestratorsCpu,
      Map<Long, Double> workersCpu,
      double brokerCpu,
      double harnessCpu,
      MachineCpu machine,
      Optional<BrokerCounters.Counts> counts) {}

  private static final Supplier<List<Long>> NO_PROCESS = List::of;

  private final BrokerCounters counters;
  private final boolean usesBroker;
  private final Supplier<List<Long>> orchestratorPids;
  private final Supplier<List<Worker>> workers;

  private CostMeter(
      BrokerCounters counters,
      boolean usesBroker,
      Supplier<List<Long>> orchestratorPids,
      Supplier<List<Worker>> workers) {
    this.counters = counters;
    this.usesBroker = usesBroker;
    this.orchestratorPids = orchestratorPids;
    this.workers = workers;
  }

  /**
   * Baton: its orchestrators (the pids of those running now, summed in the orchestrator column) and
   * workers (those running now).
   */
  public static CostMeter of(
      BrokerCounters counters,
      Supplier<List<Long>> orchestratorPids,
      Supplier<List<Worker>> workers) {
    return new CostMeter(counters, true, orchestratorPids, workers);
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
    var byOrchestrator = new HashMap<Long, Double>();
    for (long pid : orchestratorPids.get()) {
      byOrchestrator.put(pid, CpuTime.of(pid));
    }
    var byWorker = new HashMap<Long, Double>();
    for (var worker : workers.get()) {
      byWorker.put(worker.pid(), worker.cpuSeconds());
    }
    return new Snapshot(
        System.nanoTime(),
        byOrchestrator,
        byWorker,
        brokerCpu(),
        CpuTime.ofThisJvm(),
        MachineCpu.read(),
        counts);
  }

  public Cost since(Snapshot before) {
    long now = System.nanoTime();
    // NaN when none runs, or one was started meanwhile (its start-up is not the tasks' cost).
    var pids = orchestratorPids.get();
    double orchestrator = pids.isEmpty() ? Double.NaN : 0;
    for (long pid : pids) {
      var from = before.orchestratorsCpu().get(pid);
      orchestrator += from == null ? Double.NaN : CpuTime.of(pid) - from;
    }
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
   * The orchestrators' CPU over the next {@code millis}, % of one core (summed): their floor when
   * idle (sweeps, heartbeats, housekeeping), to judge the idle seconds inside a measurement.
   */
  public double orchestratorPercentOfCoreOver(long millis) {
    var pids = orchestratorPids.get();
    double before = pids.stream().mapToDouble(CpuTime::of).sum();
    long start = System.nanoTime();
    Pause.millis(millis);
    double used = pids.stream().mapToDouble(CpuTime::of).sum() - before;
    return pids.isEmpty() ? Double.NaN : 100 * used / ((System.nanoTime() - start) / 1e9);
  }

  private double brokerCpu() {
    long pid = usesBroker ? counters.brokerPid() : -1;
    return pid < 0 ? Double.NaN : CpuTime.of(pid);
  }
}
