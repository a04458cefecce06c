package io.jingzhi.guard.engine.pii;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Chinese person names, heuristically: a common surname (single or compound) plus one or two given-name
 * characters, only where context says a name follows (姓名：, 我叫, 申请人, 联系人…) or precedes (先生, 女士).
 * Surnames that double as function words (和, 于, 时…) are left out on purpose.
 * Bare surname-like characters are everywhere in Chinese text; without context nothing is reported.
 */
public final class PersonNameDetector implements PiiDetector {

  static final String COMPOUND = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐|端木|西门|南宫|独孤";
  static final String SINGLE = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
      + "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康施牛樊葛邢"
      + "齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙"
      + "鲍华喻祁蒲房滕屈饶牟艾尤阳穆农司卓古吉缪简连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬师仇"
      + "栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝";
  private static final String SURNAME = "(?:" + COMPOUND + "|[" + SINGLE + "])";
  private static final String GIVEN = "[\\p{IsHan}&&[^的了是在和与及或等先女同老师傅说称：:，,。]]";
  static final PatternDetector LABELLED = new PatternDetector(PiiType.PERSON_NAME, "person-name",
      Pattern.compile("(?:姓名|名字|我叫|本人|联系人|申请人|被申请人|当事人|患者|收件人|户主|经办人|法定代表人|委托人)"
          + "[：:\\s]*(?:是|为)?[：:\\s]*(" + SURNAME + GIVEN + "{1,2})"),
      1, c -> 0.8);
  static final PatternDetector TITLED = new PatternDetector(PiiType.PERSON_NAME, "person-name",
      Pattern.compile("(" + SURNAME + GIVEN + "{0,1})(?:先生|女士|同志)"), 1, c -> 0.6,
      Pattern.compile("先生|女士|同志"), 3); // a compound surname and one given character before the title

  @Override
  public List<PiiMatch> detect(String text) {
    return Stream.concat(LABELLED.detect(text).stream(), TITLED.detect(text).stream()).toList();
  }
}
