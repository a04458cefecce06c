package io.jingzhi.knowledge.index.lucene;

import io.jingzhi.knowledge.KnowledgeException;
import io.jingzhi.knowledge.index.IndexQuery.MetadataFilter;
import java.util.List;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.springframework.http.HttpStatus;

/**
 * Metadata filters as one Lucene query that both searches use: as the knn {@code filter} (inside the HNSW search)
 * and as FILTER clauses of BM25. Includes "searchable and enabled" whenever the index holds a parent or a disabled
 * chunk ({@link SkippedChunks}), so those never match; where it holds none, the clause would match every chunk and
 * is left out.
 */
final class LuceneFilters {

  private LuceneFilters() {}

  /** The filter with "searchable and enabled" always in it. */
  static Query of(List<MetadataFilter> filters) {
    return of(filters, true);
  }

  /**
   * The filter, or null when there is nothing to filter: no metadata filter, and {@code skipped} false (the index
   * holds no parent and no disabled chunk). Malformed filters are refused either way.
   */
  static Query of(List<MetadataFilter> filters, boolean skipped) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    if (skipped) {
      b.add(new TermQuery(new Term(ChunkDocuments.SEARCHABLE, "1")), Occur.FILTER);
      b.add(NumericDocValuesField.newSlowExactQuery(ChunkDocuments.ENABLED, 1), Occur.FILTER);
    }
    for (MetadataFilter f : filters) {
      b.add(of(f), Occur.FILTER);
    }
    return skipped || !filters.isEmpty() ? b.build() : null;
  }

  private static Query of(MetadataFilter f) {
    if (f.field() == null || f.field().isBlank()) {
      throw invalid("a filter needs a field");
    }
    String field = switch (f.field()) {
      case "tags", "tag" -> ChunkDocuments.TAG;
      case "document_id" -> ChunkDocuments.DOCUMENT;
      default -> ChunkDocuments.META + f.field();
    };
    if (!f.values().isEmpty()) {
      List<BytesRef> terms = f.values().stream().map(BytesRef::new).toList();
      return terms.size() == 1 ? new TermQuery(new Term(field, terms.get(0))) : new TermInSetQuery(field, terms);
    }
    if (f.from() == null && f.to() == null) {
      throw invalid("filter on " + f.field() + " has neither values nor a range");
    }
    return range(f);
  }

  private static Query range(MetadataFilter f) {
    String bound = f.from() != null ? f.from() : f.to();
    if (ChunkDocuments.epochDay(bound) != null) {
      long from = f.from() == null ? Long.MIN_VALUE : day(f.from(), f.field());
      long to = f.to() == null ? Long.MAX_VALUE : day(f.to(), f.field());
      return LongPoint.newRangeQuery(ChunkDocuments.DATE + f.field(), from, to);
    }
    double from = f.from() == null ? Double.NEGATIVE_INFINITY : num(f.from(), f.field());
    double to = f.to() == null ? Double.POSITIVE_INFINITY : num(f.to(), f.field());
    return DoublePoint.newRangeQuery(ChunkDocuments.NUMBER + f.field(), from, to);
  }

  private static long day(String value, String field) {
    Long d = ChunkDocuments.epochDay(value);
    if (d == null) {
      throw invalid("filter on " + field + ": '" + value + "' is not an ISO date (yyyy-MM-dd)");
    }
    return d;
  }

  private static double num(String value, String field) {
    Double d = ChunkDocuments.number(value);
    if (d == null) {
      throw invalid("filter on " + field + ": '" + value + "' is neither an ISO date nor a number");
    }
    return d;
  }

  private static KnowledgeException invalid(String detail) {
    return new KnowledgeException(HttpStatus.BAD_REQUEST, "retrieval.invalid_filter", detail);
  }
}
