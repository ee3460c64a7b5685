/**
 * Fault-injection tests: the real jars as processes ({@code java -jar}), the real broker, and a
 * fault in the middle of a run — the orchestrator killed with SIGKILL and restarted on its
 * database, RabbitMQ stopped and started ({@code rabbitmqctl stop_app/start_app}), every broker
 * connection closed ({@code rabbitmqctl close_all_connections}), a worker killed mid-task. Each
 * test then checks that every task ended once, through {@link
 * dev.baton.orchestrator.faults.HistoryCheck} (the state machine of {@code docs/protocol.md}).
 *
 * <p>Run them alone: {@code ./mvnw -B verify -pl apps/orchestrator -Dit.test='Fault*IT'} after
 * {@code ./mvnw -DskipTests install} (they need {@code
 * apps/orchestrator/target/baton-orchestrator.jar} and {@code
 * apps/example-worker/target/baton-example-worker.jar}). Each test's process logs stay in {@code
 * apps/orchestrator/target/faults/<class>.<method>-<time>/}; on failure their tails are printed to
 * the test output.
 *
 * <p>The broker faults act on the whole broker: {@code stop_app} stops it for everyone, and {@code
 * close_all_connections} closes every connection of the default virtual host. Do not run these
 * tests against a broker that something else is using at the same time. To keep them apart, point
 * them at a private RabbitMQ node: {@code BATON_TEST_AMQP_URI=amqp://guest:guest@127.0.0.1:5673}
 * and {@code BATON_TEST_RABBITMQCTL_NODE=faults@localhost} (see {@link
 * dev.baton.orchestrator.faults.Rabbitmqctl}; it refuses a node whose AMQP port is not the test
 * broker's). Without rabbitmqctl those tests are skipped, except where {@code
 * BATON_TEST_REQUIRE_RABBITMQ=true} or {@code CI} is set: there they fail.
 */
package dev.baton.orchestrator.faults;
