package io.jingzhi.knowledge.graph;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills a graph from the base's documents: rules for policy documents always ({@link PolicyRules}), a chat model
 * through the gateway when asked and configured ({@link ModelExtractor}). Model calls happen before the
 * transaction that writes, so a slow model never holds a database connection.
 */
@Service
public class GraphExtraction {

  private final GraphService graphs;
  private final GraphRepository repository;
  private final GraphCache cache;
  private final DocumentTexts documents;
  private final ModelExtractor modelExtractor;
  private final TransactionTemplate tx;
  private final AuditLog audit;
  private final Clock clock;
  private final String defaultModel;

  GraphExtraction(GraphService graphs, GraphRepository repository, GraphCache cache, DocumentTexts documents,
      ModelExtractor modelExtractor, TransactionTemplate tx, AuditLog audit, Clock clock,
      @Value("${jingzhi.knowledge.graph.extraction-model:}") String defaultModel) {
    this.graphs = graphs;
    this.repository = repository;
    this.cache = cache;
    this.documents = documents;
    this.modelExtractor = modelExtractor;
    this.tx = tx;
    this.audit = audit;
    this.clock = clock;
    this.defaultModel = defaultModel;
  }

  /** Which documents (all when empty), and whether to ask a chat model too ({@code model}: else the configured). */
  public record ExtractRequest(List<Long> documentIds, Boolean useModel, String model) {}

  /** What was added: entities and relations created, documents read, model calls and dropped model items. */
  public record ExtractResult(int entities, int relations, int documents, int modelCalls, int skipped) {}

  public ExtractResult extract(Caller caller, long kbId, ExtractRequest request) {
    long kb = graphs.writable(caller, kbId).id();
    ExtractRequest r = request == null ? new ExtractRequest(null, false, null) : request;
    boolean useModel = Boolean.TRUE.equals(r.useModel());
    String model = r.model() != null && !r.model().isBlank() ? r.model().strip() : defaultModel;
    if (useModel && (model == null || model.isBlank())) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "graph.no_model", "model extraction needs a chat model: name "
          + "one in 'model' or configure jingzhi.knowledge.graph.extraction-model");
    }
    List<DocumentTexts.DocumentText> texts = documents.texts(kb, r.documentIds() == null ? List.of()
        : r.documentIds());
    Ontology ontology = graphs.ontologyOf(kb).mergedWith(Ontology.policy()).validated();
    Map<Long, ModelExtractor.Proposal> proposals = new HashMap<>();
    if (useModel) {
      for (var doc : texts) {
        proposals.put(doc.id(), modelExtractor.extract(caller, model, ontology, doc));
      }
    }
    ExtractResult result = tx.execute(status -> write(kb, ontology, texts, proposals));
    audit.record(AuditRecord.success(caller, "kb.graph.extract", GraphService.RESOURCE, kb, null, null,
        result.toString()));
    return result;
  }

  private ExtractResult write(long kb, Ontology ontology, List<DocumentTexts.DocumentText> texts,
      Map<Long, ModelExtractor.Proposal> proposals) {
    repository.saveOntology(kb, ontology, clock.instant());
    var counts = new int[4]; // entities, relations, model calls, skipped
    for (var doc : texts) {
      Map<String, Entity> named = new HashMap<>();
      rules(kb, ontology, doc, named, counts);
      var proposal = proposals.get(doc.id());
      if (proposal != null) {
        counts[2] += proposal.calls();
        counts[3] += proposal.unreadable();
        model(kb, ontology, proposal, named, counts);
      }
    }
    cache.dropAfterCommit(kb);
    return new ExtractResult(counts[0], counts[1], texts.size(), counts[2], counts[3]);
  }

  private void rules(long kb, Ontology ontology, DocumentTexts.DocumentText doc, Map<String, Entity> named,
      int[] counts) {
    var found = PolicyRules.extract(doc.title(), doc.text());
    // What the document's metadata says (a person or an import) wins over what the rules read in the text.
    Map<String, String> attributes = new LinkedHashMap<>(found.attributes());
    for (String a : METADATA_ATTRIBUTES) {
      if (doc.metadata().containsKey(a)) {
        attributes.put(a, doc.metadata().get(a));
      }
    }
    Entity self = entity(kb, ontology, GraphVocabulary.DOCUMENT, found.title(), attributes, doc.id(), named,
        counts);
    String issuer = attributes.get(GraphVocabulary.ISSUING_UNIT);
    if (issuer != null) {
      Entity unit = entity(kb, ontology, GraphVocabulary.ORGANIZATION, issuer, Map.of(), doc.id(), named, counts);
      relation(kb, ontology, self, GraphVocabulary.ISSUED_BY, unit, doc.id(), counts);
    }
    link(kb, ontology, self, GraphVocabulary.PUBLISHES, found.published(), null, doc.id(), named, counts);
    link(kb, ontology, self, GraphVocabulary.FORWARDS, found.forwarded(), null, doc.id(), named, counts);
    link(kb, ontology, self, GraphVocabulary.CITES, found.cited(), null, doc.id(), named, counts);
    link(kb, ontology, self, GraphVocabulary.SUPERSEDES, found.superseded(), "superseded", doc.id(), named, counts);
  }

  /** Relates the document to each one it names, made an entity ({@code status} set on it when not null). */
  private void link(long kb, Ontology ontology, Entity self, String relationType, List<PolicyRules.Cited> documents,
      String status, long doc, Map<String, Entity> named, int[] counts) {
    for (var document : documents) {
      Entity other = entity(kb, ontology, GraphVocabulary.DOCUMENT, document.name(), number(document, status), null,
          named, counts);
      relation(kb, ontology, self, relationType, other, doc, counts);
    }
  }

  private void model(long kb, Ontology ontology, ModelExtractor.Proposal proposal, Map<String, Entity> named,
      int[] counts) {
    for (EntityInput e : proposal.entities()) {
      try {
        var up = graphs.upsertEntity(kb, ontology, e, "");
        counts[0] += up.created() ? 1 : 0;
        named.putIfAbsent(up.entity().name(), up.entity());
      } catch (ApiException invalid) {
        counts[3]++;
      }
    }
    for (var r : proposal.relations()) {
      Entity from = named.get(r.from().strip());
      Entity to = named.get(r.to().strip());
      if (from == null || to == null) {
        counts[3]++;
        continue;
      }
      try {
        counts[1] += graphs.ensureRelation(kb, ontology, from, r.type(), to, Map.of(), from.sourceDocumentId(), "")
            ? 1 : 0;
      } catch (ApiException invalid) {
        counts[3]++;
      }
    }
  }

  private Entity entity(long kb, Ontology ontology, String type, String name, Map<String, String> attributes,
      Long doc, Map<String, Entity> named, int[] counts) {
    var up = graphs.upsertEntity(kb, ontology, new EntityInput(name, type, attributes, doc), "");
    counts[0] += up.created() ? 1 : 0;
    named.putIfAbsent(up.entity().name(), up.entity());
    return up.entity();
  }

  private void relation(long kb, Ontology ontology, Entity from, String type, Entity to, Long doc, int[] counts) {
    if (from.id() != to.id()) {
      counts[1] += graphs.ensureRelation(kb, ontology, from, type, to, Map.of(), doc, "") ? 1 : 0;
    }
  }

  /** The policy attributes a document's metadata may set for its graph entity (over the rules' reading). */
  private static final List<String> METADATA_ATTRIBUTES = List.of(GraphVocabulary.DOC_NUMBER,
      GraphVocabulary.ISSUING_UNIT, GraphVocabulary.PUBLISH_DATE, GraphVocabulary.EFFECTIVE_DATE,
      GraphVocabulary.EXPIRY_DATE, GraphVocabulary.VALIDITY, GraphVocabulary.STATUS);

  private static Map<String, String> number(PolicyRules.Cited cited, String status) {
    Map<String, String> out = new LinkedHashMap<>();
    if (cited.docNumber() != null) {
      out.put(GraphVocabulary.DOC_NUMBER, cited.docNumber());
    }
    if (status != null) {
      out.put(GraphVocabulary.STATUS, status);
    }
    return out;
  }

}
