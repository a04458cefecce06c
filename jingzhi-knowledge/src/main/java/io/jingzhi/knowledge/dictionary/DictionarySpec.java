package io.jingzhi.knowledge.dictionary;

/** A dictionary as created or changed: {@code tenantId} only for platform administrators (null: platform-wide). */
public record DictionarySpec(String name, String description, Long tenantId) {}
