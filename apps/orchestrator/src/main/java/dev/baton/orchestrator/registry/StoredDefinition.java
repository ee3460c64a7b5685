package dev.baton.orchestrator.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A definition registered through the API, kept as the JSON document it was registered with. */
@Entity
@Table(name = "task_definitions")
@IdClass(StoredDefinition.Key.class)
class StoredDefinition {

  @Id private String type;

  @Id private String version;

  @Column(nullable = false)
  private String document;

  @Column(name = "registered_at", nullable = false)
  private Instant registeredAt;

  protected StoredDefinition() {}

  StoredDefinition(String type, String version, String document, Instant registeredAt) {
    this.type = type;
    this.version = version;
    this.document = document;
    this.registeredAt = registeredAt;
  }

  String type() {
    return type;
  }

  String version() {
    return version;
  }

  String document() {
    return document;
  }

  /** The composite primary key. */
  record Key(String type, String version) implements Serializable {
    Key() {
      this(null, null);
    }
  }
}
