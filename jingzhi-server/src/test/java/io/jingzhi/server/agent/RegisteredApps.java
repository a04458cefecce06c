package io.jingzhi.server.agent;

import static org.mockito.Mockito.mock;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.app.AppDefinitions;
import io.jingzhi.agent.app.AppDefinitions.RunnableApp;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;

/**
 * A registry of apps in place of the apps feature: a test puts a {@link RunnableApp} under its code and runs it.
 * Apps of another tenant are 404, the draft (version 0) is for users with {@code agent:write}. A Mockito mock with a
 * dispatching answer, so it fits whatever constructor the real class has.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RegisteredApps {

  /** The apps served, by code. */
  public static final Map<String, RunnableApp> APPS = new ConcurrentHashMap<>();

  @Bean
  @Primary
  AppDefinitions registeredApps() {
    return mock(AppDefinitions.class, invocation -> switch (invocation.getMethod().getName()) {
      case "runnable" -> runnable(invocation.getArgument(0), invocation.getArgument(1), invocation.getArgument(2));
      case "usable" -> {
        Caller caller = invocation.getArgument(0);
        yield APPS.values().stream().filter(a -> caller.canSeeTenant(a.tenantId()))
            .map(a -> new AppDefinitions.UsableApp(a.appId(), a.code(), a.name(), a.type(), "")).toList();
      }
      case "used" -> null;
      default -> invocation.callRealMethod();
    });
  }

  private static RunnableApp runnable(Caller caller, String code, Integer version) {
    RunnableApp app = APPS.get(code);
    if (app == null || !caller.canSeeTenant(app.tenantId())) {
      throw new AgentException(HttpStatus.NOT_FOUND, "app.not_found", "App " + code + " does not exist");
    }
    if (version != null && version == 0 && (caller.authType() != Caller.AuthType.USER
        || !caller.can(Permissions.AGENT_WRITE))) {
      throw new AgentException(HttpStatus.FORBIDDEN, "app.forbidden", "Only editors run the draft");
    }
    return new RunnableApp(app.appId(), app.code(), app.name(), app.type(), app.projectId(), app.orgId(),
        app.tenantId(), version == null ? app.version() : version, app.definition(), app.environment());
  }
}
