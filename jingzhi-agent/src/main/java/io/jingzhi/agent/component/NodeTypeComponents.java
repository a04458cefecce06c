package io.jingzhi.agent.component;

import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.iam.api.Caller;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The node types of the catalog: the documented ones whose executor is present (what can run is what is
 * offered), and any other executor under its bare type name.
 */
@Component
public class NodeTypeComponents implements ComponentSource {

  record Entry(String type, String category, String name, String nameEn, String description, String descriptionEn,
      List<String> tags) {}

  static final List<Entry> CATALOG = List.of(
      new Entry("start", "control", "开始", "Start", "工作流的入口，定义输入变量", "Entry of the workflow; declares its inputs",
          List.of("输入", "input")),
      new Entry("answer", "control", "直接回复", "Answer", "把文本流式回复给用户", "Streams a text to the user",
          List.of("回复", "output")),
      new Entry("end", "control", "结束", "End", "结束运行并给出输出变量", "Ends the run with its output variables",
          List.of("输出", "output")),
      new Entry("if_else", "control", "条件分支", "If / else", "按条件选择分支", "Chooses a branch by conditions",
          List.of("分支", "condition")),
      new Entry("switch", "control", "多路分支", "Switch", "按取值选择多条分支之一", "Chooses one of many branches by a value",
          List.of("分支", "branch")),
      new Entry("loop", "control", "循环", "Loop", "对列表的每一项运行子流程", "Runs a body for each item of a list",
          List.of("迭代", "iteration")),
      new Entry("template", "control", "模板转换", "Template", "用模板拼接文本", "Renders a text template",
          List.of("文本", "text")),
      new Entry("aggregator", "control", "变量聚合", "Aggregator", "合并多个分支的变量", "Merges variables of branches",
          List.of("合并", "merge")),
      new Entry("assigner", "control", "变量赋值", "Assigner", "写入会话变量", "Writes conversation variables",
          List.of("变量", "variable")),
      new Entry("llm", "model", "大模型", "LLM", "调用大模型生成文本", "Generates text with a model",
          List.of("模型", "生成", "model")),
      new Entry("knowledge", "model", "知识检索", "Knowledge retrieval", "从知识库检索相关片段",
          "Retrieves passages from knowledge bases", List.of("知识库", "检索", "RAG")),
      new Entry("classifier", "model", "问题分类", "Question classifier", "用模型把问题归入类别",
          "Sorts a question into classes with a model", List.of("分类", "意图", "intent")),
      new Entry("extractor", "model", "参数提取", "Parameter extractor", "从文本中提取结构化参数",
          "Extracts structured parameters from text", List.of("提取", "结构化", "extraction")),
      new Entry("agent", "model", "智能体", "Agent", "让模型自主调用工具完成任务", "Lets a model call tools to finish a task",
          List.of("工具调用", "tools")),
      new Entry("http", "tool", "HTTP 请求", "HTTP request", "调用外部 HTTP 接口", "Calls an HTTP API",
          List.of("接口", "API", "REST")),
      new Entry("mcp", "tool", "MCP 工具", "MCP tool", "调用已注册 MCP 服务的工具", "Calls a tool of a registered MCP server",
          List.of("工具", "MCP")),
      new Entry("database", "data", "数据库查询", "Database", "查询已登记的数据库（只读规则）",
          "Queries a registered database (read-only rules)", List.of("SQL", "数据", "NL2SQL")),
      new Entry("code", "code", "代码执行", "Code", "在沙箱中运行代码", "Runs code in a sandbox", List.of("脚本", "script")),
      new Entry("sub_workflow", "app", "子流程", "Sub-workflow", "把已发布的应用当作一个节点运行",
          "Runs a published app as one node", List.of("复用", "reuse")),
      new Entry("human_input", "app", "人工输入", "Human input", "暂停运行，等待人工填写表单",
          "Pauses the run until a person fills a form", List.of("审核", "表单", "form")));

  private final Set<String> present;

  public NodeTypeComponents(List<NodeExecutor> executors) {
    this.present = executors.stream().map(NodeExecutor::type).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public List<ComponentItem> components(Caller caller) {
    List<ComponentItem> items = new ArrayList<>();
    Set<String> documented = CATALOG.stream().map(Entry::type).collect(Collectors.toSet());
    for (Entry e : CATALOG) {
      if (present.contains(e.type())) {
        items.add(new ComponentItem("node_type", e.type(), e.name(), e.nameEn(), e.category(), e.description(),
            e.descriptionEn(), e.tags(), Map.of("type", e.type())));
      }
    }
    present.stream().filter(t -> !documented.contains(t)).sorted(Comparator.naturalOrder())
        .forEach(t -> items.add(new ComponentItem("node_type", t, t, t, "other", "", "", List.of(),
            Map.of("type", t))));
    return items;
  }
}
