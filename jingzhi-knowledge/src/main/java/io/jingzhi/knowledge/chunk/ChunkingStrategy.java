package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.parse.ParsedDocument;
import java.util.List;

/** Cuts a parsed document into chunks. One implementation per strategy name ({@link ChunkingSettings#strategy()}). */
public interface ChunkingStrategy {

  /** The name a knowledge base's settings use: general, policy, service_guide, faq, table, markdown, ... */
  String name();

  List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings);
}
