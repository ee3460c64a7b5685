package dev.baton.orchestrator.registry;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Definitions registered through the API. */
interface StoredDefinitionRepository extends JpaRepository<StoredDefinition, StoredDefinition.Key> {

  List<StoredDefinition> findAllByOrderByRegisteredAtAsc();
}
