package io.jingzhi.guard.lexicon;

import java.util.List;

/** One entry of a bank: {@code kind} term, whitelist or protective; risk type and level only for terms. */
public record EntryView(long id, String term, String riskType, String level, List<String> requires, String kind,
    String note) {}
