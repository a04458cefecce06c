package io.jingzhi.knowledge.index.lucene;

import io.jingzhi.knowledge.index.IndexedChunk;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;

/**
 * How a chunk is laid out as a Lucene document, and read back. Metadata values are indexed as keywords under
 * {@code m.<key>}; values that parse as ISO dates also as epoch days under {@code d.<key>}, numbers as doubles under
 * {@code n.<key>} (range filters). {@code enabled} is a doc-values field so that enabling and disabling is an
 * in-place update that needs neither the vector nor a re-index.
 */
final class ChunkDocuments {

  static final String ID = "chunk_id";
  /**
   * The chunk id again as a numeric doc value: what a search reads to name its hits without decompressing stored
   * fields (indexes written before it have none; their hits read the stored id).
   */
  static final String ID_VALUE = "chunk_id_dv";
  static final String DOCUMENT = "document_id";
  static final String ORDINAL = "ordinal";
  static final String VECTOR = "vector";
  static final String ENABLED = "enabled";
  static final String SEARCHABLE = "searchable";
  static final String TAG = "tag";
  static final String META = "m.";
  static final String DATE = "d.";
  static final String NUMBER = "n.";
  private static final String STORED = "s.";
  private static final char SEP = '\u001f';

  private ChunkDocuments() {}

  /** {@code unit}: store the vector normalised to length 1 (a cosine base stored as dot product). */
  static Document toDocument(IndexedChunk c, VectorSimilarityFunction similarity, boolean unit) {
    Document d = new Document();
    d.add(new StringField(ID, Long.toString(c.chunkId()), Field.Store.YES));
    d.add(new NumericDocValuesField(ID_VALUE, c.chunkId()));
    d.add(new StringField(DOCUMENT, Long.toString(c.documentId()), Field.Store.YES));
    d.add(new IntPoint(ORDINAL, c.ordinal()));
    d.add(new StoredField(ORDINAL, c.ordinal()));
    d.add(new StoredField("kb_id", c.kbId()));
    d.add(new StoredField("tenant_id", c.tenantId()));
    d.add(new StoredField("text", c.text()));
    if (!c.matchText().equals(c.text())) {
      d.add(new StoredField("match_text", c.matchText()));
    }
    d.add(new TextField(ChineseAnalyzers.WORDS, c.matchText(), Field.Store.NO));
    d.add(new TextField(ChineseAnalyzers.BIGRAMS, c.matchText(), Field.Store.NO));
    if (c.vector() != null) {
      d.add(new KnnFloatVectorField(VECTOR, unit ? unit(c.vector()) : c.vector(), similarity));
    }
    d.add(new NumericDocValuesField(ENABLED, c.enabled() ? 1 : 0));
    d.add(new StringField(SEARCHABLE, c.searchable() ? "1" : "0", Field.Store.YES));
    if (c.parentId() != null) {
      d.add(new StoredField("parent_id", c.parentId()));
    }
    for (String tag : c.tags()) {
      d.add(new StringField(TAG, tag, Field.Store.YES));
    }
    d.add(new StoredField(STORED + "heading", String.join(String.valueOf(SEP), c.headingPath())));
    for (Map.Entry<String, String> e : c.metadata().entrySet()) {
      addMetadata(d, e.getKey(), e.getValue());
    }
    return d;
  }

  private static void addMetadata(Document d, String key, String value) {
    if (value == null) {
      return;
    }
    d.add(new StoredField(STORED + key, value));
    d.add(new StringField(META + key, value, Field.Store.NO));
    Long day = epochDay(value);
    if (day != null) {
      d.add(new LongPoint(DATE + key, day));
    }
    Double number = number(value);
    if (number != null) {
      d.add(new DoublePoint(NUMBER + key, number));
    }
  }

  /** The chunk of a stored document (without its vector) and its enabled flag from doc values. */
  static IndexedChunk fromDocument(Document d, boolean enabled) {
    Map<String, String> metadata = new LinkedHashMap<>();
    List<String> heading = List.of();
    for (var f : d.getFields()) {
      String name = f.name();
      if (name.equals(STORED + "heading")) {
        String h = f.stringValue();
        heading = h.isEmpty() ? List.of() : List.of(h.split(String.valueOf(SEP)));
      } else if (name.startsWith(STORED)) {
        metadata.put(name.substring(STORED.length()), f.stringValue());
      }
    }
    List<String> tags = new ArrayList<>(List.of(d.getValues(TAG)));
    String text = d.get("text");
    String match = d.get("match_text");
    var parent = d.getField("parent_id");
    return new IndexedChunk(Long.parseLong(d.get(ID)), d.getField("kb_id").numericValue().longValue(),
        Long.parseLong(d.get(DOCUMENT)), d.getField("tenant_id").numericValue().longValue(),
        d.getField(ORDINAL).numericValue().intValue(), text, match == null ? text : match, null, metadata, tags,
        parent == null ? null : parent.numericValue().longValue(), enabled, "1".equals(d.get(SEARCHABLE)), heading);
  }

  /** A copy of {@code v} with length 1 (a zero vector stays zero: its cosine is undefined, its dot product 0). */
  static float[] unit(float[] v) {
    return VectorUtil.l2normalize(v.clone(), false);
  }

  static BytesRef idTerm(long chunkId) {
    return new BytesRef(Long.toString(chunkId));
  }

  static Long epochDay(String value) {
    if (value.length() < 10 || value.charAt(4) != '-') {
      return null;
    }
    try {
      return LocalDate.parse(value.substring(0, 10)).toEpochDay();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static Double number(String value) {
    if (value.isEmpty() || !(Character.isDigit(value.charAt(0)) || value.charAt(0) == '-')) {
      return null;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
