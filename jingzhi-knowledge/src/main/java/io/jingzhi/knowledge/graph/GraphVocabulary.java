package io.jingzhi.knowledge.graph;

/** The type, relation and attribute names of the policy-document ontology that rule extraction uses. */
public final class GraphVocabulary {

  public static final String DOCUMENT = "policy_document";
  public static final String ORGANIZATION = "organization";
  public static final String ISSUED_BY = "issued_by";
  public static final String CITES = "cites";
  public static final String SUPERSEDES = "supersedes";
  /** A notice and the document it issues (关于印发《…》的通知; also 发布, 颁布). */
  public static final String PUBLISHES = "publishes";
  /** A notice and the document it forwards (关于转发《…》的通知). */
  public static final String FORWARDS = "forwards";
  public static final String DOC_NUMBER = "doc_number";
  public static final String ISSUING_UNIT = "issuing_unit";
  public static final String PUBLISH_DATE = "publish_date";
  public static final String EFFECTIVE_DATE = "effective_date";
  public static final String EXPIRY_DATE = "expiry_date";
  public static final String VALIDITY = "validity";
  public static final String STATUS = "status";

  private GraphVocabulary() {}
}
