package io.jingzhi.guard.engine;

/** What the caller should do with a checked text. {@code ANSWER} (a canned answer) is reserved for policies. */
public enum Action {
  ALLOW,
  MASK,
  BLOCK,
  ANSWER
}
