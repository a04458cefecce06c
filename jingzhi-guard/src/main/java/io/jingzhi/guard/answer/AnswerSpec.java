package io.jingzhi.guard.answer;

import java.util.List;

/** A canned answer as given by an operator; on update a field left out (null) keeps its value. */
public record AnswerSpec(Long tenantId, String question, String answer, List<String> riskTypes, String group,
    Boolean enabled) {}
