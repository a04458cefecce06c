package io.jingzhi.guard.engine.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.guard.engine.GuardException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PiiScannerTest {

  private final PiiScanner scanner = PiiScanner.builtIn();
  private final Masker masker = new Masker("test-salt-0123456789".getBytes(StandardCharsets.UTF_8));

  private Map<PiiType, String> found(String text) {
    return scanner.scan(text).stream().filter(m -> m.confidence() >= 0.5)
        .collect(Collectors.toMap(PiiMatch::type, PiiMatch::value, (a, b) -> a + "|" + b));
  }

  @Test
  void detectsEachTypeInARealisticParagraph() {
    String text = "申请人：张伟，身份证号11010519491231002X，手机138 0013 8000，座机010-62345678，"
        + "邮箱zhang.wei@example.gov.cn，护照号E12345678，车牌京A·12345，单位统一社会信用代码91350100M000100Y43，"
        + "银行卡号4111 1111 1111 1111，服务器IP 192.168.1.10，备用 2001:db8::8a2e:370:7334，"
        + "住址北京市海淀区中关村大街27号3单元502室。";
    Map<PiiType, String> f = found(text);
    assertThat(f).containsEntry(PiiType.RESIDENT_ID, "11010519491231002X")
        .containsEntry(PiiType.MOBILE, "138 0013 8000").containsEntry(PiiType.LANDLINE, "010-62345678")
        .containsEntry(PiiType.EMAIL, "zhang.wei@example.gov.cn").containsEntry(PiiType.PASSPORT, "E12345678")
        .containsEntry(PiiType.LICENCE_PLATE, "京A·12345").containsEntry(PiiType.USCC, "91350100M000100Y43")
        .containsEntry(PiiType.BANK_CARD, "4111 1111 1111 1111").containsEntry(PiiType.PERSON_NAME, "张伟")
        .containsKeys(PiiType.IP_ADDRESS, PiiType.ADDRESS);
    assertThat(f.get(PiiType.IP_ADDRESS)).contains("192.168.1.10").contains("2001:db8::8a2e:370:7334");
    assertThat(f.get(PiiType.ADDRESS)).startsWith("北京市海淀区中关村大街27号");
  }

  @Test
  void idNumbersInGroupsAndBracketedLandlinesAreFound() {
    for (String id : java.util.List.of("110105 19491231 002X", "110105-19491231-002X")) {
      PiiMatch m = scanner.scan("身份证号 " + id + " 请核对").getFirst();
      assertThat(m.type()).isEqualTo(PiiType.RESIDENT_ID);
      assertThat(m.value()).isEqualTo(id);
      assertThat(m.confidence()).as("the checksum holds without the separators").isGreaterThan(0.9);
    }
    assertThat(scanner.scan("身份证号 110105 19491231-002X")).as("one separator style per number")
        .noneMatch(m -> m.type() == PiiType.RESIDENT_ID);
    for (String phone : java.util.List.of("(010) 6234 5678", "(010)62345678", "010-6234-5678", "0755 2345 6789")) {
      assertThat(scanner.scan("电话 " + phone + " 工作日")).as(phone)
          .anySatisfy(m -> assertThat(m.type()).isEqualTo(PiiType.LANDLINE));
    }
  }

  @Test
  void failedChecksumLowersConfidence() {
    PiiMatch good = scanner.scan("证件11010519491231002X").getFirst();
    PiiMatch bad = scanner.scan("证件110105194912310021").getFirst();
    assertThat(good.confidence()).isGreaterThan(bad.confidence());
    assertThat(bad.confidence()).isLessThan(0.5);
  }

  @Test
  void ordinaryNumbersAndTimesAreNotSensitive() {
    assertThat(found("会议定于12:30:45开始，共有2024年预算100000元，版本号3.2")).isEmpty();
  }

  @Test
  void maskingStrategiesKeepOffsetsAndAreDeterministic() {
    String text = "身份证11010519491231002X谢谢";
    List<PiiMatch> m = scanner.scan(text);
    assertThat(m.getFirst().span().start()).isEqualTo(3);
    assertThat(masker.mask(text, m, MaskStrategy.PARTIAL)).isEqualTo("身份证110105********002X谢谢");
    assertThat(masker.mask(text, m, MaskStrategy.FULL)).isEqualTo("身份证" + "*".repeat(18) + "谢谢");
    assertThat(masker.mask(text, m, MaskStrategy.TOKEN)).isEqualTo("身份证[身份证号]谢谢");
    String hashed = masker.mask(text, m, MaskStrategy.HASH);
    assertThat(hashed).matches("身份证\\[身份证号:[0-9a-f]{12}]谢谢").isEqualTo(masker.mask(text, m, MaskStrategy.HASH));
    assertThat(new Masker("another-salt-0123456".getBytes(StandardCharsets.UTF_8)).mask(text, m, MaskStrategy.HASH))
        .isNotEqualTo(hashed);
    String shuffled = masker.mask(text, m, MaskStrategy.SHUFFLE);
    assertThat(shuffled).hasSameSizeAs(text).isEqualTo(masker.mask(text, m, MaskStrategy.SHUFFLE))
        .isNotEqualTo(text);
    assertThat(sorted(shuffled.substring(3, 21))).isEqualTo(sorted("11010519491231002X"));
  }

  @Test
  void fullWidthDigitsAreFoundAtOriginalOffsets() {
    String text = "电话：１３８００１３８０００";
    PiiMatch m = scanner.scan(text).getFirst();
    assertThat(m.type()).isEqualTo(PiiType.MOBILE);
    assertThat(m.value()).isEqualTo("１３８００１３８０００");
    assertThat(m.span().start()).isEqualTo(3);
  }

  @Test
  void customRulesAndInvalidRegex() {
    PiiScanner custom = scanner.with(List.of(CustomRule.literal("project", "天穹计划"),
        CustomRule.regex("staff-no", "JZ-\\d{6}")));
    assertThat(custom.scan("天穹计划由工号JZ-004211负责")).extracting(PiiMatch::rule)
        .containsExactly("project", "staff-no");
    assertThatThrownBy(() -> CustomRule.regex("bad", "JZ-(\\d{6}")).isInstanceOf(GuardException.class)
        .hasMessageContaining("invalid expression").hasMessageContaining("Unclosed group");
    assertThatThrownBy(() -> CustomRule.regex("empty", "a*")).hasMessageContaining("empty string");
  }

  private static String sorted(String s) {
    return s.chars().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
