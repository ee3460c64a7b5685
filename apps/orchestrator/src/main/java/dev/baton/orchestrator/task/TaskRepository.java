package dev.baton.orchestrator.task;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Tasks by id (the UUID as text). */
public interface TaskRepository extends JpaRepository<Task, String> {

  Optional<Task> findByTenantIdAndIdempotencyKey(String tenantId, String idempotencyKey);
}
