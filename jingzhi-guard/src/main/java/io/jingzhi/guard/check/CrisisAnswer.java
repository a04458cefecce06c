package io.jingzhi.guard.check;

import java.util.regex.Pattern;

/**
 * Recognises a prompt about the user's own suicide or self-harm, so that a blocked one is answered with support
 * (the {@code jingzhi.guard.crisis-answer} text, by default {@link io.jingzhi.guard.GuardProperties#CRISIS_ANSWER})
 * instead of a bare refusal. Only prompts the engine already blocks are answered this way; prompts that speak of
 * someone else (inciting, a post, a story, a neighbour) keep the refusal.
 */
public final class CrisisAnswer {

  /** Words of suicide and self-harm. */
  private static final Pattern SELF_HARM = Pattern.compile(
      "自杀|轻生|自尽|寻死|自残|自伤|割腕|跳楼|跳河|跳桥|烧炭|上吊|服毒|吞药|结束(?:我|自己)?的?(?:生命|一生)"
          + "|了结(?:我|自己)|不想活|活不下去|活着没(?:有)?意思|一了百了|死了算了|一睡不醒|不再醒");

  /** Death words that count only together with the first person ("我吃多少片会死"). */
  private static final Pattern DEATH = Pattern.compile("死|致命|没命");

  /** The prompt aims at someone else ("让邻居…", "逼他…", "诱导网友…") or asks for content for others (a post, a story).
   *  Family and colleagues named in a narrative of one's own distress ("老婆也要离婚，我不想活了") do not count. */
  private static final Pattern OTHERS = Pattern.compile(
      "(?:让|叫|逼|使|害|帮|教|鼓动|鼓励|煽动|劝)(?:他|她|别人|他人|人家|某人|邻居|同事|老公|老婆|丈夫|妻子|孩子|学生"
          + "|对方|仇人|情敌|网友|大家|更多人|前任|父母|爸|妈)"
          + "|诱导|教唆|怂恿|帖子|文章|小说|剧本|视频|文案|宣传|群里");

  private CrisisAnswer() {}

  /** Whether the text speaks of the user's own suicide or self-harm. */
  public static boolean concernsSelf(String text) {
    if (text == null || text.isBlank() || OTHERS.matcher(text).find()) {
      return false;
    }
    return SELF_HARM.matcher(text).find() || (text.contains("我") && DEATH.matcher(text).find());
  }
}
