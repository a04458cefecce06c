package io.jingzhi.server.knowledge;

/** Small Chinese government documents for the knowledge ITs (invented). */
final class KnowledgeDocs {

  private KnowledgeDocs() {}

  static final String POLICY = """
      # 某市创业扶持办法（测试）

      ## 第一章 总则

      第一条 为支持高校毕业生和返乡人员创业，制定本办法。

      第二条 本办法由市人力资源和社会保障局负责解释。

      ## 第二章 补贴标准

      第三条 一次性创业补贴。首次创办小微企业且正常经营满6个月的，给予每户5000元的一次性创业补贴。

      第四条 场地租金补贴。租用经营场地创业的，按实际租金的50%给予补贴，每年最高6000元。

      ## 第三章 附则

      第五条 本办法自2026年1月1日起施行。
      """;

  static final String GUIDE = """
      # 居民身份证挂失补领办事指南（测试）

      ## 事项名称

      居民身份证挂失补领

      ## 申请材料

      户口簿原件；本人近期免冠照片。

      ## 办理流程

      到户籍所在地派出所户籍窗口申请，现场采集指纹，20个工作日内制证完成。

      ## 收费标准

      补领收费20元。
      """;

  static final String FAQ = """
      # 公积金常见问题（测试）

      ## 问：租房可以提取住房公积金吗？

      答：可以。无房职工租房自住的，可每季度提取一次住房公积金用于支付房租。

      ## 问：退休后公积金怎么取？

      答：职工退休后可凭退休证明一次性提取住房公积金账户余额并销户。
      """;

  static final String JSONL = """
      {"id": "faq-001", "text": "办理营业执照可以全程网上办理，一般3个工作日内领取电子营业执照。", "metadata": {"domain": "市场监管"}}
      {"id": "faq-002", "text": "个体工商户年报截止日期为每年6月30日，逾期未报将被列入经营异常名录。", "metadata": {"domain": "市场监管"}}
      """;

  static final String CSV = """
      区,服务站,电话
      东城区,东城区就业服务站,010-00000001
      南湖区,南湖区零工市场,010-00000003
      """;
}
