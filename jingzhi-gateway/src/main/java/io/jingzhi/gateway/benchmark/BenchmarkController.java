package io.jingzhi.gateway.benchmark;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Benchmark (load test) runs against registered models: {@code /api/v1/benchmarks}. */
@RestController
@RequestMapping("/api/v1/benchmarks")
@EnableConfigurationProperties(BenchmarkProperties.class)
public class BenchmarkController {

  private final BenchmarkService service;

  public BenchmarkController(BenchmarkService service) {
    this.service = service;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "benchmark.create", target = "benchmark")
  public Benchmark create(@RequestBody(required = false) BenchmarkConfig config) {
    return service.create(Callers.current(), config);
  }

  @GetMapping
  public PageResult<Benchmark> list(@RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size, @RequestParam(required = false) String model,
      @RequestParam(required = false) String status) {
    return service.list(Callers.current(), model, status, PageQuery.of(page, size));
  }

  @GetMapping("/compare")
  public BenchmarkService.Comparison compare(@RequestParam(required = false) String ids) {
    return service.compare(Callers.current(), ids);
  }

  @GetMapping("/{id}")
  public Benchmark get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PostMapping("/{id}/cancel")
  @Audited(value = "benchmark.cancel", target = "benchmark")
  public Benchmark cancel(@PathVariable long id) {
    return service.cancel(Callers.current(), id);
  }

  @PostMapping("/{id}/retry")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "benchmark.retry", target = "benchmark")
  public Benchmark retry(@PathVariable long id) {
    return service.retry(Callers.current(), id);
  }
}
