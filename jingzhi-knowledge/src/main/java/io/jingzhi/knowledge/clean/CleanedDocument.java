package io.jingzhi.knowledge.clean;

import io.jingzhi.knowledge.parse.ParsedDocument;

/** A parsed document after {@link TextCleaner}, with the quality report of what was found. */
public record CleanedDocument(ParsedDocument document, QualityReport report) {}
