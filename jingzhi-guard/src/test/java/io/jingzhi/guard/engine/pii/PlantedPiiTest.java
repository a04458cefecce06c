package io.jingzhi.guard.engine.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Plants phone numbers, bank cards and resident IDs (valid check digits, varied formats) in generated
 * government-style paragraphs and requires that at least 99% of them disappear after masking.
 */
class PlantedPiiTest {

  private static final String[] OPENERS = {"您好，我想咨询一下公积金提取的事情，", "关于上月社保缴费的问题，",
      "我是来办理户籍迁移的，", "您好，这里是12345热线工单回访，", "申请材料如下，请审核：", "孩子入学报名信息补充："};
  private static final String[] CLOSERS = {"麻烦尽快处理，谢谢。", "工作日都可以联系。", "如有问题请回电。",
      "材料已经上传到一网通办。", "请在3个工作日内答复。"};
  private static final String[] AREAS = {"110105", "310104", "440305", "510107", "330106", "420102"};
  private static final String[] MOBILE_PREFIX = {"138", "139", "150", "186", "177", "199", "135", "182"};
  private static final String[] CARD_BIN = {"622202", "621700", "622848", "621226", "403391", "518710"};

  private final Random random = new Random(20260101L);

  @Test
  void atLeast99PercentOfPlantedNumbersAreMasked() {
    PiiScanner scanner = PiiScanner.builtIn();
    Masker masker = new Masker("planted-salt-0123456789".getBytes(StandardCharsets.UTF_8));
    int planted = 0;
    int leaked = 0;
    for (int p = 0; p < 300; p++) {
      List<String> values = new ArrayList<>();
      StringBuilder text = new StringBuilder(OPENERS[random.nextInt(OPENERS.length)]);
      String id = residentId();
      String phone = mobile();
      String card = bankCard();
      String landline = "0" + (10 + random.nextInt(89)) + "-" + (2 + random.nextInt(8)) + digits(7);
      text.append("我的身份证号码是").append(id).append(random.nextBoolean() ? "，" : " ")
          .append(random.nextBoolean() ? "手机" : "联系电话：").append(phone)
          .append("，社保卡绑定的银行卡号").append(card).append("，办公电话").append(landline).append("。")
          .append(CLOSERS[random.nextInt(CLOSERS.length)]);
      values.addAll(List.of(id, phone, card, landline));
      String masked = masker.mask(text.toString(), scanner.scan(text.toString()).stream()
          .filter(m -> m.confidence() >= 0.5).toList(), MaskStrategy.TOKEN);
      for (String v : values) {
        planted++;
        if (masked.contains(v) || masked.contains(v.replaceAll("[ -]", ""))) {
          leaked++;
        }
      }
    }
    assertThat(planted).isEqualTo(1200);
    assertThat(leaked).as("leaked of %d", planted).isLessThanOrEqualTo(planted / 100);
  }

  private String residentId() {
    String first17 = AREAS[random.nextInt(AREAS.length)] + (1950 + random.nextInt(60))
        + String.format("%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28)) + digits(3);
    return first17 + Checksums.residentIdCheck(first17);
  }

  private String mobile() {
    String n = MOBILE_PREFIX[random.nextInt(MOBILE_PREFIX.length)] + digits(8);
    return switch (random.nextInt(4)) {
      case 0 -> n.substring(0, 3) + " " + n.substring(3, 7) + " " + n.substring(7);
      case 1 -> n.substring(0, 3) + "-" + n.substring(3, 7) + "-" + n.substring(7);
      case 2 -> "+86 " + n;
      default -> n;
    };
  }

  private String bankCard() {
    String payload = CARD_BIN[random.nextInt(CARD_BIN.length)] + digits(random.nextBoolean() ? 9 : 12);
    String card = payload + Checksums.luhnCheck(payload);
    return random.nextInt(3) == 0 ? card.replaceAll("(\\d{4})(?=\\d)", "$1 ") : card;
  }

  private String digits(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(random.nextInt(10));
    }
    return s.toString();
  }
}
