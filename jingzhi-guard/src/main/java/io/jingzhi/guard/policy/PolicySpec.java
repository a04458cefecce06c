package io.jingzhi.guard.policy;

/**
 * A policy as given by an operator (API body or bootstrap entry). On update a field left out (null) keeps its
 * value; {@code scope}, {@code conditions} and {@code exceptions} are replaced as a whole when given.
 */
public record PolicySpec(
    Long tenantId,
    String code,
    String name,
    String description,
    Integer priority,
    Boolean enabled,
    String mode,
    PolicyScope scope,
    PolicyConditions conditions,
    PolicyScope exceptions,
    String action,
    String refusalText,
    String maskStrategy,
    String answerText,
    String answerGroup,
    String redirectUrl) {}
