package io.jingzhi.guard.engine.pii;

/** Kinds of sensitive data, each with the token that stands for it in type-token masking. */
public enum PiiType {
  RESIDENT_ID("身份证号"),
  MOBILE("手机号"),
  LANDLINE("固定电话"),
  BANK_CARD("银行卡号"),
  EMAIL("电子邮箱"),
  PASSPORT("护照号"),
  LICENCE_PLATE("车牌号"),
  USCC("统一社会信用代码"),
  IP_ADDRESS("IP地址"),
  ADDRESS("地址"),
  PERSON_NAME("姓名"),
  CUSTOM("自定义敏感信息");

  private final String token;

  PiiType(String token) {
    this.token = token;
  }

  public String token() {
    return token;
  }
}
