package io.jingzhi.knowledge.graph;

import io.jingzhi.common.error.ApiException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ontology of a graph: entity types with their attributes, relation types with the entity types they join.
 * {@link #validated()} checks it: names unique and well formed, every relation's types existing.
 */
public record Ontology(List<EntityType> entityTypes, List<RelationType> relationTypes) {

  static final int MAX_TYPES = 200;
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_\\-.]{1,64}");

  public Ontology {
    entityTypes = entityTypes == null ? List.of() : List.copyOf(entityTypes);
    relationTypes = relationTypes == null ? List.of() : List.copyOf(relationTypes);
  }

  /** An entity type; {@code attributes}: the attribute names its entities may carry. */
  public record EntityType(String name, String description, List<String> attributes) {
    public EntityType {
      attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }
  }

  /** A relation type from entities of type {@code from} to entities of type {@code to}. */
  public record RelationType(String name, String from, String to, String description) {}

  public static Ontology empty() {
    return new Ontology(List.of(), List.of());
  }

  /**
   * The ontology of policy documents that rule extraction fills: documents, the bodies that issue them, and the
   * relations issued_by, cites, supersedes, publishes and forwards.
   */
  public static Ontology policy() {
    return new Ontology(List.of(
        new EntityType(GraphVocabulary.DOCUMENT, "政策文件", List.of(GraphVocabulary.DOC_NUMBER,
            GraphVocabulary.ISSUING_UNIT, GraphVocabulary.PUBLISH_DATE, GraphVocabulary.EFFECTIVE_DATE,
            GraphVocabulary.EXPIRY_DATE, GraphVocabulary.VALIDITY, GraphVocabulary.STATUS)),
        new EntityType(GraphVocabulary.ORGANIZATION, "发文机关", List.of())),
        List.of(new RelationType(GraphVocabulary.ISSUED_BY, GraphVocabulary.DOCUMENT, GraphVocabulary.ORGANIZATION,
                "印发单位"),
            new RelationType(GraphVocabulary.CITES, GraphVocabulary.DOCUMENT, GraphVocabulary.DOCUMENT, "引用"),
            new RelationType(GraphVocabulary.SUPERSEDES, GraphVocabulary.DOCUMENT, GraphVocabulary.DOCUMENT,
                "废止（同时废止）"),
            new RelationType(GraphVocabulary.PUBLISHES, GraphVocabulary.DOCUMENT, GraphVocabulary.DOCUMENT,
                "印发（发布、颁布）"),
            new RelationType(GraphVocabulary.FORWARDS, GraphVocabulary.DOCUMENT, GraphVocabulary.DOCUMENT, "转发")));
  }

  public Optional<EntityType> entityType(String name) {
    return entityTypes.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public Optional<RelationType> relationType(String name) {
    return relationTypes.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** This ontology with the types of {@code other} it lacks (and the attributes its types lack) added. */
  public Ontology mergedWith(Ontology other) {
    Map<String, EntityType> entities = new LinkedHashMap<>();
    entityTypes.forEach(t -> entities.put(t.name(), t));
    for (EntityType t : other.entityTypes()) {
      EntityType mine = entities.get(t.name());
      if (mine == null) {
        entities.put(t.name(), t);
      } else {
        List<String> attributes = new ArrayList<>(mine.attributes());
        t.attributes().stream().filter(a -> !attributes.contains(a)).forEach(attributes::add);
        entities.put(t.name(), new EntityType(mine.name(), mine.description(), attributes));
      }
    }
    Map<String, RelationType> relations = new LinkedHashMap<>();
    relationTypes.forEach(t -> relations.put(t.name(), t));
    other.relationTypes().forEach(t -> relations.putIfAbsent(t.name(), t));
    return new Ontology(new ArrayList<>(entities.values()), new ArrayList<>(relations.values()));
  }

  /** The checked ontology (names stripped); any problem answers 400 naming the field. */
  public Ontology validated() {
    if (entityTypes.size() + relationTypes.size() > MAX_TYPES) {
      throw ApiException.invalid("entity_types", "at most " + MAX_TYPES + " types in all");
    }
    List<EntityType> entities = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < entityTypes.size(); i++) {
      EntityType t = entityTypes.get(i);
      String where = "entity_types[" + i + "]";
      if (t == null) {
        throw ApiException.invalid(where, "required");
      }
      String name = name(t.name(), where + ".name");
      if (!names.add(name)) {
        throw ApiException.invalid(where + ".name", "the entity type '" + name + "' is declared twice");
      }
      Set<String> attrs = new HashSet<>();
      List<String> attributes = new ArrayList<>();
      for (String a : t.attributes()) {
        String attr = name(a, where + ".attributes");
        if (attrs.add(attr)) {
          attributes.add(attr);
        }
      }
      entities.add(new EntityType(name, description(t.description(), where), attributes));
    }
    List<RelationType> relations = new ArrayList<>();
    Set<String> relationNames = new HashSet<>();
    for (int i = 0; i < relationTypes.size(); i++) {
      RelationType t = relationTypes.get(i);
      String where = "relation_types[" + i + "]";
      if (t == null) {
        throw ApiException.invalid(where, "required");
      }
      String name = name(t.name(), where + ".name");
      if (!relationNames.add(name)) {
        throw ApiException.invalid(where + ".name", "the relation type '" + name + "' is declared twice");
      }
      String from = t.from() == null ? "" : t.from().strip();
      String to = t.to() == null ? "" : t.to().strip();
      if (!names.contains(from)) {
        throw ApiException.invalid(where + ".from", "no entity type '" + from + "' in the ontology");
      }
      if (!names.contains(to)) {
        throw ApiException.invalid(where + ".to", "no entity type '" + to + "' in the ontology");
      }
      relations.add(new RelationType(name, from, to, description(t.description(), where)));
    }
    return new Ontology(entities, relations);
  }

  private static String name(String raw, String field) {
    String name = raw == null ? "" : raw.strip();
    if (!NAME.matcher(name).matches()) {
      throw ApiException.invalid(field, "1–64 letters, digits, _ - or . (got '" + raw + "')");
    }
    return name;
  }

  private static String description(String raw, String where) {
    String d = raw == null ? "" : raw.strip();
    if (d.length() > 500) {
      throw ApiException.invalid(where + ".description", "at most 500 characters");
    }
    return d;
  }
}
