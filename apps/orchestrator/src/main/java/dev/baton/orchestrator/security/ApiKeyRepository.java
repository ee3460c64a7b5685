package dev.baton.orchestrator.security;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKey, String> {

  Optional<ApiKey> findByKeyHash(String keyHash);

  boolean existsByRevokedAtIsNull();

  List<ApiKey> findAllByOrderByCreatedAtAsc();

  List<ApiKey> findByTenantIdOrderByCreatedAtAsc(String tenantId);
}
