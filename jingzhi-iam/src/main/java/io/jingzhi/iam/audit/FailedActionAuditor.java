package io.jingzhi.iam.audit;

import io.jingzhi.common.web.ProblemDetailsAdvice;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Records failed attempts of state-changing actions (denied, invalid, conflicting): the services record the
 * successes inside their transactions, this records what never got that far.
 */
@Configuration(proxyBeanMethods = false)
public class FailedActionAuditor implements WebMvcConfigurer, HandlerInterceptor {

  private final AuditLog audit;

  public FailedActionAuditor(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/**");
  }

  @Override
  public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    if (response.getStatus() < 400 || !(handler instanceof HandlerMethod method)) {
      return;
    }
    Audited audited = method.getMethodAnnotation(Audited.class);
    if (audited == null) {
      return;
    }
    Caller caller = Callers.find().orElse(null);
    String detail = request.getAttribute(ProblemDetailsAdvice.PROBLEM_ATTRIBUTE) instanceof ProblemDetail p
        ? p.getStatus() + " " + p.getDetail() : "HTTP " + response.getStatus();
    audit.recordIndependently(new AuditRecord(caller == null ? null : caller.userId(),
        caller == null ? null : caller.username(), caller == null ? null : caller.tenantId(), request.getRemoteAddr(),
        audited.value(), audited.target(), targetId(request), null, null, null, false, detail));
  }

  @SuppressWarnings("unchecked")
  private static String targetId(HttpServletRequest request) {
    Object vars = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    if (vars instanceof Map<?, ?> map) {
      Map<String, String> m = (Map<String, String>) map;
      for (String key : new String[] {"id", "code", "appId", "projectId"}) {
        if (m.containsKey(key)) {
          return m.get(key);
        }
      }
    }
    return null;
  }
}
