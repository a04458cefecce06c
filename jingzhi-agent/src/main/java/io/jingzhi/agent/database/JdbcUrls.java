package io.jingzhi.agent.database;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a connection's JDBC URL before it is stored: the kind's own scheme, and no parameter that makes the driver
 * run code, read or write files, open other sockets or run SQL of its own (MySQL {@code allowLoadLocalInfile} and
 * {@code autoDeserialize}, PostgreSQL {@code socketFactory}, {@code sslfactory} and {@code loggerFile}, H2
 * {@code INIT} ...). A drivers' parameter list grows with every release, so besides the named ones every parameter
 * whose name speaks of factories, classes, files, plugins or hooks is refused too. H2 is held tighter: a file
 * database under the data directory only, with an allow-list of settings.
 */
public final class JdbcUrls {

  static final int MAX_LENGTH = 2000;

  private static final Pattern PARAMETER = Pattern.compile("([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*=");
  private static final Pattern RISKY_WORDS = Pattern.compile(
      "(?i).*(factory|interceptor|infile|file|init|script|class|plugin|keystore|truststore|deserializ|callback|hook"
          + "|loader|logger|path|dir|socket|codec|transform).*");
  private static final Set<String> DENIED = Set.of(
      // MySQL / MariaDB
      "allowloadlocalinfile", "allowlocalinfile", "allowurlinlocalinfile", "autodeserialize", "allowmultiqueries",
      "sessionvariables", "initsql", "serverrsapublickeyfile", "credentialtype", "restrictedauth",
      // PostgreSQL / openGauss
      "sslfactory", "sslfactoryarg", "sslhostnameverifier", "sslpasswordcallback", "sslkey", "sslcert",
      "sslrootcert", "authenticationpluginclassname", "options", "preferquerymode", "service", "jaasapplicationname",
      "jaaslogin", "sspiserviceclass", "gsslib", "xmlfactoryfactory",
      // SQL Server
      "trustmanagerclass", "trustmanagerconstructorarg", "keystorelocation", "keystoresecret", "clientcertificate",
      "clientkey", "clientkeypassword", "accesstokencallbackclass", "columnencryptionsetting",
      // credentials belong in their own fields, which are sealed and never answered
      "password", "pwd", "user", "username");
  private static final Set<String> H2_ALLOWED = Set.of("mode", "database_to_lower", "database_to_upper",
      "case_insensitive_identifiers", "default_null_ordering", "ifexists", "access_mode_data", "non_keywords",
      "lock_timeout");

  private JdbcUrls() {}

  /** Why the URL is refused for this kind, or null when it may be stored. */
  public static String problem(DbKind kind, String url, Path dataDir) {
    if (url == null || url.isBlank()) {
      return "required: the JDBC URL (" + kind.prefix() + "...)";
    }
    if (url.length() > MAX_LENGTH) {
      return "at most " + MAX_LENGTH + " characters";
    }
    if (url.chars().anyMatch(c -> c < 0x20 || c == 0x7f || Character.isWhitespace(c))) {
      return "must not contain spaces or control characters";
    }
    if (!url.toLowerCase(Locale.ROOT).startsWith(kind.prefix())) {
      return "a " + kind.wire() + " URL starts with " + kind.prefix();
    }
    String decoded;
    try {
      decoded = URLDecoder.decode(url.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "malformed %-escape";
    }
    if (kind == DbKind.HIVE && (decoded.contains("?") || decoded.contains("#"))) {
      return "Hive configuration (?...) and variables (#...) are not accepted in the URL; session settings after ';'"
          + " only";
    }
    if (kind == DbKind.H2) {
      return h2Problem(decoded, dataDir);
    }
    Matcher m = PARAMETER.matcher(decoded.substring(kind.prefix().length()));
    while (m.find()) {
      String name = m.group(1);
      String lower = name.toLowerCase(Locale.ROOT);
      if (DENIED.contains(lower) || RISKY_WORDS.matcher(lower).matches()) {
        return "the parameter '" + name + "' is not allowed (it can run code, read files or carry credentials)";
      }
    }
    return null;
  }

  private static String h2Problem(String url, Path dataDir) {
    String rest = url.substring(DbKind.H2.prefix().length());
    int semicolon = rest.indexOf(';');
    String location = semicolon < 0 ? rest : rest.substring(0, semicolon);
    String lower = location.toLowerCase(Locale.ROOT);
    if (lower.startsWith("file:")) {
      location = location.substring(5);
    } else if (lower.matches("^[a-z]{2,}:.*")) {
      return "only H2 file databases under the data directory (jdbc:h2:file:<path>); not mem:, tcp:, ssl: or others";
    }
    if (location.isBlank() || location.startsWith("~") || location.contains("..")) {
      return "name a file database under the data directory (no ~ or ..)";
    }
    try {
      Path file = Path.of(location).toAbsolutePath().normalize();
      Path root = dataDir.toAbsolutePath().normalize();
      if (!file.startsWith(root) || file.equals(root)) {
        return "H2 databases must lie under the data directory " + root;
      }
    } catch (InvalidPathException e) {
      return "not a file path: " + location;
    }
    if (semicolon >= 0) {
      for (String setting : rest.substring(semicolon + 1).split(";")) {
        if (setting.isBlank()) {
          continue;
        }
        int eq = setting.indexOf('=');
        String name = (eq < 0 ? setting : setting.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
        if (!H2_ALLOWED.contains(name)) {
          return "the H2 setting '" + name.toUpperCase(Locale.ROOT) + "' is not allowed (INIT and other settings can"
              + " run SQL or reach files); allowed: " + String.join(", ", H2_ALLOWED.stream().sorted().toList());
        }
      }
    }
    return null;
  }
}
