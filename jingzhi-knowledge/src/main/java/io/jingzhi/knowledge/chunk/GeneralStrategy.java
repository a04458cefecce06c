package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.parse.ParsedDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Cuts by size with overlap, sentence-aware: a chunk ends between sentences (。！？；… or a line break) unless one
 * sentence alone exceeds the size; the overlap repeats whole sentences. A table is never cut across chunks by
 * text: it stays whole, or is cut by rows with its header repeated in every part. Headings the parser marked give
 * the heading path.
 */
@Component
public class GeneralStrategy implements ChunkingStrategy {

  public static final String NAME = "general";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings) {
    return ChunkAssembler.assemble(drafts(Line.of(document), settings, List.of(), Map.of()), settings);
  }

  /** Drafts of lines cut by size; other strategies use it for text outside their structure. */
  static List<Draft> drafts(List<Line> lines, ChunkingSettings settings, List<String> basePath,
      Map<String, String> metadata) {
    List<Segment> segments = new ArrayList<>();
    List<String> path = basePath;
    List<Line> run = new ArrayList<>();
    for (Line line : lines) {
      if (line.headingLevel() > 0) {
        segments.addAll(Line.segments(run, settings.maxChars(), path));
        run.clear();
        path = HeadingPath.push(path, basePath.size() + line.headingLevel(), line.text());
      }
      run.add(line);
    }
    segments.addAll(Line.segments(run, settings.maxChars(), path));
    return Draft.ofPieces(TextPacker.pack(segments, settings.maxChars(), settings.overlapChars()), metadata);
  }
}
