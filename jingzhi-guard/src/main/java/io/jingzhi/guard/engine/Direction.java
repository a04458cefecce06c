package io.jingzhi.guard.engine;

/** Which side of a model call a text comes from: the user's prompt or the model's answer. */
public enum Direction {
  INPUT,
  OUTPUT
}
