package io.jingzhi.guard.proxy;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Reverse-proxy routes: {@code /api/v1/guard/proxy-routes}. */
@RestController
@RequestMapping("/api/v1/guard/proxy-routes")
public class ProxyRouteController {

  private final ProxyRouteService service;
  private final RouteTester tester;

  ProxyRouteController(ProxyRouteService service, RouteTester tester) {
    this.service = service;
    this.tester = tester;
  }

  @GetMapping
  public PageResult<ProxyRoute> list(@RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.list(Callers.current(), PageQuery.of(page, size));
  }

  @GetMapping("/{id}")
  public ProxyRoute get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "guard.proxy_route.create", target = "guard_proxy_route")
  public ProxyRoute create(@RequestBody ProxyRouteService.RouteSpec spec) {
    return service.create(Callers.current(), spec);
  }

  @PatchMapping("/{id}")
  @Audited(value = "guard.proxy_route.update", target = "guard_proxy_route")
  public ProxyRoute update(@PathVariable long id, @RequestBody ProxyRouteService.RouteSpec spec) {
    return service.update(Callers.current(), id, spec);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "guard.proxy_route.delete", target = "guard_proxy_route")
  public void delete(@PathVariable long id) {
    service.delete(Callers.current(), id);
  }

  /** Runs a sample request through the route's inspection and shows the verdict; the app is not contacted. */
  @PostMapping("/{id}/test")
  public RouteTester.Result test(@PathVariable long id, @RequestBody RouteTester.Sample sample) {
    return tester.test(Callers.current(), id, sample);
  }
}
