package io.jingzhi.agent.mcp;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.AgentProperties;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.BuiltinRole;
import io.jingzhi.iam.api.Caller;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks what a create or change of an MCP server asks for, naming the field at fault. A stdio server runs a
 * process on the platform's host, as the platform's own user: only when {@code jingzhi.agent.mcp.stdio-allowed},
 * only registered or changed by a system administrator (the host's operator; a department developer could otherwise
 * run any program there, {@code node -e} and {@code sh -c} included), and only a command on the allow-list
 * ({@code jingzhi.agent.mcp.stdio-commands}) or an absolute path to an executable file. Developers use the tools of
 * a stdio server the administrator registered for their project.
 */
@Component
class McpServerInputCheck {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private final AgentProperties properties;

  McpServerInputCheck(AgentProperties properties) {
    this.properties = properties;
  }

  String name(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.invalid("name", "required");
    }
    if (!NAME.matcher(name.strip()).matches()) {
      throw ApiException.invalid("name", "1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
    }
    return name.strip();
  }

  String transport(String transport) {
    if (transport == null || transport.isBlank()) {
      throw ApiException.invalid("transport", "required: streamable_http or stdio");
    }
    return switch (transport.strip()) {
      case McpServer.STREAMABLE_HTTP -> McpServer.STREAMABLE_HTTP;
      case McpServer.STDIO -> {
        if (!properties.mcp().stdioAllowed()) {
          throw new AgentException(HttpStatus.FORBIDDEN, "mcp_server.stdio_disabled",
              "stdio MCP servers are disabled on this platform (jingzhi.agent.mcp.stdio-allowed)");
        }
        yield McpServer.STDIO;
      }
      default -> throw ApiException.invalid("transport", "streamable_http or stdio, not '" + transport + "'");
    };
  }

  /** A stdio server is the host operator's to register or change: 403 for anybody but a system administrator. */
  void hostProcess(Caller caller) {
    boolean systemAdmin = caller.authType() == Caller.AuthType.USER
        && caller.roles().contains(BuiltinRole.SYSTEM_ADMIN.code());
    if (!systemAdmin) {
      throw new AgentException(HttpStatus.FORBIDDEN, "mcp_server.stdio_admin_only", "A stdio MCP server runs a"
          + " program on the platform's host: only a system administrator registers or changes one; ask them to"
          + " register it for your project, or use a streamable_http server");
    }
  }

  String url(String url) {
    if (url == null || url.isBlank()) {
      throw ApiException.invalid("url", "required for streamable_http: the server's MCP endpoint");
    }
    if (url.length() > 2000) {
      throw ApiException.invalid("url", "longer than 2000 characters");
    }
    try {
      URI uri = new URI(url.strip());
      if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
        throw ApiException.invalid("url", "an absolute http or https URL");
      }
      return uri.toString();
    } catch (java.net.URISyntaxException e) {
      throw ApiException.invalid("url", "not a URL: " + e.getReason());
    }
  }

  void headers(Map<String, String> headers) {
    if (headers == null) {
      return;
    }
    if (headers.size() > 50) {
      throw ApiException.invalid("headers", "at most 50 headers");
    }
    headers.forEach((name, value) -> {
      if (name == null || !HEADER.matcher(name).matches()) {
        throw ApiException.invalid("headers", "'" + name + "' is no valid header name");
      }
      if (value == null || value.length() > 8000 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw ApiException.invalid("headers." + name, "a single-line value of at most 8000 characters");
      }
    });
  }

  String command(String command) {
    if (command == null || command.isBlank()) {
      throw ApiException.invalid("command", "required for stdio: the program that runs the server");
    }
    String c = command.strip();
    if (properties.mcp().stdioCommands().contains(c)) {
      return c;
    }
    Path path = Path.of(c);
    if (!path.isAbsolute()) {
      throw ApiException.invalid("command", "'" + c + "' is neither an absolute path nor one of the allowed"
          + " commands " + properties.mcp().stdioCommands());
    }
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      throw ApiException.invalid("command", c + " is no executable file on the platform's host");
    }
    return c;
  }

  void args(List<String> args) {
    if (args == null) {
      return;
    }
    if (args.size() > 100) {
      throw ApiException.invalid("args", "at most 100 arguments");
    }
    for (String a : args) {
      if (a == null || a.length() > 32000 || a.indexOf('\0') >= 0) {
        throw ApiException.invalid("args", "each argument is a text of at most 32000 characters");
      }
    }
  }

  void env(Map<String, String> env) {
    if (env == null) {
      return;
    }
    if (env.size() > 100) {
      throw ApiException.invalid("env", "at most 100 variables");
    }
    env.forEach((name, value) -> {
      if (name == null || !ENV.matcher(name).matches()) {
        throw ApiException.invalid("env", "'" + name + "' is no valid variable name");
      }
      if (value == null || value.length() > 8000 || value.indexOf('\0') >= 0) {
        throw ApiException.invalid("env." + name, "a text of at most 8000 characters");
      }
    });
  }
}
