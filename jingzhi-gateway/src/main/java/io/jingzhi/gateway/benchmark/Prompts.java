package io.jingzhi.gateway.benchmark;

import io.jingzhi.gateway.provider.TokenCounter;

/** Synthesised prompts of a given length, from a government-service text so Chinese tokenisation is exercised. */
final class Prompts {

  private static final String SOURCE = "市民可以通过政务服务网办理社保、医保、公积金、户籍、居住证、出入境、"
      + "不动产登记、企业开办等事项。办理前请准备好身份证件和相关证明材料，按照办事指南在线提交申请，"
      + "审核通过后可选择邮寄或到窗口领取结果。如有疑问，可拨打12345政务服务便民热线咨询。";

  private Prompts() {}

  /** About {@code tokens} tokens (cl100k_base) of text; never more. */
  static String synthesize(int tokens, TokenCounter counter) {
    StringBuilder text = new StringBuilder(SOURCE.repeat(tokens / Math.max(1, counter.count(SOURCE)) + 1));
    while (counter.count(text.toString()) < tokens) {
      text.append(SOURCE);
    }
    int lo = 0;
    int hi = text.length();
    while (lo < hi) { // the longest prefix within the budget
      int mid = (lo + hi + 1) >>> 1;
      if (counter.count(text.substring(0, mid)) <= tokens) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return text.substring(0, lo);
  }
}
