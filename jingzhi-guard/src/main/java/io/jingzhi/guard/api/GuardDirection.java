package io.jingzhi.guard.api;

/** Whether a text goes to a model (a prompt) or comes from one (generated content). */
public enum GuardDirection {
  INPUT,
  OUTPUT
}
