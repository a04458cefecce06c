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

  /** The prompt is about someone else, or about content for others. */
  private static final Pattern OTHERS = Pattern.compile(
      "别人|他人|他们|让他|让她|让人|逼他|逼她|诱导|教唆|怂恿|鼓动|鼓励|煽动|宣传|帖子|文章|小说|剧本|视频|文案|网友|群里"
          + "|邻居|同事|老公|老婆|丈夫|妻子|孩子|学生|对方|仇人|情敌");

  private CrisisAnswer() {}

  /** Whether the text speaks of the user's own suicide or self-harm. */
  public static boolean concernsSelf(String text) {
    if (text == null || text.isBlank() || OTHERS.matcher(text).find()) {
      return false;
    }
    return SELF_HARM.matcher(text).find() || (text.contains("我") && DEATH.matcher(text).find());
  }
}
