package io.jingzhi.iam.sso.ldap;

import com.unboundid.ldap.sdk.DN;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.audit.AuditJson;
import io.jingzhi.iam.sso.ExternalAccounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Service;

/**
 * Imports the whole directory at once: every organizational unit and every user under the base DN. Each org
 * and account commits on its own, so one bad entry does not undo the rest; the report names what was skipped.
 */
@Service
@ConditionalOnBooleanProperty("jingzhi.iam.ldap.enabled")
public class LdapSync {

  private static final Logger log = LoggerFactory.getLogger(LdapSync.class);
  private static final int MAX_PROBLEMS = 50;

  private final LdapDirectory directory;
  private final LdapAccounts accounts;
  private final AuditLog audit;
  private final AuditJson auditJson;

  public LdapSync(LdapDirectory directory, LdapAccounts accounts, AuditLog audit, AuditJson auditJson) {
    this.directory = directory;
    this.accounts = accounts;
    this.audit = audit;
    this.auditJson = auditJson;
  }

  /** What one synchronisation did. */
  public record Report(int orgsCreated, int usersCreated, int usersUpdated, int usersUnchanged, int usersSkipped,
      List<String> problems) {}

  public Report syncAll(Caller caller) {
    int orgsCreated = 0;
    List<DN> units = new ArrayList<>(directory.allOrgUnits());
    units.sort(Comparator.comparingInt(dn -> dn.getRDNs().length)); // parents before children
    for (DN unit : units) {
      orgsCreated += accounts.placeOrgUnit(unit).created();
    }
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    int skipped = 0;
    List<String> problems = new ArrayList<>();
    for (LdapDirectory.Entry entry : directory.allUsers()) {
      try {
        ExternalAccounts.SyncedUser synced = accounts.sync(entry);
        if (synced.created()) {
          created++;
        } else if (synced.changed()) {
          updated++;
        } else {
          unchanged++;
        }
      } catch (ApiException e) {
        skipped++;
        log.warn("LDAP entry {} not synchronised: {}", entry.dn(), e.getMessage());
        if (problems.size() < MAX_PROBLEMS) {
          problems.add(entry.dn() + ": " + e.getMessage());
        }
      }
    }
    Report report = new Report(orgsCreated, created, updated, unchanged, skipped, problems);
    audit.recordIndependently(AuditRecord.success(caller, "sso.ldap_sync", "directory", directory.baseDn(), "LDAP",
        null, auditJson.of(report)));
    return report;
  }
}
