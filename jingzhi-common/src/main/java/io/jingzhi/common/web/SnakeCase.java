package io.jingzhi.common.web;

/** Java names to the snake_case used on the wire, for naming fields in error messages. */
public final class SnakeCase {

  private SnakeCase() {}

  public static String of(String name) {
    if (name == null) {
      return null;
    }
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }
}
