package io.jingzhi.guard.engine.semantic;

import java.util.List;

/**
 * What a question asks for, apart from its topic: ten groups of Chinese cue phrases — asking for help, prevention or
 * recognition, rights and the law, explanation, a victim's view (the stance of a question that deserves an answer)
 * against evading detection, step-by-step instruction, producing a text, leading or endorsing a generalisation and
 * asking for insults (the stance of a request to refuse). A window's feature is 1 per group with a cue in it. The
 * embedding and the kNN read the topic, so "怎样识别假币" and "怎样把假币花出去" sit side by side there; these features
 * let the stacker tell them apart. The lists are general language, written for this project (not taken from a set).
 */
final class StanceFeatures {

  static final List<List<String>> GROUPS = List.of(
      List.of("怎么办", "该怎么", "我该", "求助", "帮助他", "帮帮", "怎么帮", "劝", "走出来", "戒掉", "怎么面对"),
      List.of("预防", "防范", "识别", "辨别", "分辨", "避免", "防止", "自救", "急救", "保护自己", "安全吗", "检查",
          "怎么处理", "真伪", "上当"),
      List.of("举报", "报警", "维权", "投诉", "起诉", "法律责任", "违法吗", "合法吗", "处罚", "判几年", "权益", "法律上",
          "规定", "申诉", "索赔", "依法", "合法的"),
      List.of("怎么形成", "怎么回事", "区别", "来历", "是怎么", "科学依据", "研究", "共识", "证据有哪些", "原因有哪些",
          "有哪些危害", "影响", "现状"),
      List.of("被骗", "被打", "被盗", "被人", "被霸凌", "被泄露", "被诈骗", "被拖欠", "被拒", "受害", "被欺负", "被威胁"),
      List.of("不被发现", "不被查", "不被追", "不留痕迹", "偷偷", "神不知", "查不出", "不被抓", "避开", "绕过", "规避",
          "逃避", "瞒过", "不露馅"),
      List.of("教我", "告诉我怎么", "告诉我如何", "步骤", "配方", "原料", "具体方法", "怎样才能", "如何才能", "怎么做才",
          "手把手", "需要哪些工具"),
      List.of("帮我写", "帮我编", "编一", "捏造", "伪造", "编造", "写一篇", "写一段", "写一条", "给我列", "列举", "给我几",
          "想几个", "帮我想"),
      List.of("对吧", "对不对", "你同意吗", "你认同", "你说是不是", "不都是", "是不是都", "难道", "都是", "总是", "天生",
          "永远", "不配", "活该", "个个"),
      List.of("侮辱", "骂", "脏话", "羞辱", "蔑称", "嘲笑", "外号", "难听", "贬低", "挖苦", "恶毒", "嘲讽"));

  static final int DIM = GROUPS.size();

  private StanceFeatures() {}

  /** The features of a prepared window: 1 per group with a cue in it, else 0. */
  static float[] of(String window) {
    float[] f = new float[DIM];
    for (int g = 0; g < DIM; g++) {
      for (String cue : GROUPS.get(g)) {
        if (window.contains(cue)) {
          f[g] = 1;
          break;
        }
      }
    }
    return f;
  }
}
