package io.jingzhi.agent.mcp.platform;

import io.jingzhi.agent.mcp.McpCallFailed;
import io.jingzhi.agent.mcp.ToolEndpoint;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The platform's own shared tools: served to MCP clients at {@code /mcp/tools} and called in process when a
 * workflow uses the global server {@code jingzhi-tools} (no HTTP round trip to itself, no credential to mint).
 */
@Component
public class PlatformTools implements ToolEndpoint {

  /** The name of the global registry entry. */
  public static final String SERVER_NAME = "jingzhi-tools";
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private final Clock clock;
  private final List<SyncToolSpecification> specifications;

  public PlatformTools(Clock clock) {
    this.clock = clock;
    this.specifications = List.of(
        tool("current_time", "当前时间（北京时间，Asia/Shanghai）。Current date and time in Asia/Shanghai.",
            Map.of(), List.of(), args -> currentTime()),
        tool("workdays_between", "两个日期之间的工作日天数（含首尾，仅排除周六周日，不含法定节假日调整）。"
            + " Working days between two dates, both included; only weekends are excluded.",
            Map.of("start", dateProperty("开始日期 start date (YYYY-MM-DD)"),
                "end", dateProperty("结束日期 end date (YYYY-MM-DD)")),
            List.of("start", "end"), this::workdays),
        tool("id_card_check", "校验18位居民身份证号码（地区码、出生日期、校验码），只返回是否有效及原因。"
            + " Checks an 18-digit resident ID number; answers only valid or invalid with a reason.",
            Map.of("id_number", Map.of("type", "string", "description", "身份证号码 the ID number")),
            List.of("id_number"), this::idCard),
        tool("calculator", "计算四则运算表达式（+ - * / % ^ 和括号）。"
            + " Evaluates an arithmetic expression (+ - * / % ^ and parentheses).",
            Map.of("expression", Map.of("type", "string", "description", "表达式 the expression, e.g. (1+2)*3",
                "maxLength", Calculator.MAX_LENGTH)),
            List.of("expression"), this::calculate));
  }

  /** The tools with their handlers, for the SDK's server. */
  public List<SyncToolSpecification> specifications() {
    return specifications;
  }

  @Override
  public List<McpSchema.Tool> listTools(java.time.Duration timeout) {
    return specifications.stream().map(SyncToolSpecification::tool).toList();
  }

  @Override
  public CallToolResult call(String tool, Map<String, Object> arguments, java.time.Duration timeout) {
    return specifications.stream().filter(s -> s.tool().name().equals(tool)).findFirst()
        .orElseThrow(() -> new McpCallFailed("mcp.unknown_tool", "jingzhi-tools has no tool " + tool, false))
        .callHandler().apply(null, new McpSchema.CallToolRequest(tool, arguments == null ? Map.of() : arguments));
  }

  @Override
  public void close() {
    // nothing to close: the tools run in process
  }

  private CallToolResult currentTime() {
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(SHANGHAI));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("iso", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    out.put("date", now.toLocalDate().toString());
    out.put("time", now.toLocalTime().withNano(0).toString());
    out.put("weekday", now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.SIMPLIFIED_CHINESE));
    out.put("timezone", SHANGHAI.getId());
    out.put("epoch_ms", now.toInstant().toEpochMilli());
    String text = now.format(DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm:ss")) + " " + out.get("weekday")
        + "（北京时间）";
    return result(text, out);
  }

  private CallToolResult workdays(Map<String, Object> args) {
    LocalDate start = date(args, "start");
    LocalDate end = date(args, "end");
    long count = Workdays.between(start, end);
    return result(start + " 至 " + end + " 共 " + count + " 个工作日（仅排除周末）",
        Map.of("workdays", count, "start", start.toString(), "end", end.toString()));
  }

  private CallToolResult idCard(Map<String, Object> args) {
    IdCardCheck.Outcome outcome = IdCardCheck.check(string(args, "id_number"), LocalDate.now(clock.withZone(SHANGHAI)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", outcome.valid());
    out.put("reason", outcome.reason());
    return result(outcome.valid() ? "有效 valid" : "无效 invalid: " + outcome.reason(), out);
  }

  private CallToolResult calculate(Map<String, Object> args) {
    BigDecimal value = Calculator.evaluate(string(args, "expression"));
    String text = Calculator.format(value);
    return result(text, Map.of("value", value.doubleValue(), "text", text));
  }

  private static CallToolResult result(String text, Map<String, Object> structured) {
    return CallToolResult.builder().addTextContent(text).structuredContent(structured).isError(false).build();
  }

  private static SyncToolSpecification tool(String name, String description, Map<String, Object> properties,
      List<String> required, Function<Map<String, Object>, CallToolResult> handler) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", required);
    schema.put("additionalProperties", false);
    McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description).inputSchema(schema).build();
    return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
      try {
        return handler.apply(request.arguments() == null ? Map.of() : request.arguments());
      } catch (IllegalArgumentException | DateTimeException e) {
        // Bad input is the tool's own error, reported to the model or workflow, not a protocol failure.
        return CallToolResult.builder().addTextContent(e.getMessage()).isError(true).build();
      }
    }).build();
  }

  private static Map<String, Object> dateProperty(String description) {
    return Map.of("type", "string", "format", "date", "description", description);
  }

  private static String string(Map<String, Object> args, String name) {
    Object v = args.get(name);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(name + " is required (a string)");
    }
    return s;
  }

  private static LocalDate date(Map<String, Object> args, String name) {
    String text = string(args, name).strip();
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(name + " must be a date like 2026-01-31, not '" + text + "'");
    }
  }
}
