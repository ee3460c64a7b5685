package dev.baton.orchestrator.worker;

import dev.baton.orchestrator.persistence.StringListJsonConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;

/** A worker as its last heartbeat described it, with its liveness status. */
@Entity
@Table(name = "workers")
public class WorkerRecord {

  @Id private String id;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private WorkerStatus status;

  @Convert(converter = StringListJsonConverter.class)
  private List<String> types;

  private int capacity;

  @Convert(converter = StringListJsonConverter.class)
  private List<String> running;

  @Column(name = "first_seen_at", nullable = false)
  private Instant firstSeenAt;

  @Column(name = "last_seen_at", nullable = false)
  private Instant lastSeenAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  /** The tenant the worker serves alone; null for a shared worker (every AMQP worker today). */
  @Column(name = "tenant_id")
  private String tenantId;

  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  protected WorkerRecord() {}

  static WorkerRecord firstSeen(String id, Instant now) {
    var w = new WorkerRecord();
    w.id = id;
    w.firstSeenAt = now;
    return w;
  }

  /** A heartbeat: the worker is alive, IDLE or BUSY by what it runs. */
  void heartbeat(List<String> types, int capacity, List<String> running, Instant now) {
    this.types = List.copyOf(types);
    this.capacity = capacity;
    this.running = List.copyOf(running);
    this.status = running.isEmpty() ? WorkerStatus.IDLE : WorkerStatus.BUSY;
    this.lastSeenAt = now;
    this.updatedAt = now;
  }

  void markUnhealthy(Instant now) {
    status = WorkerStatus.UNHEALTHY;
    updatedAt = now;
  }

  void markOffline(Instant now) {
    status = WorkerStatus.OFFLINE;
    running = List.of();
    updatedAt = now;
  }

  public String id() {
    return id;
  }

  public WorkerStatus status() {
    return status;
  }

  public List<String> types() {
    return types == null ? List.of() : types;
  }

  public int capacity() {
    return capacity;
  }

  public List<String> running() {
    return running == null ? List.of() : running;
  }

  public Instant firstSeenAt() {
    return firstSeenAt;
  }

  public Instant lastSeenAt() {
    return lastSeenAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public String tenantId() {
    return tenantId;
  }
}
