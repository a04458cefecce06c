package io.jingzhi.iam.bootstrap;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of a bootstrap file, each with its field path, to report them all at once. */
final class Problems {

  private final List<String> items = new ArrayList<>();

  void add(String path, String message) {
    items.add(path.isEmpty() ? message : path + ": " + message);
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  List<String> list() {
    return List.copyOf(items);
  }

  void throwIfAny(String source) {
    if (!items.isEmpty()) {
      throw new BootstrapException(source, items);
    }
  }
}
