package io.jingzhi.iam.sso.ldap;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.IamProperties;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The configured LDAP server, reached with the UnboundID SDK: finds entries with the service account and checks
 * passwords by binding as the user on a connection of its own. The pool is opened on first use, so a directory
 * that is down does not stop the platform from starting; it answers 503 until it is back.
 */
@Component
@ConditionalOnBooleanProperty("jingzhi.iam.ldap.enabled")
public class LdapDirectory implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(LdapDirectory.class);

  private final IamProperties.Ldap settings;
  private final ServerSet servers;
  private final DN baseDn;
  private volatile LDAPConnectionPool pool;

  public LdapDirectory(IamProperties properties) throws LDAPException, GeneralSecurityException {
    this.settings = properties.ldap();
    LDAPURL url = new LDAPURL(settings.url().strip());
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis((int) settings.connectTimeout().toMillis());
    options.setResponseTimeoutMillis(settings.timeout().toMillis());
    SocketFactory sockets = SocketFactory.getDefault();
    if ("ldaps".equalsIgnoreCase(url.getScheme())) {
      sockets = new SSLUtil(JVMDefaultTrustManager.getInstance()).createSSLSocketFactory();
      options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
    }
    this.servers = new SingleServerSet(url.getHost(), url.getPort(), sockets, options);
    this.baseDn = new DN(settings.baseDn().strip());
  }

  /** A directory entry with the attributes the platform uses. */
  public record Entry(DN dn, String uuid, String username, String displayName, String email, String phone,
      String orgValue) {}

  public DN baseDn() {
    return baseDn;
  }

  /** The one entry the filter finds for a sign-in name; empty when none or several match. */
  public Optional<Entry> findUser(String name) {
    Filter filter = filter(Filter.encodeValue(name));
    List<Entry> found = search(filter, 2);
    if (found.size() > 1) {
      log.warn("LDAP filter {} matches several entries; sign-in refused", filter);
      return Optional.empty();
    }
    return found.stream().findFirst();
  }

  /** Every user entry under the base DN, up to the configured limit. */
  public List<Entry> allUsers() {
    return search(filter("*"), settings.syncLimit());
  }

  /** Every organizational unit under the base DN, up to the configured limit. */
  public List<DN> allOrgUnits() {
    SearchRequest request = new SearchRequest(baseDn.toString(), SearchScope.SUB,
        Filter.createEqualityFilter("objectClass", "organizationalUnit"), "1.1");
    request.setSizeLimit(settings.syncLimit());
    List<DN> result = new ArrayList<>();
    for (SearchResultEntry e : run(request).getSearchEntries()) {
      result.add(parse(e.getDN()));
    }
    return result;
  }

  /** True when the password is the entry's; false when the directory refuses it. */
  public boolean checkPassword(DN dn, String password) {
    try (LDAPConnection connection = servers.getConnection()) {
      connection.bind(new SimpleBindRequest(dn, password));
      return true;
    } catch (LDAPException e) {
      if (e.getResultCode().isConnectionUsable() && e.getResultCode() != ResultCode.BUSY) {
        return false; // invalid credentials, locked or expired in the directory: all a refusal
      }
      throw unavailable(e);
    }
  }

  @Override
  public void destroy() {
    if (pool != null) {
      pool.close();
    }
  }

  private Filter filter(String encodedName) {
    try {
      return Filter.create(settings.userSearchFilter().replace("{0}", encodedName));
    } catch (LDAPException e) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "sso.ldap_misconfigured",
          "The LDAP user-search-filter is not a valid filter: " + e.getMessage());
    }
  }

  private List<Entry> search(Filter filter, int limit) {
    Set<String> attributes = new LinkedHashSet<>(List.of("entryUUID", "objectGUID", settings.usernameAttribute(),
        settings.displayNameAttribute()));
    for (String optional : new String[] {settings.emailAttribute(), settings.phoneAttribute(),
        settings.orgAttribute()}) {
      if (optional != null && !optional.isBlank()) {
        attributes.add(optional);
      }
    }
    SearchRequest request = new SearchRequest(baseDn.toString(), SearchScope.SUB, filter,
        attributes.toArray(String[]::new));
    request.setSizeLimit(limit);
    List<Entry> result = new ArrayList<>();
    for (SearchResultEntry e : run(request).getSearchEntries()) {
      String username = e.getAttributeValue(settings.usernameAttribute());
      if (username != null) {
        result.add(new Entry(parse(e.getDN()), uuid(e), username.strip(), e.getAttributeValue(
            settings.displayNameAttribute()), value(e, settings.emailAttribute()), value(e, settings.phoneAttribute()),
            value(e, settings.orgAttribute())));
      }
    }
    return result;
  }

  private SearchResult run(SearchRequest request) {
    try {
      return pool().search(request);
    } catch (LDAPSearchException e) {
      if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
        log.warn("LDAP search {} stopped at the size limit {}", request.getFilter(), request.getSizeLimit());
        return e.getSearchResult();
      }
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return e.getSearchResult();
      }
      throw unavailable(e);
    }
  }

  private LDAPConnectionPool pool() {
    LDAPConnectionPool current = pool;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (pool == null) {
        BindRequest serviceAccount = settings.bindDn() == null || settings.bindDn().isBlank() ? null
            : new SimpleBindRequest(settings.bindDn(), settings.bindPassword() == null ? "" : settings.bindPassword());
        try {
          pool = new LDAPConnectionPool(servers, serviceAccount, 1, 4);
        } catch (LDAPException e) {
          throw unavailable(e);
        }
      }
      return pool;
    }
  }

  private static String uuid(SearchResultEntry e) {
    String uuid = e.getAttributeValue("entryUUID");
    if (uuid != null) {
      return uuid;
    }
    byte[] guid = e.getAttributeValueBytes("objectGUID"); // Active Directory
    return guid != null ? HexFormat.of().formatHex(guid) : null;
  }

  private static String value(SearchResultEntry e, String attribute) {
    return attribute == null || attribute.isBlank() ? null : e.getAttributeValue(attribute);
  }

  private static DN parse(String dn) {
    try {
      return new DN(dn);
    } catch (LDAPException e) {
      throw new IllegalStateException("The directory returned an invalid DN " + dn, e);
    }
  }

  private static ApiException unavailable(LDAPException e) {
    log.warn("LDAP directory unavailable: {}", e.getExceptionMessage());
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "sso.ldap_unavailable",
        "The LDAP directory cannot be reached; try again later");
  }
}
