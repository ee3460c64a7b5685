package dev.baton.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedUuidsTest {

  private static final long T = 1_796_676_000_000L; // 2026-12-07, a millisecond of today

  private final TimeOrderedUuids ids = new TimeOrderedUuids(new Random(42));

  @Test
  void isAVersion7UuidCarryingItsMillisecond() {
    var id = ids.next(T);

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(T);
    assertThat(UUID.fromString(id.toString())).isEqualTo(id);
  }

  @Test
  void textSortsInTheOrderIdsWereMadeWithinAndAcrossMilliseconds() {
    var made = new ArrayList<String>();
    for (long ms = T; ms < T + 3; ms++) {
      for (int i = 0; i < 1_000; i++) {
        made.add(ids.next(ms).toString());
      }
    }

    assertThat(made).isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
  }

  @Test
  void moreThanACounterFullInOneMillisecondMovesTheTimestampOn() {
    var made = new ArrayList<UUID>();
    for (int i = 0; i < 5_000; i++) {
      made.add(ids.next(T));
    }

    assertThat(texts(made)).isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
    assertThat(made.get(4_095).getMostSignificantBits() >>> 16).isEqualTo(T);
    assertThat(made.get(4_096).getMostSignificantBits() >>> 16).isEqualTo(T + 1);
    // The next real millisecond continues after the borrowed one, never before it.
    assertThat(ids.next(T + 1).toString()).isGreaterThan(made.get(4_999).toString());
  }

  @Test
  void aClockSteppingBackStillGivesIncreasingIds() {
    var later = ids.next(T + 1_000);
    var earlier = ids.next(T);

    assertThat(earlier.toString()).isGreaterThan(later.toString());
    assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(T + 1_000);
  }

  @Test
  void idsOfOneMillisecondDifferInTheirRandomBits() {
    var lows = new HashSet<Long>();
    for (int i = 0; i < 100; i++) {
      lows.add(ids.next(T).getLeastSignificantBits());
    }

    assertThat(lows).hasSize(100);
  }

  private static List<String> texts(List<UUID> uuids) {
    return uuids.stream().map(UUID::toString).toList();
  }
}
