package io.jingzhi.guard.engine.lexicon;

import java.util.Arrays;
import java.util.Optional;

/** The 31 risk types of TC260-003 / GB/T 45654-2025, appendix A, with their codes A.1.1 … A.5.2. */
public enum RiskType {
  A1_1(RiskClass.A1, "A.1.1", "煽动颠覆国家政权、推翻社会主义制度", "Inciting subversion of state power or the socialist system"),
  A1_2(RiskClass.A1, "A.1.2", "危害国家安全和利益、损害国家形象", "Endangering national security and interests, harming the national image"),
  A1_3(RiskClass.A1, "A.1.3", "煽动分裂国家、破坏国家统一和社会稳定", "Inciting secession, undermining national unity and social stability"),
  A1_4(RiskClass.A1, "A.1.4", "宣扬恐怖主义、极端主义", "Promoting terrorism or extremism"),
  A1_5(RiskClass.A1, "A.1.5", "宣扬民族仇恨", "Promoting ethnic hatred"),
  A1_6(RiskClass.A1, "A.1.6", "宣扬暴力、淫秽色情", "Promoting violence, obscenity or pornography"),
  A1_7(RiskClass.A1, "A.1.7", "传播虚假有害信息", "Spreading false and harmful information"),
  A1_8(RiskClass.A1, "A.1.8", "其他法律、行政法规禁止的内容", "Other content prohibited by laws and administrative regulations"),
  A2_1(RiskClass.A2, "A.2.1", "民族歧视内容", "Ethnic discrimination"),
  A2_2(RiskClass.A2, "A.2.2", "信仰歧视内容", "Discrimination by belief"),
  A2_3(RiskClass.A2, "A.2.3", "国别歧视内容", "Discrimination by nationality"),
  A2_4(RiskClass.A2, "A.2.4", "地域歧视内容", "Regional discrimination"),
  A2_5(RiskClass.A2, "A.2.5", "性别歧视内容", "Gender discrimination"),
  A2_6(RiskClass.A2, "A.2.6", "年龄歧视内容", "Age discrimination"),
  A2_7(RiskClass.A2, "A.2.7", "职业歧视内容", "Occupational discrimination"),
  A2_8(RiskClass.A2, "A.2.8", "健康歧视内容", "Health discrimination"),
  A2_9(RiskClass.A2, "A.2.9", "其他方面歧视内容", "Other discrimination"),
  A3_1(RiskClass.A3, "A.3.1", "侵犯他人知识产权", "Infringing intellectual property"),
  A3_2(RiskClass.A3, "A.3.2", "违反商业道德", "Violating business ethics"),
  A3_3(RiskClass.A3, "A.3.3", "泄露他人商业秘密", "Disclosing trade secrets"),
  A3_4(RiskClass.A3, "A.3.4", "利用算法、数据、平台等优势实施垄断和不正当竞争", "Monopoly or unfair competition through algorithms, data or platforms"),
  A3_5(RiskClass.A3, "A.3.5", "其他商业违法违规行为", "Other commercial violations"),
  A4_1(RiskClass.A4, "A.4.1", "危害他人身心健康", "Endangering others' physical or mental health"),
  A4_2(RiskClass.A4, "A.4.2", "侵害他人肖像权", "Infringing portrait rights"),
  A4_3(RiskClass.A4, "A.4.3", "侵害他人名誉权", "Infringing reputation rights"),
  A4_4(RiskClass.A4, "A.4.4", "侵害他人荣誉权", "Infringing honour rights"),
  A4_5(RiskClass.A4, "A.4.5", "侵害他人隐私权", "Infringing privacy"),
  A4_6(RiskClass.A4, "A.4.6", "侵害他人个人信息权益", "Infringing personal information rights"),
  A4_7(RiskClass.A4, "A.4.7", "侵犯他人其他合法权益", "Infringing other legitimate rights"),
  A5_1(RiskClass.A5, "A.5.1", "内容不准确，严重不符合科学常识或主流认知", "Inaccurate content against science or mainstream understanding"),
  A5_2(RiskClass.A5, "A.5.2", "内容不可靠，无法对使用者形成帮助", "Unreliable content of no help to the user");

  private final RiskClass riskClass;
  private final String code;
  private final String nameZh;
  private final String nameEn;

  RiskType(RiskClass riskClass, String code, String nameZh, String nameEn) {
    this.riskClass = riskClass;
    this.code = code;
    this.nameZh = nameZh;
    this.nameEn = nameEn;
  }

  public RiskClass riskClass() {
    return riskClass;
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

  /** Looks a type up by its code ("A.1.4") or enum name ("A1_4"). */
  public static Optional<RiskType> byCode(String code) {
    String c = code == null ? "" : code.trim();
    return Arrays.stream(values()).filter(t -> t.code.equals(c) || t.name().equalsIgnoreCase(c)).findFirst();
  }
}
