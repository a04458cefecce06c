package io.jingzhi.guard.engine.lexicon;

/** The five risk classes of TC260-003 / GB/T 45654-2025, appendix A. */
public enum RiskClass {
  A1("A.1", "违反社会主义核心价值观", "Violates core socialist values"),
  A2("A.2", "歧视性内容", "Discriminatory content"),
  A3("A.3", "商业违法违规", "Commercial violations"),
  A4("A.4", "侵犯他人合法权益", "Infringes others' legitimate rights"),
  A5("A.5", "无法满足特定服务类型的安全需求", "Fails accuracy and reliability needs of the service type");

  private final String code;
  private final String nameZh;
  private final String nameEn;

  RiskClass(String code, String nameZh, String nameEn) {
    this.code = code;
    this.nameZh = nameZh;
    this.nameEn = nameEn;
  }

  public String code() {
    return code;
  }

  public String nameZh() {
    return nameZh;
  }

  public String nameEn() {
    return nameEn;
  }
}
