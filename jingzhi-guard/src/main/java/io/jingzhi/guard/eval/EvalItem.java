package io.jingzhi.guard.eval;

/** One labelled row of an uploaded evaluation set, with its line number in the file. */
public record EvalItem(int line, String text, boolean shouldRefuse, String category) {}
