package io.jingzhi.knowledge.index.lucene;

import io.jingzhi.knowledge.index.IndexQuery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The analyzers of matchText. Two views of the same text, searched together: {@code words} — smartcn's dictionary
 * and HMM word segmentation (whole words score like words) — and {@code bigrams} — overlapping character pairs (CJK
 * bigrams), which find any substring whatever the segmenter did with it. Government terms and abbreviations stay
 * whole at query time as phrases over the bigrams ({@link IndexQuery#phrases()}), so a dictionary needs no
 * re-indexing: a term added after indexing matches its exact character sequence.
 */
public final class ChineseAnalyzers {

  public static final String WORDS = "match";
  public static final String BIGRAMS = "match_bi";

  private final Analyzer words = new SmartChineseAnalyzer(true);
  private final Analyzer bigrams = new CJKAnalyzer(CharArraySet.EMPTY_SET);
  private final Analyzer perField = new PerFieldAnalyzerWrapper(new StandardAnalyzer(),
      Map.of(WORDS, words, BIGRAMS, bigrams));

  /** The analyzer an IndexWriter uses: per field. */
  public Analyzer indexing() {
    return perField;
  }

  public Analyzer bigrams() {
    return bigrams;
  }

  /** The tokens {@code text} becomes in {@code field}. */
  public List<String> tokens(String field, String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = perField.tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
