package io.jingzhi.knowledge.base;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.ProjectDirectory;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The sharing rules of knowledge bases. A base is owned by its project's org; it is always readable by that org
 * and its sub-orgs and by the tenant's top org (the 委办局 itself, whose administrators oversee every office), and
 * changeable (with {@code kb:write}) only by them. Sharing widens reading: {@code org} to the whole tenant,
 * {@code global} to every tenant, {@code orgs} to the named orgs and their sub-orgs. Platform administrators see
 * and change every base. A base the caller may not read answers 404; one it may read but not change, 403.
 */
@Component
public class KnowledgeBaseAccessPolicy implements KnowledgeBaseAccess {

  private final KnowledgeBaseRepository repository;
  private final ProjectDirectory directory;

  public KnowledgeBaseAccessPolicy(KnowledgeBaseRepository repository, ProjectDirectory directory) {
    this.repository = repository;
    this.directory = directory;
  }

  @Override
  public KnowledgeBaseRef requireReadable(Caller caller, long kbId) {
    return readable(caller, kbId).ref();
  }

  @Override
  public KnowledgeBaseRef requireWritable(Caller caller, long kbId) {
    return writable(caller, kbId).ref();
  }

  @Override
  public List<KnowledgeBaseRef> readableBases(Caller caller) {
    if (!caller.can(Permissions.KB_READ)) {
      return List.of();
    }
    return repository.candidates(caller.platformScope() ? null : caller.tenantId(), null, null).stream()
        .filter(b -> mayRead(caller, b)).map(KnowledgeBase::ref).toList();
  }

  /** The full base, when the caller may read it. */
  public KnowledgeBase readable(Caller caller, long kbId) {
    caller.require(Permissions.KB_READ);
    KnowledgeBase base = repository.find(kbId).orElseThrow(() -> notFound(kbId));
    if (!mayRead(caller, base)) {
      throw notFound(kbId);
    }
    return base;
  }

  /** The full base, when the caller may change it. */
  public KnowledgeBase writable(Caller caller, long kbId) {
    caller.require(Permissions.KB_WRITE);
    KnowledgeBase base = repository.find(kbId).orElseThrow(() -> notFound(kbId));
    if (!mayRead(caller, base)) {
      throw notFound(kbId);
    }
    if (!owns(caller, base)) {
      throw ApiException.forbidden("knowledge_base.read_only",
          "Knowledge base " + base.name() + " is shared with you for reading only");
    }
    return base;
  }

  public boolean mayRead(Caller caller, KnowledgeBase base) {
    if (owns(caller, base)) {
      return true;
    }
    return switch (base.sharing()) {
      case "global" -> true;
      case "org" -> caller.tenantId() == base.tenantId();
      case "orgs" -> base.sharedOrgIds().stream().anyMatch(o -> directory.within(caller.orgId(), o));
      default -> false;
    };
  }

  /** The owners: platform administrators, the tenant's top org, the owning org and its sub-orgs. */
  public boolean owns(Caller caller, KnowledgeBase base) {
    return mayOwn(caller, base.tenantId(), base.orgId());
  }

  /**
   * Whether the caller would own a base of this org ({@link #owns}): the rule for creating a base in a project, or
   * moving one there.
   */
  public boolean mayOwn(Caller caller, long tenantId, long orgId) {
    if (caller.platformScope()) {
      return true;
    }
    if (caller.tenantId() != tenantId) {
      return false;
    }
    return caller.orgId() == tenantId || directory.within(caller.orgId(), orgId);
  }

  public static ApiException notFound(long kbId) {
    return ApiException.notFound("knowledge_base", kbId);
  }
}
