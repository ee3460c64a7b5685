package dev.baton.orchestrator.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Items of a batch broke rules; the batch was rolled back. */
public class InvalidBatchException extends RuntimeException {

  private final List<ItemError> errors;

  public InvalidBatchException(List<ItemError> errors) {
    super(errors.size() + " item(s) of the batch are invalid; nothing was stored");
    this.errors = List.copyOf(errors);
  }

  public List<ItemError> errors() {
    return errors;
  }

  /**
   * One bad item.
   *
   * @param index its position in the batch, from 0
   * @param field the field at fault within the item
   * @param conflict true when the item reuses an idempotency key of another submission
   */
  public record ItemError(
      int index,
      String field,
      String message,
      boolean conflict,
      @JsonInclude(JsonInclude.Include.NON_NULL) String pointer) {
    public ItemError(int index, String field, String message, boolean conflict) {
      this(index, field, message, conflict, null);
    }
  }
}
