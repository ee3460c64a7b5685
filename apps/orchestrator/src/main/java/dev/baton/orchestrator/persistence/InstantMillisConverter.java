package dev.baton.orchestrator.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;

/**
 * Stores instants as epoch milliseconds. SQLite has no timestamp type and its dialect's text
 * formats sort badly; an integer sorts, indexes and compares the same on SQLite and PostgreSQL.
 */
@Converter(autoApply = true)
public class InstantMillisConverter implements AttributeConverter<Instant, Long> {

  /** The instants Baton accepts from outside: years 0000 to 9999 (and so storable). */
  public static final String STORABLE_RANGE = "0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z";

  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /** Whether an instant is within {@link #STORABLE_RANGE} (beyond it, epoch millis overflow). */
  public static boolean storable(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }

  @Override
  public Long convertToDatabaseColumn(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  @Override
  public Instant convertToEntityAttribute(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }
}
