package dev.baton.orchestrator;

import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of most integration tests: one orchestrator per test JVM (Spring caches the context), on the
 * test broker (real RabbitMQ when one answers; CI requires it) with a fresh AMQP name prefix, and
 * on a fresh database (an SQLite file, or a PostgreSQL schema in the suite's second pass). Tests
 * share the context, so each works with its own tasks.
 */
public abstract class OrchestratorIT extends OrchestratorTestBase {

  protected static final String PREFIX = TestBroker.uniquePrefix("orchestrator");

  /** SQLite file or PostgreSQL schema, by {@code BATON_TEST_DATABASE} (see TestDatabase). */
  protected static final String DATABASE_URL = TestDatabase.newDatabase("orchestrator-it");

  static {
    // The shared RabbitMQ keeps durable queues: remove this run's when the test JVM ends.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    TestBroker.deleteTopology(
                        new Topology(PREFIX),
                        List.of(
                            "api-echo",
                            "events-it",
                            "echo",
                            "sha256",
                            "sleep",
                            "fail",
                            "sqlite-busy",
                            "t",
                            "q-list-a",
                            "q-list-b",
                            "q-batch",
                            "q-edit",
                            "def-run",
                            "def-schema",
                            "def-batch",
                            "def-defaults",
                            "limited",
                            "redeliver-it",
                            "long-it",
                            "long-it-short",
                            "fault-qdel-new",
                            "fault-qdel-lost",
                            "fault-qdel-limited",
                            "fault-malformed",
                            "fault-conflicting",
                            "fault-flowing",
                            "crash-result-it"))));
  }

  @DynamicPropertySource
  static void sharedOrchestrator(DynamicPropertyRegistry registry) {
    orchestratorProperties(registry, PREFIX, DATABASE_URL);
  }
}
