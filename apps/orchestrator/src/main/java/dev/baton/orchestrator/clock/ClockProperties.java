package dev.baton.orchestrator.clock;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The clock check ({@code baton.clock.*}).
 *
 * @param maxSkew how far this instance's clock may be from the database's before it warns
 * @param checkInterval how often the skew is measured again after the check at start
 */
@ConfigurationProperties("baton.clock")
public record ClockProperties(
    @DefaultValue("1s") Duration maxSkew, @DefaultValue("5m") Duration checkInterval) {

  public ClockProperties {
    maxSkew = maxSkew != null ? maxSkew : Duration.ofSeconds(1);
    checkInterval = checkInterval != null ? checkInterval : Duration.ofMinutes(5);
    if (maxSkew.isNegative() || maxSkew.isZero()) {
      throw new IllegalArgumentException("baton.clock.max-skew must be positive, got " + maxSkew);
    }
    if (checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException(
          "baton.clock.check-interval must be positive, got " + checkInterval);
    }
  }
}
