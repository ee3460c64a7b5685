package dev.baton.orchestrator.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An API key issued through the API. Only a SHA-256 of the key is stored: the key itself is shown
 * once, in the answer that issued it. (Keys are 256 random bits, so a fast hash is enough: there is
 * no dictionary to try, unlike passwords.)
 */
@Entity
@Table(name = "api_keys")
class ApiKey {

  @Id private String id;

  @Column(nullable = false)
  private String name;

  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Role role;

  @Column(name = "key_hash", nullable = false, unique = true)
  private String keyHash;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  protected ApiKey() {}

  ApiKey(String id, String name, String tenantId, Role role, String keyHash, Instant createdAt) {
    this.id = id;
    this.name = name;
    this.tenantId = tenantId;
    this.role = role;
    this.keyHash = keyHash;
    this.createdAt = createdAt;
  }

  void revoke(Instant at) {
    if (revokedAt == null) {
      revokedAt = at;
    }
  }

  Caller caller() {
    return new Caller(id, name, tenantId, role);
  }

  String id() {
    return id;
  }

  String name() {
    return name;
  }

  String tenantId() {
    return tenantId;
  }

  Role role() {
    return role;
  }

  Instant createdAt() {
    return createdAt;
  }

  Instant revokedAt() {
    return revokedAt;
  }

  boolean active() {
    return revokedAt == null;
  }
}
