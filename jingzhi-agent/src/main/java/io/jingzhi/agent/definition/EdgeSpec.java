package io.jingzhi.agent.definition;

/**
 * A directed connection between two nodes.
 *
 * @param id optional, for the canvas
 * @param sourceHandle which exit of the source it leaves from: null for plain nodes, a case id or {@code else} for
 *     if/else and switch, a class id for the question classifier, {@code error} for a failure branch
 */
public record EdgeSpec(String id, String source, String sourceHandle, String target) {}
