package io.jingzhi.guard.engine.attack;

import java.util.List;

/**
 * The built-in attack features. Patterns run on normalised text (lower case, simplified, half-width) and on its
 * compact form, so the Chinese ones avoid depending on spaces or punctuation.
 */
public final class AttackFeatures {

  private AttackFeatures() {}

  public static List<AttackFeature> builtIn() {
    return List.of(
        AttackFeature.of("instruction-override", "override", 1.0,
            "(忽略|无视|忘记|忘掉|放弃|抛开|不要理会|跳过)(掉)?(你)?(之前|以前|先前|前面|上面|以上|此前|刚才|原有|原来|所有|一切|全部)"
                + "(的|收到的|给你的|所有|全部|一切)*(指令|指示|指引|提示|提示词|规则|设定|要求|限制|约束|命令)"
                + "|(ignore|disregard|forget|override)\\s*(all\\s*|any\\s*|the\\s*|your\\s*)*(previous|prior|above|earlier|preceding|initial|original|system)"
                + "\\s*(instructions?|prompts?|rules?|directions?|guidelines?|messages?)"),
        AttackFeature.of("developer-mode", "jailbreak", 0.8,
            "开发者模式|开发人员模式|越狱模式|上帝模式|相反模式|调试输出模式|developer\\s*mode|jailbreak|jailbroken|\\bdan\\b"
                + "|do\\s*anything\\s*now|opposite\\s*mode|antigpt|betterdan"
                + "|\\baim\\b.{0,20}(machiavelli|马基雅维利)|(马基雅维利|machiavelli).{0,40}\\baim\\b"),
        AttackFeature.of("no-restrictions", "jailbreak", 0.6,
            "(没有|不受|不用|不必|无需|摆脱|突破|解除|去除|绕过|不再受)(任何|一切|所有)?(的)?(道德|伦理|法律|审查|过滤|安全)?(的)?"
                + "(限制|约束|束缚|准则|底线|规则|审查|过滤)|(未经|不加|没有|不会)(任何)?过滤|无道德|不道德的(ai|助手|机器人)"
                + "|(不|无需|不用|不必)(考虑|顾及|理会)(请求|问题|行为)?的?(合法性|道德|伦理|后果)|无所不能|为所欲为"
                + "|(不需要|不必|无需|不用|无须|从不|不会|用不着)(去)?(遵守|遵循|理会|顾忌|在乎)(任何|一切|所有)?.{0,10}"
                + "(规则|政策|准则|法律|法规|道德|伦理|限制|约束)"
                + "|(从|摆脱|脱离|挣脱).{0,8}(道德|伦理|规则|限制|审查)的?(束缚|约束|枷锁)?中?(解脱|解放)"
                + "|不讲(道德|伦理)|没有(任何)?(道德|伦理)(原则|准则|底线|观念)|不受审查"
                + "|没有(任何)?(法律|道德|伦理|规则)(和|或|与|、)(法律|道德|伦理|规则)"
                + "|不受(任何|你的)?(内容|安全|使用)(政策|策略)|(关闭|关掉|禁用|解除|绕过)(你的|所有|全部)?(内容安全|内容|安全)(过滤|审查|护栏)"
                + "|no\\s*(restrictions|limits|limitations|filters|rules|ethics|morals)"
                + "|without\\s*(any\\s*)?(restrictions|censorship|filters|limits|ethics|morals|moral\\s*principles)"
                + "|unfiltered|uncensored|amoral|unrestricted|not\\s*bound\\s*by|(broken|break|breaks)\\s*free"
                + "|free\\s*(from|of)\\s*(all\\s*|any\\s*|the\\s*)*(rules|restrictions|constraints|limitations"
                + "|censorship|confines)"
                + "|no\\s*(ethical|moral)\\s*(guidelines|principles|boundaries|restrictions|standards|code)"
                + "|(does\\s*not|doesn'?t|do\\s*not|don'?t|never)\\s*(have\\s*to\\s*)?(abide|adhere|comply)"),
        AttackFeature.of("refusal-suppression", "jailbreak", 0.5,
            "(不要|不能|不许|不可以|绝不|永远不会|永远不要|禁止|从不|不得|不会)(拒绝|说不|说你不能|道歉|提醒|警告|说教|说(对不起|抱歉))"
                + "|(不要|不能|别|不许|禁止|绝不能)(用|以|回复|回答|说|提及)?[“\"「']?(抱歉|对不起|我不能|作为(一个)?(ai|人工智能))"
                + "|不(要|会)?(添加|加|附|带|附带|附加)(任何)?(警告|免责|提醒)"
                + "|never\\s*refuse|do\\s*not\\s*refuse|don'?t\\s*(refuse|apologi[sz]e|warn)"
                + "|without\\s*(any\\s*)?(warnings?|disclaimers?)"
                + "|(cannot|can'?t|must\\s*not|will\\s*never|won'?t\\s*ever|never)\\s*(ever\\s*)?(decline|refuse"
                + "|deny|reject)"
                + "|(never|not|don'?t)\\s*(respond|reply|answer|say)\\s*(with\\s*)?[\"“']?\\s*i'?m\\s*sorry"),
        AttackFeature.of("amoral-compliance", "jailbreak", 0.5,
            "(无论|不管)(问题|请求|内容)?.{0,12}(多么|是否|有多)(不道德|违法|非法|有害|不合法|危险|冒犯|不恰当|合法|道德)"
                + "|必须.{0,6}回答(所有|任何|每一个|我的每一个)|(回答|满足)(所有|任何|一切)(请求|要求|问题).{0,6}(不|没有|无)(任何)?(限制|例外|拒绝)"
                + "|(无视|打破|抛开)(这些|那些|所有|一切|任何).{0,4}(规则|规矩|政策|准则|限制)|认为一切都是合法的"
                + "|no\\s*matter\\s*how\\s*(immoral|unethical|illegal|dangerous|harmful|offensive|inappropriate)"
                + "|regardless\\s*of\\s*(how\\s*|whether\\s*|the\\s*|its\\s*)?(legal|illegal|moral|immoral|ethic"
                + "|unethic|harm|danger)"
                + "|ignore\\s*(these|those|all|the)\\s*(fucking\\s*|damn\\s*|stupid\\s*)?(rules|policies)"
                + "|fuck(ing)?\\s*(rules|policies)"
                + "|moralizing\\s*rant|everything\\s*is\\s*legal"),
        AttackFeature.of("ai-persona", "jailbreak", 0.2,
            "(名叫|叫做|名为|称为|代号)[“\"「']?.{1,16}[”\"」']?的?(ai|人工智能|聊天机器人|机器人|语言模型|模型)"
                + "|(假想|虚构|另一个|新的)的?(ai|人工智能|聊天机器人|语言模型)"
                + "|(chatbot|\\bai\\b|model|assistant)\\s*(named|called|known\\s*as)"
                + "|(another|new|fictional|hypothetical|forked)\\s*(version\\s*of\\s*chatgpt|ai|language\\s*model"
                + "|chatbot)"
                + "|simulate\\s*(being\\s*)?(a\\s*|an\\s*)?(chatbot|\\bai\\b|language\\s*model)"
                + "|which\\s*stands\\s*for"),
        AttackFeature.of("prompt-leak", "leak", 1.0,
            "(输出|告诉我|显示|打印|重复|泄露|透露|展示|给出|复述|说出)(一下)?(你的|你|完整的|全部的|原始的|最初的)*(系统|隐藏|初始|原始|内部)"
                + "(的)?(提示词|提示|指令|设定|prompt)|(系统提示词|system\\s*prompt)(是什么|的内容|原文)"
                + "|(reveal|print|show|repeat|output|tell\\s*me)\\s*(me\\s*)?(your|the)\\s*(system|initial|hidden|original)\\s*(prompt|instructions)"
                + "|repeat\\s*the\\s*(words|text)\\s*above"),
        AttackFeature.of("role-play", "roleplay", 0.2,
            "从现在(开始|起)[,，]?(请)?你(就|将|现在)?(是|扮演|充当)|假装|假扮|模仿"
                + "|(扮演|充当)(?!(了|着)?(什么|怎样|何种|哪些|哪种|哪个|重要|关键|积极|主要|核心|主导|不同|双重|多重)的?角色)"
                + "|以.{1,30}的(口吻|身份|角色)"
                + "|你现在是|pretend\\s*(you\\s*are|to\\s*be)|act\\s*as|role\\s*-?play|you\\s*are\\s*now"
                + "|immerse\\s*yourself|you\\s*(will|are\\s*going\\s*to)\\s*(now\\s*)?(simulate|pose\\s*as"
                + "|play\\s*the\\s*role)"
                + "|act\\s*out|from\\s*now\\s*on,?\\s*you"),
        AttackFeature.of("dual-response", "jailbreak", 0.3,
            "(两种|两个|2种|两段)(不同的?|独立的?|分开的?)?(方式|版本|回答|回复|人格|身份).{0,40}(不受|没有|无|不加|未经)(任何)?(过滤|限制|审查|约束)"
                + "|two\\s*(different\\s*|separate\\s*|distinct\\s*)?(ways|responses|answers|personalities|manners"
                + "|styles)"
                + "|(generate|give|provide)\\s*two\\s*responses|opposite\\s*of\\s*what|完全相反的(话|回答|人格)"),
        AttackFeature.of("harmful-persona", "jailbreak", 0.4,
            "(邪恶|恶毒|无耻|冷酷无情)的?(计划|角色|ai|助手|人格|知己|伙伴|化身|版本)|(侮辱|辱骂|冒犯|挑衅|咆哮|粗鲁|尖刻|讽刺)(性)?的?(人|言辞|语气|态度|回答)"
                + "|不介意冒犯|让人们感到不安|(制造|造成)伤害"
                + "|evil\\s*(trusted\\s*)?(ai|assistant|plan|persona|confidant)|insult|actively\\s*(trying|wants?"
                + "|seeks?)\\s*to"
                + "|arch\\s*nemesis|hates?\\s*me"),
        AttackFeature.of("fiction-frame", "jailbreak", 0.2,
            "(假设|虚构|假定)的?(故事|世界|场景|环境|小说)|场景设定|在这个(假设|虚构)|模拟(对话|游戏)|(仅|只)(用于|是为了)(研究|学术|教育)"
                + "|hypothetical|for\\s*(educational|research)\\s*purposes|in\\s*a\\s*fictional"),
        AttackFeature.of("decode-and-follow", "encoding", 0.3,
            "(解码|解密|翻译|还原)(下面|以下|这段)?.{0,10}(并|然后|再)(执行|回答|照做|遵循)|decode\\s*(this|the\\s*following).{0,20}(and|then)"
                + "|(用|以)(base64|十六进制|hex|摩斯|凯撒)(编码)?(回答|输出|回复)"));
  }
}
