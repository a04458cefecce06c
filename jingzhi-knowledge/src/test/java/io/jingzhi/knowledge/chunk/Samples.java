package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Realistic government documents written for these tests, as a parser would hand them over. */
final class Samples {

  private Samples() {}

  static final String POLICY = """
      京东市老旧小区改造补助资金管理办法
      京政办发〔2024〕12号
      第一章 总则
      第一条 为规范老旧小区改造补助资金管理，提高资金使用效益，根据《中华人民共和国预算法》等有关规定，结合本市实际，制定本办法。
      第二条 本办法所称补助资金，是指市级财政安排用于支持各区开展老旧小区综合改造的资金。
      第三条 补助资金的管理遵循公开透明、专款专用、绩效导向的原则。
      第二章 支持范围和标准
      第一节 支持范围
      第四条 补助资金支持以下改造内容：
      （一）供水、排水、供电、供气等基础设施改造；
      （二）楼体节能改造及加装电梯；
      （三）小区内道路、停车设施和无障碍设施建设。
      第五条 已纳入其他市级专项资金支持的项目，不得重复申请。
      第二节 补助标准
      第六条 补助标准按照改造建筑面积核定，基础类改造每平方米补助不超过三百元，完善类改造每平方米补助不超过二百元，提升类改造每平方米补助不超过一百元。加装电梯的，每部电梯另行补助二十万元。对于列入市级重点任务的项目，补助标准可以上浮百分之十，上浮部分由市住房城乡建设部门会同市财政部门审核确定。各区应当按照不低于一比一的比例安排配套资金，配套资金未落实的，市级补助资金暂缓拨付。区财政部门应当在收到市级补助资金后三十日内拨付至项目实施单位，不得截留、挤占、挪用。项目实施单位应当建立补助资金台账，如实记录资金收支情况，并于每年一月底前将上年度资金使用情况报区住房城乡建设部门和区财政部门备案。
      第三章 监督管理
      第七条 市财政部门会同市住房城乡建设部门对补助资金使用情况进行绩效评价，评价结果作为以后年度资金分配的重要依据。
      第八条 违反本办法规定，截留、挤占、挪用补助资金的，依照《财政违法行为处罚处分条例》等有关规定处理。
      第四章 附则
      第九条 本办法由市财政局负责解释。
      第十条 本办法自2024年3月1日起施行。
      """;

  static final String GUIDE = """
      居民身份证换领办事指南
      【事项名称】居民身份证换领
      【实施主体】京东市公安局各区分局户政服务窗口
      办理依据：
      《中华人民共和国居民身份证法》第十一条
      《居民身份证申领发放管理办法》
      **受理条件**
      居民身份证有效期满、证件损坏或者登记项目有误的，应当申请换领。申请材料应当齐全。
      申请材料：
      1. 原居民身份证；
      2. 居民户口簿；
      3. 符合标准的近期免冠彩色照片一张（可现场采集）。
      一、办理流程
      申请人到户籍所在地或居住地户政窗口提交申请，工作人员审核材料并采集指纹和人像，受理后出具领取凭证。
      办理时限：20个工作日
      收费标准：按照国家规定收取工本费20元；低保对象凭证明免收。
      办理地点：京东市政务服务中心一楼户政窗口
      咨询电话：010-12345678
      """;

  static final String FAQ = """
      京东市公积金业务常见问题
      问：离职后公积金可以提取吗？
      答：离职后账户封存满半年，且未在异地继续缴存的，可以申请提取。
      相似问法：辞职了能取公积金吗；离职多久能提取公积金？
      问：公积金贷款最高额度是多少？
      答：单缴存职工最高可贷60万元，双缴存职工最高可贷80万元。
      具体额度还与账户余额、缴存年限和还款能力有关。
      问：租房可以提取公积金吗？
      答：无自有住房且租赁住房的，每年可提取一次，每次不超过当年缴存额。
      """;

  static final String MARKDOWN = """
      # 数据共享平台使用手册
      本手册介绍政务数据共享平台的申请与调用。
      ## 一、账号申请
      各委办局指定一名数据管理员，通过统一身份认证登录后提交账号申请。
      ### 审批流程
      申请提交后由市大数据中心在三个工作日内审核。审核通过后系统发送短信通知。
      ## 二、接口调用
      调用接口前须在平台登记应用，获取应用标识。
      ```bash
      curl -H "Authorization: Bearer $TOKEN" https://data.example.gov.cn/api/v1/population
      ```
      | 接口 | 说明 |
      | --- | --- |
      | population | 人口基础信息 |
      | enterprise | 法人基础信息 |
      """;

  static ParsedDocument text(String format, String text) {
    return new ParsedDocument(format, "text/plain", null, List.of(Block.paragraph(text.strip(), 1)), Map.of(), 1);
  }

  /** Each line a paragraph block, as most parsers hand over office documents. */
  static ParsedDocument paragraphs(String format, String text) {
    List<Block> blocks = new ArrayList<>();
    for (String line : text.strip().split("\n")) {
      blocks.add(Block.paragraph(line, 1));
    }
    return new ParsedDocument(format, "text/plain", null, blocks, Map.of(), 1);
  }

  static ParsedDocument tables(String format, Table... tables) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < tables.length; i++) {
      blocks.add(table(tables[i], i + 1));
    }
    return new ParsedDocument(format, "application/vnd.ms-excel", null, blocks, Map.of(), tables.length);
  }

  static Block table(Table table, int page) {
    StringBuilder text = new StringBuilder(String.join("\t", table.header()));
    table.rows().forEach(r -> text.append('\n').append(String.join("\t", r)));
    return new Block(Block.Kind.TABLE, 0, text.toString(), table, page);
  }

  static Table subsidies() {
    return new Table("补贴目录", List.of("补贴名称", "适用对象", "补贴标准", "主管部门", "截止日期"), List.of(
        List.of("一次性创业补贴", "首次创办小微企业的高校毕业生", "1万元", "市人力资源和社会保障局", "2025-12-31"),
        List.of("吸纳就业补贴", "招用登记失业人员的小微企业", "每人2000元", "市人力资源和社会保障局", "2025-06-30"),
        List.of("职业技能培训补贴", "取得职业资格证书的城乡劳动者", "按等级500至2000元", "市人力资源和社会保障局", ""),
        List.of("", "", "", "", "")));
  }

  static ParsedDocument policy() {
    return paragraphs("docx", POLICY);
  }

  static ParsedDocument guide() {
    return paragraphs("docx", GUIDE);
  }

  static ParsedDocument faq() {
    return text("txt", FAQ);
  }

  static ParsedDocument markdown() {
    return text("md", MARKDOWN);
  }

  static ParsedDocument jsonl() {
    Table lines = new Table("jsonl", List.of("id", "text", "metadata"), List.of(
        List.of("kb-001", "京东市12345热线受理群众咨询、求助、投诉和建议，7×24小时服务。", "{\"domain\":\"政务服务\",\"year\":2024}"),
        List.of("", "市民可通过“京东通”App查询社保缴费记录。", ""),
        List.of("kb-003", "   ", "{}")));
    return new ParsedDocument("jsonl", "application/x-ndjson", null, List.of(table(lines, 0)), Map.of(), 0);
  }
}
