package io.jingzhi.gateway.metering;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The CSV form of usage records: one line per call, times in UTC ISO-8601. */
final class UsageCsv {

  static final String HEADER = "id,at,api,tenant_id,tenant_name,project_id,project_name,app_id,app_code,api_key_id,"
      + "key_name,user_id,username,model,endpoint_id,prompt_tokens,completion_tokens,total_tokens,estimated,stream,"
      + "status,http_status,ttft_ms,duration_ms,gateway_overhead_us,queue_wait_ms,request_id,"
      + "guard_input,guard_output";

  private UsageCsv() {}

  static String line(UsageRecord r) {
    return Stream.of(r.id(), r.at(), r.api(), r.tenantId(), r.tenantName(), r.projectId(), r.projectName(),
            r.appId(), r.appCode(), r.apiKeyId(), r.keyName(), r.userId(), r.username(), r.model(), r.endpointId(),
            r.promptTokens(), r.completionTokens(), r.totalTokens(), r.estimated(), r.stream(), r.status(),
            r.httpStatus(), r.ttftMs(), r.durationMs(), r.gatewayOverheadUs(), r.queueWaitMs(), r.requestId(), r.guardInput(), r.guardOutput())
        .map(UsageCsv::cell).collect(Collectors.joining(","));
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    // Names come from users: a leading =, +, - or @ would run as a formula in a spreadsheet. Numbers are ours.
    if (!(value instanceof Number) && !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
