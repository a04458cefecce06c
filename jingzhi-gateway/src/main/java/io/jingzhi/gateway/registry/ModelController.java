package io.jingzhi.gateway.registry;

import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The model registry: {@code /api/v1/models}. */
@RestController
@RequestMapping("/api/v1/models")
public class ModelController {

  private final ModelService service;

  public ModelController(ModelService service) {
    this.service = service;
  }

  @GetMapping
  public List<Model> list() {
    return service.list(Callers.current());
  }

  @GetMapping("/{id}")
  public Model get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "model.create", target = "model")
  public Model create(@RequestBody ModelService.ModelSpec spec) {
    return service.create(Callers.current(), spec);
  }

  @PatchMapping("/{id}")
  @Audited(value = "model.update", target = "model")
  public Model update(@PathVariable long id, @RequestBody ModelService.ModelSpec spec) {
    return service.update(Callers.current(), id, spec);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "model.delete", target = "model")
  public void delete(@PathVariable long id) {
    service.delete(Callers.current(), id);
  }
}
