package io.jingzhi.knowledge.tree;

/** A tree as created or changed: {@code project} is a free label (the code of the project it serves). */
public record TreeSpec(String name, String description, String project) {}
