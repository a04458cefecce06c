package io.jingzhi.agent.app;

/** An app was deleted (published inside the deleting transaction): what still waits on it must end. */
public record AppDeleted(long appId, String code) {}
