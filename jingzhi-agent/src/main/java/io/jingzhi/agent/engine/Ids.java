package io.jingzhi.agent.engine;

import java.util.Set;

/** Rules for node ids: {@code [a-z][a-z0-9_]*}, and not a name that selectors reserve. */
final class Ids {

  static final Set<String> RESERVED = Set.of(Selector.SYS, Selector.ENV, Selector.CONV);

  private Ids() {}

  static boolean valid(String id) {
    if (id == null || id.isEmpty() || id.length() > 64 || id.charAt(0) < 'a' || id.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return !RESERVED.contains(id);
  }
}
