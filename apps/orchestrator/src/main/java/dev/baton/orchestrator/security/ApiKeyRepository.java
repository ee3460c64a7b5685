package dev.baton.orchestrator.security;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

interface ApiKeyRepository extends JpaRepository<ApiKey, String> {

  Optional<ApiKey> findByKeyHash(String keyHash);

  boolean existsByRevokedAtIsNull();

  /**
   * The keys not revoked, locked until the transaction ends: a revocation that must leave one
   * behind holds them so that another revocation cannot take the last one at the same time.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  List<ApiKey> findByRevokedAtIsNull();

  List<ApiKey> findAllByOrderByCreatedAtAsc();

  List<ApiKey> findByTenantIdOrderByCreatedAtAsc(String tenantId);
}
