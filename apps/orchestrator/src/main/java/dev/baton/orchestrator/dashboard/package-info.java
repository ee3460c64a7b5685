/**
 * The admin dashboard's backend: the two read models the REST API did not have (throughput per
 * minute, queue depths per task type). The dashboard itself is static ES modules under {@code
 * static/}, served at {@code /} (see docs/dashboard.md).
 */
package dev.baton.orchestrator.dashboard;
