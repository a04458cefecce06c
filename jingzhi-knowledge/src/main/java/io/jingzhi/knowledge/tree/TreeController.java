package io.jingzhi.knowledge.tree;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import jakarta.servlet.http.HttpServletRequest;

/** Knowledge trees: {@code /api/v1/knowledge-trees}. */
@RestController
@RequestMapping("/api/v1/knowledge-trees")
public class TreeController {

  private final TreeService service;

  public TreeController(TreeService service) {
    this.service = service;
  }

  @GetMapping
  public PageResult<Tree> list(@RequestParam(required = false) String q,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return service.list(Callers.current(), q, PageQuery.of(page, size));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "kb.tree.create", target = TreeService.RESOURCE)
  public Tree create(@RequestBody TreeSpec spec) {
    return service.create(Callers.current(), spec);
  }

  @GetMapping("/{id}")
  public Tree get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PutMapping("/{id}")
  @Audited(value = "kb.tree.update", target = TreeService.RESOURCE)
  public Tree update(@PathVariable long id, @RequestBody TreeSpec spec) {
    return service.update(Callers.current(), id, spec);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "kb.tree.delete", target = TreeService.RESOURCE)
  public void delete(@PathVariable long id) {
    service.delete(Callers.current(), id);
  }

  @PostMapping("/{id}/nodes")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "kb.tree.node.create", target = TreeService.RESOURCE)
  public TreeNode addNode(@PathVariable long id, @RequestBody NodeSpec spec) {
    return service.addNode(Callers.current(), id, spec);
  }

  @PutMapping("/{id}/nodes/{nodeId}")
  @Audited(value = "kb.tree.node.update", target = TreeService.RESOURCE)
  public TreeNode updateNode(@PathVariable long id, @PathVariable long nodeId, @RequestBody NodeSpec spec) {
    return service.updateNode(Callers.current(), id, nodeId, spec);
  }

  @DeleteMapping("/{id}/nodes/{nodeId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "kb.tree.node.delete", target = TreeService.RESOURCE)
  public void deleteNode(@PathVariable long id, @PathVariable long nodeId) {
    service.deleteNode(Callers.current(), id, nodeId);
  }

  /** Imports an .xlsx or .yaml file (multipart field {@code file}); {@code mode=replace} drops the nodes first. */
  @PostMapping("/{id}/import")
  @Audited(value = "kb.tree.import", target = TreeService.RESOURCE)
  public Map<String, Integer> importFile(@PathVariable long id, HttpServletRequest request,
      @RequestParam(defaultValue = "merge") String mode) throws IOException {
    var caller = Callers.current();
    service.requireWritable(caller, id);
    if (!mode.equals("merge") && !mode.equals("replace")) {
      throw ApiException.invalid("mode", "must be merge or replace");
    }
    MultipartFile file = request instanceof MultipartHttpServletRequest multipart ? multipart.getFile("file") : null;
    if (file == null || file.isEmpty()) {
      throw ApiException.invalid("file", "required: an .xlsx or .yaml file sent as multipart/form-data field 'file'");
    }
    byte[] content = file.getBytes();
    List<TreeRow> rows = TreeFiles.looksLikeXlsx(content) ? TreeFiles.readXlsx(content) : TreeFiles.readYaml(content);
    return Map.of("imported", service.importRows(caller, id, rows, mode.equals("replace")));
  }

  @GetMapping("/{id}/export")
  public ResponseEntity<byte[]> export(@PathVariable long id, @RequestParam(defaultValue = "xlsx") String format) {
    var caller = Callers.current();
    var layout = service.layoutFor(caller, id);
    String name = "knowledge-tree-" + id;
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "xlsx" -> ResponseEntity.ok()
          .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".xlsx\"")
          .contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
          .body(TreeFiles.writeXlsx(layout));
      case "yaml", "yml" -> ResponseEntity.ok()
          .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".yaml\"")
          .contentType(MediaType.parseMediaType("application/yaml;charset=UTF-8"))
          .body(TreeFiles.writeYaml(service.tree(caller, id), layout));
      default -> throw ApiException.invalid("format", "must be xlsx or yaml");
    };
  }

  /** The health report: {@code {problems: [{node_id, path, kind, detail}]}}. */
  @GetMapping("/{id}/health")
  public Map<String, List<TreeHealth.Problem>> health(@PathVariable long id) {
    return Map.of("problems", service.health(Callers.current(), id));
  }
}
