package io.jingzhi.knowledge.bootstrap;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.BootstrapContext;
import io.jingzhi.iam.api.ListBootstrapSection;
import io.jingzhi.iam.api.ProjectDirectory;
import io.jingzhi.iam.api.UserCallers;
import io.jingzhi.knowledge.base.BaseSettings;
import io.jingzhi.knowledge.base.KnowledgeBase;
import io.jingzhi.knowledge.base.KnowledgeBaseInput;
import io.jingzhi.knowledge.base.KnowledgeBaseRepository;
import io.jingzhi.knowledge.base.KnowledgeBaseService;
import io.jingzhi.knowledge.document.DocumentRepository;
import io.jingzhi.knowledge.ingest.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The {@code knowledge_bases} section of the bootstrap file: {@code [{code, name, project, description?, group?,
 * sharing? (private | org | global), chunking?, documents: [paths relative to the file]}]}. A missing base is
 * created (owned by its project, created by {@code admin}); a document whose content the base already has is not
 * added again, so every start after the first changes nothing. New documents are ingested by a job once the server is up.
 */
@Component
class KnowledgeBootstrapSection extends ListBootstrapSection {

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Set<String> SHARING = Set.of("private", "org", "global");

  private final KnowledgeBaseRepository bases;
  private final KnowledgeBaseService service;
  private final BaseSettings settings;
  private final DocumentRepository documents;
  private final Uploads uploads;
  private final ProjectDirectory directory;
  private final UserCallers users;

  KnowledgeBootstrapSection(KnowledgeBaseRepository bases, KnowledgeBaseService service, BaseSettings settings,
      DocumentRepository documents, Uploads uploads, ProjectDirectory directory, UserCallers users) {
    super("knowledge_bases", 300, "knowledge bases");
    this.bases = bases;
    this.service = service;
    this.settings = settings;
    this.documents = documents;
    this.uploads = uploads;
    this.directory = directory;
    this.users = users;
  }

  @Override
  protected void validate(JsonNode kb, String path, Set<String> codes, BootstrapContext ctx) {
    String code = kb.path("code").asString("");
    if (!CODE.matcher(code).matches()) {
      ctx.problem(path + ".code", "required: letters, digits, _ . - (max 64)");
    } else if (!codes.add(code)) {
      ctx.problem(path + ".code", "the knowledge base " + code + " is declared twice");
    }
    if (kb.has("sharing") && !SHARING.contains(kb.path("sharing").asString(""))) {
      ctx.problem(path + ".sharing", "private, org or global");
    }
    if (kb.path("name").asString("").isBlank()) {
      ctx.problem(path + ".name", "required");
    }
    if (!ctx.projectExists(kb.path("project").asString(""))) {
      ctx.problem(path + ".project", "no project with the code '" + kb.path("project").asString("") + "'");
    }
    if (kb.has("chunking")) {
      try {
        settings.chunking(kb.get("chunking"));
      } catch (ApiException e) {
        ctx.problem(path + ".chunking", e.getMessage());
      }
    }
    if (kb.has("cleaning")) {
      try {
        settings.cleaning(kb.get("cleaning"));
      } catch (ApiException e) {
        ctx.problem(path + ".cleaning", e.getMessage());
      }
    }
    JsonNode docs = kb.path("documents");
    if (!docs.isMissingNode() && !docs.isArray()) {
      ctx.problem(path + ".documents", "must be a list of file paths");
      return;
    }
    for (int d = 0; d < docs.size(); d++) {
      Path file = ctx.besideFile(docs.get(d).asString(""));
      if (!Files.isRegularFile(file)) {
        ctx.problem(path + ".documents[" + d + "]", "no file " + file);
      }
    }
  }

  @Override
  public void apply(JsonNode section, BootstrapContext ctx) {
    long admin = users.bootstrapAdmin();
    for (Entry entry : entries(section)) {
      JsonNode kb = entry.node();
      String code = kb.get("code").asString();
      KnowledgeBase base = bases.findByCode(code).orElse(null);
      if (base == null) {
        var project = directory.byCode(kb.get("project").asString()).orElseThrow();
        base = service.createForBootstrap(admin, input(kb), project);
        ctx.changed("knowledge base " + code + " created");
      }
      List<Uploads.Incoming> files = new ArrayList<>();
      for (JsonNode doc : kb.path("documents")) {
        Path file = ctx.besideFile(doc.asString());
        if (documents.byHash(base.id(), sha256(file)).isEmpty()) {
          files.add(new LocalFile(file));
        }
      }
      if (!files.isEmpty()) {
        uploads.accept(base, admin, files, "{}");
        ctx.changed(files.size() + " document(s) added to knowledge base " + code);
      }
    }
  }

  private static KnowledgeBaseInput input(JsonNode kb) {
    return new KnowledgeBaseInput(kb.get("code").asString(), kb.get("name").asString(),
        kb.path("description").asString(null), kb.get("project").asString(), kb.path("group").asString(null),
        kb.path("sharing").asString("private"), List.of(), null, kb.has("chunking") ? kb.get("chunking") : null, null,
        List.of(), kb.has("cleaning") ? kb.get("cleaning") : null);
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A file next to the bootstrap file, offered like an upload. */
  private record LocalFile(Path path) implements Uploads.Incoming {
    @Override
    public String filename() {
      return path.getFileName().toString();
    }

    @Override
    public long size() {
      try {
        return Files.size(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(path);
    }
  }
}
