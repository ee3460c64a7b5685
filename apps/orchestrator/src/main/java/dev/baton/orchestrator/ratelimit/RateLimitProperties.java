package dev.baton.orchestrator.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Submission and read rates per caller ({@code baton.rate-limit.*}).
 *
 * @param tasksPerSecond sustained rate: tokens a caller's bucket gains a second (one per task)
 * @param burst the bucket's size: tasks a caller may submit at once after being idle. At least the
 *     largest batch ({@value SubmissionRateLimiter#MAX_BATCH} tasks), so every valid batch can pass
 * @param maxCallers callers whose buckets are kept (of each kind); beyond it the least recently
 *     seen is forgotten
 * @param readsPerSecond sustained reads a caller makes a second: REST {@code GET}s under {@code
 *     /api/} and GraphQL queries, one token each, from a bucket apart from submissions
 * @param readBurst reads a caller may make at once after being idle
 */
@ConfigurationProperties("baton.rate-limit")
public record RateLimitProperties(
    @DefaultValue("200") double tasksPerSecond,
    @DefaultValue("2000") long burst,
    @DefaultValue("10000") int maxCallers,
    @DefaultValue("100") double readsPerSecond,
    @DefaultValue("1000") long readBurst) {}
