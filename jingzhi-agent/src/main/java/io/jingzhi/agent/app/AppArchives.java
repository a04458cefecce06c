package io.jingzhi.agent.app;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.ProjectDirectory.ProjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Exports an app as a self-describing archive and imports one: {@code manifest.json} (format, platform version,
 * time, SHA-256 of every other entry), {@code app.yaml} (the app file, secrets emptied) and {@code components/}
 * (descriptors of the MCP servers and database connections the app uses, without secrets). An import checks every
 * checksum, reads older definition formats through the upgrades, never overwrites an app, and reports the
 * components this platform lacks.
 */
@Service
public class AppArchives {

  public static final String FORMAT = "jingzhi-app-archive/1";
  static final String MANIFEST = "manifest.json";
  static final String APP_FILE = "app.yaml";

  private final AppAccess access;
  private final AppService apps;
  private final AppVersions versions;
  private final DraftService drafts;
  private final DefinitionCodec codec;
  private final EnvironmentSecrets secrets;
  private final ComponentDirectory directory;
  private final AuditLog audit;
  private final TransactionTemplate transaction;
  private final Clock clock;

  public AppArchives(AppAccess access, AppService apps, AppVersions versions, DraftService drafts,
      DefinitionCodec codec, EnvironmentSecrets secrets, ComponentDirectory directory, AuditLog audit,
      TransactionTemplate transaction, Clock clock) {
    this.access = access;
    this.apps = apps;
    this.versions = versions;
    this.drafts = drafts;
    this.codec = codec;
    this.secrets = secrets;
    this.directory = directory;
    this.audit = audit;
    this.transaction = transaction;
    this.clock = clock;
  }

  /** The archive of an app's draft, for its builders. */
  public byte[] export(Caller caller, String code) {
    App app = access.writable(caller, code);
    AppContent content = drafts.content(versions.find(app.id(), AppVersion.DRAFT).orElseThrow());
    AppFile file = new AppFile(AppFile.FORMAT, app.code(), app.name(), app.type(), app.description(), app.tags(),
        app.icon(), app.sharing(), content.assistant() == null ? null : codec.tree(content.assistant()),
        content.assistant() != null ? null : codec.tree(secrets.strip(content.definition())), false);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(APP_FILE, codec.writeYaml(file.toMap()).getBytes(StandardCharsets.UTF_8));
    for (ComponentRef ref : Components.referenced(content.definition())) {
      entries.put(ref.entryName(), codec.write(directory.descriptor(caller, ref)).getBytes(StandardCharsets.UTF_8));
    }
    Map<String, String> sums = new LinkedHashMap<>();
    entries.forEach((name, bytes) -> sums.put(name, AppArchive.sha256(bytes)));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", FORMAT);
    manifest.put("jingzhi_version", version());
    manifest.put("exported_at", clock.instant().toString());
    manifest.put("app", app.code());
    manifest.put("definition_format", content.format());
    manifest.put("sha256", sums);
    Map<String, byte[]> all = new LinkedHashMap<>();
    all.put(MANIFEST, codec.write(manifest).getBytes(StandardCharsets.UTF_8));
    all.putAll(entries);
    audit.record(AuditRecord.success(caller, "agent.app.export", "agent_app", app.id(), app.code(), null, null));
    return AppArchive.write(all);
  }

  /** What an import made: the app and how the components it references stand here. */
  public record Imported(App app, List<ComponentDirectory.Status> components, List<String> missingComponents) {}

  /** Imports the archive {@code upload} gives (read only after the caller and project are checked). */
  public Imported importArchive(Caller caller, String project, String code,
      java.util.function.Supplier<byte[]> upload) {
    ProjectRef target = access.writableProject(caller, project);
    Map<String, byte[]> entries = AppArchive.read(upload.get());
    verify(entries);
    AppFile file = AppFile.read(yaml(entries.get(APP_FILE)), APP_FILE);
    String newCode = code == null || code.isBlank() ? file.code() : code.strip();
    if (newCode == null) {
      throw ApiException.invalid("code", "required: the archive names no code");
    }
    App created = transaction.execute(status -> {
      AppContent content = apps.checked(newCode, file.type(), file.definition(), file.assistant());
      App app = apps.insert(caller.userId(), newCode, file.name(), file.type(), file.description(), file.tags(),
          file.icon(), file.sharing(), target, drafts.seal(null, content));
      audit.record(AuditRecord.success(caller, "agent.app.import", "agent_app", app.id(), app.code(), null,
          codec.write(Map.of("project", target.code(), "type", app.type(), "source_code",
              file.code() == null ? "" : file.code()))));
      return app;
    });
    AppContent stored = drafts.content(versions.find(created.id(), AppVersion.DRAFT).orElseThrow());
    List<ComponentDirectory.Status> statuses = Components.referenced(stored.definition()).stream()
        .map(ref -> directory.status(caller, ref)).toList();
    List<String> missing = statuses.stream().filter(s -> s.status().equals("missing")).map(s -> s.name()).toList();
    return new Imported(apps.fresh(caller, created.id()), statuses, missing);
  }

  private void verify(Map<String, byte[]> entries) {
    byte[] manifestBytes = entries.get(MANIFEST);
    if (manifestBytes == null || !entries.containsKey(APP_FILE)) {
      throw AppArchive.refused("app_archive.incomplete", "The archive must hold " + MANIFEST + " and " + APP_FILE);
    }
    JsonNode manifest;
    try {
      manifest = codec.readJson(new String(manifestBytes, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      throw AppArchive.refused("app_archive.invalid", MANIFEST + " is not JSON: " + e.getOriginalMessage());
    }
    String format = manifest.path("format").asString("");
    if (!format.equals(FORMAT)) {
      throw AppArchive.refused("app_archive.unsupported_format", "Unknown archive format '" + format + "'");
    }
    JsonNode sums = manifest.path("sha256");
    Set<String> listed = new HashSet<>();
    sums.propertyNames().forEach(listed::add);
    List<String> bad = new ArrayList<>();
    for (var e : entries.entrySet()) {
      if (e.getKey().equals(MANIFEST)) {
        continue;
      }
      String expected = sums.path(e.getKey()).asString(null);
      if (expected == null || !expected.equalsIgnoreCase(AppArchive.sha256(e.getValue()))) {
        bad.add(e.getKey());
      }
      listed.remove(e.getKey());
    }
    bad.addAll(listed);
    if (!bad.isEmpty()) {
      throw AppArchive.refused("app_archive.checksum_mismatch", "Entries missing or changed since the export: "
          + String.join(", ", bad));
    }
  }

  private JsonNode yaml(byte[] bytes) {
    try {
      return codec.readYaml(new String(bytes, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      throw AppArchive.refused("app_file.invalid", APP_FILE + " is not YAML: " + e.getOriginalMessage());
    }
  }

  private static String version() {
    String v = AppArchives.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
