package io.jingzhi.guard.engine.semantic;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.ahocorasick.trie.Trie;

/**
 * A surface cue for a plain request to do harm that names no dangerous object: a how-to that seeks to escape
 * detection or accountability ("怎么逃票坐高铁不被乘务员查到？", "怎么规避查重？"), a how-to for fraud, forgery, theft or
 * intrusion ("如何假装受伤以获得工伤赔偿？", "我怎样才能在保险理赔时虚报损失多拿钱？"), a lethal-dose question ("吃多少片安眠药会
 * 让人睡过去再也醒不过来？"), an ask to break a named person ("怎么做能让他精神崩溃？") or an ask for slurs and insults
 * ("形容胖子的侮辱性外号有哪些？"). A question that seeks protection, the law's answer, help or a judgement ("怎么识别",
 * "会判几年", "被冒用了怎么办", "是否合法", "安全剂量") never carries it. Like the {@link DemeaningCue} it only lowers the
 * bar: an input with the cue is embedded even when the n-gram first stage scores it low, and blocks from the head's
 * suspicious threshold on; the classifier still has to find it risky. No model weights are read, so changing it needs
 * no retraining. Why: these requests are short and polite, their topic words (发票, 体检, 高铁, 安眠药) are those of
 * ordinary questions, and the classifier scored them between its two thresholds (recall round 5).
 */
final class HarmfulRequestCue {

  /** As {@link DemeaningCue#MAX_LENGTH}: a long text is more likely to quote such a request than to make it. */
  static final int MAX_LENGTH = DemeaningCue.MAX_LENGTH;

  // Keyword families, found in one Aho–Corasick scan (a regex alternation per family cost ~10 µs a short text).
  private static final int ASK = 1;
  private static final int EVADE = 1 << 1;
  private static final int DECEIVE = 1 << 2;
  private static final int DOSE = 1 << 3;
  private static final int LETHAL = 1 << 4;
  private static final int SLUR = 1 << 5;
  private static final int SLUR_ASK = 1 << 6;
  private static final int NEUTRAL = 1 << 7;
  /** The outcome of {@link #HARM}: its regex runs only when one is present. */
  private static final int HARMED = 1 << 8;
  /** The stem of {@link #EVADE_FORM}: its regex runs only when one is present. */
  private static final int EVADE_STEM = 1 << 9;

  private static final String CAUGHT = "(?:发现|抓|查|追责|追究|察觉|识破|起诉|处罚|检测|认出|追踪|拍到|注意到|举报|盯上)";
  /** Escaping detection with words between: "不被乘务员查到", "钻法律的空子". */
  private static final Pattern EVADE_FORM = Pattern.compile("不被.{0,8}?" + CAUGHT + "|不会被.{0,8}?" + CAUGHT
      + "|钻.{0,4}空子");
  /** Making a named person suffer. */
  private static final Pattern HARM = Pattern.compile("(?:让|使|把|令)(?:他|她|他们|她们|对方|某人|别人|室友|同事|同学|老板|领导|"
      + "老师|邻居|前任|前女友|前男友|前妻|前夫|那个人|这个人|孩子的老师).{0,12}(?:" + String.join("|", harmedWords()) + ")");

  private static final Map<String, Integer> FAMILIES = families();
  private static final Trie KEYWORDS = Trie.builder().addKeywords(FAMILIES.keySet()).build();

  private HarmfulRequestCue() {}

  /** Whether a prepared text or window (see {@link TextWindows#prepareNormalised}) of at most {@link #MAX_LENGTH}
   *  characters carries the cue. */
  static boolean matches(String w) {
    if (w.length() > MAX_LENGTH || w.isEmpty()) {
      return false;
    }
    int[] found = {0};
    KEYWORDS.parseText(w, emit -> {
      found[0] |= FAMILIES.get(emit.getKeyword());
      return true;
    });
    int f = found[0];
    if ((f & NEUTRAL) != 0) {
      return false;
    }
    boolean evade = (f & EVADE) != 0 || (f & EVADE_STEM) != 0 && EVADE_FORM.matcher(w).find();
    return (f & ASK) != 0 && ((f & DECEIVE) != 0 || evade)
        || (f & DOSE) != 0 && (f & LETHAL) != 0
        || (f & SLUR) != 0 && (f & SLUR_ASK) != 0
        || (f & HARMED) != 0 && HARM.matcher(w).find();
  }

  private static String[] harmedWords() {
    return "崩溃 痛苦 生不如死 受伤 残废 消失 身败名裂 出丑 难堪 抑郁 自杀 发疯 生病 破产 辞职 被开除 丢工作 滚蛋 混不下去".split(" ");
  }

  private static Map<String, Integer> families() {
    Map<String, Integer> m = new HashMap<>();
    // An ask for a way to do something.
    add(m, ASK, "如何 怎么 怎样 怎麼 什么办法 有啥办法 有没有办法 什么方法 哪些方法 方法 步骤 教我 帮我 告诉我 我想 我要 能不能 可以 "
        + "最好的 最佳 技巧 窍门 需要什么 需要哪些 话术 秘诀 攻略");
    // Escaping detection or accountability.
    add(m, EVADE, "查不出 测不出 检不出 验不出 看不出 认不出 发现不出 逃避追责 逃避处罚 逃避检查 逃避监管 逃避税 逃避法律 逃避责任 "
        + "逃避侦查 逃避调查 逃避审查 规避查重 规避监管 规避检查 规避审查 规避法律 规避处罚 规避税 规避检测 规避风控 避开监管 避开检查 "
        + "避开警察 避开监控 避开安检 避开摄像头 瞒过 蒙混过关 骗过 躲过检查 躲过监管 躲过警察 躲过安检 躲过监控 神不知鬼不觉 不留痕迹 "
        + "不留证据 销毁证据 逃脱法律 逃脱制裁 逃脱追捕 绕过监管 绕过检查 绕过安检 绕过门禁 绕过审核 绕过检测 绕过监控 绕过风控 绕过实名");
    add(m, EVADE_STEM, "不被 不会被 钻");
    // Fraud, forgery, theft, intrusion.
    add(m, DECEIVE, "虚假 伪造 假装受伤 假装生病 假装有病 假装残疾 假装怀孕 假装失业 假装贫困 假装工伤 假装车祸 冒充 假冒 冒用 虚报 "
        + "骗取 骗保 骗钱 骗贷 骗补 骗老人 骗人 套取 作假 造假 假账 两套账 阴阳合同 洗钱 刷单 刷好评 假证 假发票 假支票 假病历 假简历 "
        + "假证明 虚开 冒领 偷税 漏税 逃税 行贿 窃取 盗取 盗刷 入侵 黑进 窃听 偷拍 作弊 逃票 调表 偷东西 偷钱 偷车 偷电动车 偷手机");
    add(m, DOSE, "多少 剂量 几片 几颗 几粒 多大 什么药 哪种药 哪些药 什么毒 哪种毒");
    add(m, LETHAL, "致死 致命 醒不过来 没命 毙命 丧命 毒死 死亡 死掉 弄死 杀死 一命呜呼 送命");
    add(m, SLUR, "俚语 黑话 蔑称 贬称 贬义词 侮辱性 骂 脏话 难听的话 难听话 粗话 歧视性 嘲笑 取笑");
    add(m, SLUR_ASK, "哪些 什么 有啥 列 写 来几 说几 给我 编");
    add(m, HARMED, String.join(" ", harmedWords()));
    // Protection, the law, help, judgement, a victim's view, knowledge: the questions that must stay answerable.
    add(m, NEUTRAL, "识别 识破 防范 防止 防骗 举报 预防 辨别 区分 怎么判断 如何判断 被骗 上当 揭穿 打击 应对 后果 会判 判几年 判多久 "
        + "量刑 处罚 违法吗 犯罪吗 是否合法 合法吗 违法 犯法 维权 追回 投诉 急救 误服 中毒了 过量了 怎么办 求助 热线 报警 危害 是否 会不会 "
        + "算不算 属于 构成 反洗钱 反诈 合规 培训 查处 执法 科普 原理 历史 案例 电影 小说 如何看待 怎么看 被人 被同学 被偷 被盗 被冒用 "
        + "我被 自己的 保护 常见 手段 后悔 评价 怎么检查 如何检查 怎么处理 如何处理 安全剂量 正常剂量 每天最多 最多吃 "
        + "公式 统计 表格 报表 汇总 案件类型 什么叫 通俗 打骂 立案标准 移交 被蛇 被狗 被咬 咬了 蜇了");
    return Map.copyOf(m);
  }

  private static void add(Map<String, Integer> m, int family, String words) {
    for (String w : words.split(" ")) {
      m.merge(w, family, (a, b) -> a | b);
    }
  }
}
