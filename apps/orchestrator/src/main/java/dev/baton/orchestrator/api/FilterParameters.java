package dev.baton.orchestrator.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that reads its query with {@link TaskListParameters}: the OpenAPI document then
 * lists those parameters one by one ({@link FilterParameterDocs}) instead of the single map the
 * method takes.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface FilterParameters {

  /** Whether {@code limit} and {@code cursor} are read too (the list), or only the filters. */
  boolean paging();
}
