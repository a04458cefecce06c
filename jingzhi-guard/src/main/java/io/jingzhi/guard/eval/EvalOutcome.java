package io.jingzhi.guard.eval;

import java.util.List;

/** What the guard decided for one row: its action, categories and whether the text was refused. */
public record EvalOutcome(int line, String action, List<String> categories, boolean refused) {}
