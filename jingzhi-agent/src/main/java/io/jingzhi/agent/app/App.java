package io.jingzhi.agent.app;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * An agent app as stored and as the API shows it (catalog item and detail). {@code favourite} and
 * {@code editable} are answered for the caller; {@code channels} are where a published app can be used.
 *
 * @param publishedVersion the latest published version, null while only a draft exists
 * @param publisher display name of who published the latest version
 */
public record App(long id, String code, String name, String type, String description, List<String> tags,
    String icon, long projectId, String project, long orgId, String orgName, long tenantId, String sharing,
    Integer publishedVersion, Instant publishedAt, Long publishedBy, String publisher, long views, long uses,
    long favourites, long copies, long createdBy, Instant createdAt, Instant updatedAt, Instant draftUpdatedAt,
    boolean favourite, boolean editable) {

  public static final String ASSISTANT = "assistant";
  public static final String WORKFLOW = "workflow";

  /** The version shown in the catalog: the published one. */
  @JsonProperty
  public Integer version() {
    return publishedVersion;
  }

  /** Where a published app can be used: the run API, the OpenAI-compatible API (model app/code), the portal. */
  @JsonProperty
  public List<String> channels() {
    return publishedVersion == null ? List.of() : List.of("api", "openai", "web");
  }

  /** The model name of the app on {@code /v1}. */
  @JsonProperty
  public String model() {
    return "app/" + code;
  }

  @JsonIgnore
  public boolean published() {
    return publishedVersion != null;
  }

  @JsonIgnore
  public boolean isAssistant() {
    return ASSISTANT.equals(type);
  }

  App forCaller(boolean isFavourite, boolean mayEdit) {
    return new App(id, code, name, type, description, tags, icon, projectId, project, orgId, orgName, tenantId,
        sharing, publishedVersion, publishedAt, publishedBy, publisher, views, uses, favourites, copies, createdBy,
        createdAt, updatedAt, draftUpdatedAt, isFavourite, mayEdit);
  }
}
