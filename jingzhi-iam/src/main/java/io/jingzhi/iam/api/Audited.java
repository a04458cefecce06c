package io.jingzhi.iam.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a state-changing endpoint. Its service records the successful change with details; when the
 * request fails (denied, invalid, conflict) the platform records the failed attempt under this action.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Audited {

  /** The action name, for example {@code org.create}. */
  String value();

  /** The kind of target, for example {@code org}. */
  String target() default "";
}
