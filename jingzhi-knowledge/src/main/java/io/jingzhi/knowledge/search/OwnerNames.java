package io.jingzhi.knowledge.search;

import io.jingzhi.iam.api.ProjectDirectory;
import io.jingzhi.knowledge.base.KnowledgeBaseAccess.KnowledgeBaseRef;
import org.springframework.stereotype.Component;

/** The name of the org that owns a base (its project's org), as the portal shows the owner. */
@Component
class OwnerNames {

  private final ProjectDirectory directory;

  OwnerNames(ProjectDirectory directory) {
    this.directory = directory;
  }

  String of(KnowledgeBaseRef base) {
    return directory.byId(base.projectId()).map(ProjectDirectory.ProjectRef::orgName).orElse(null);
  }
}
