package io.jingzhi.knowledge.index.lucene;

import io.jingzhi.knowledge.index.IndexQuery;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.QueryBuilder;

/**
 * The BM25 query of a search: the query's words (smartcn) and its character bigrams, each a SHOULD clause with its
 * field's weight, plus every dictionary phrase as a phrase over bigrams (matched whole, boosted), restricted by the
 * filter. Terms are de-duplicated and capped so a pasted page of text stays under Lucene's clause limit.
 *
 * @param wordsWeight weight of the smartcn word field
 * @param bigramWeight weight of the bigram field
 */
record FullTextQuery(float wordsWeight, float bigramWeight) {

  private static final int MAX_TERMS = 400;

  /** The scoring part of the query (no filter), or null when the query has nothing to match. */
  Query build(ChineseAnalyzers analyzers, IndexQuery q) {
    BooleanQuery.Builder should = new BooleanQuery.Builder();
    int clauses = 0;
    if (q.text() != null && !q.text().isBlank()) {
      if (wordsWeight > 0) {
        clauses += terms(should, ChineseAnalyzers.WORDS, analyzers.tokens(ChineseAnalyzers.WORDS, q.text()),
            wordsWeight);
      }
      if (bigramWeight > 0) {
        clauses += terms(should, ChineseAnalyzers.BIGRAMS, analyzers.tokens(ChineseAnalyzers.BIGRAMS, q.text()),
            bigramWeight);
      }
    }
    QueryBuilder phrases = new QueryBuilder(analyzers.bigrams());
    for (IndexQuery.Phrase p : q.phrases()) {
      Query phrase = phrases.createPhraseQuery(ChineseAnalyzers.BIGRAMS, p.text());
      if (phrase != null) {
        should.add(new BoostQuery(phrase, p.boost() * Math.max(bigramWeight, wordsWeight)), Occur.SHOULD);
        clauses++;
      }
    }
    return clauses == 0 ? null : should.build();
  }

  /** {@code text} restricted by {@code filter} (null: no restriction, the disjunction alone). */
  static Query filtered(Query text, Query filter) {
    return filter == null ? text
        : new BooleanQuery.Builder().add(text, Occur.MUST).add(filter, Occur.FILTER).build();
  }

  private static int terms(BooleanQuery.Builder b, String field, Iterable<String> tokens, float weight) {
    Set<String> distinct = new LinkedHashSet<>();
    for (String t : tokens) {
      if (distinct.size() < MAX_TERMS) {
        distinct.add(t);
      }
    }
    for (String t : distinct) {
      b.add(new BoostQuery(new TermQuery(new Term(field, t)), weight), Occur.SHOULD);
    }
    return distinct.size();
  }
}
