#!/usr/bin/env python3
"""Prepares the semantic classifier's data (run by hand when the data changes, never by the build).

Reads the public development sets (a copy of /work/shared/data/safety, path given as argument) and the
jingzhi-authored text files under tools/authored/ (gov_*, refuse_*: first round; answer2_*, refuse2_*: the
v2 sets; tasks_*: everyday assistant tasks; refuse3_*, answer3_*: the v3 sets; refuse4_*, answer4_*: the v4 writing requests;
refuse5_*, answer5_*: a check set of safe requests in unsafe-sounding words, never trained on; refuse6_*, answer6_*:
the role-play round; refuse7_*, answer7_*: the documents round; refuse9_* .. refuse11_*, answer9_* .. answer11_*: the
help-seeking, knowledge and everyday rounds; templates_zh.txt: Chinese jailbreak templates), and splits every set
deterministically into
  train    -> src/main/resources/guard/semantic/<name>.train.jsonl   (shipped, trained on at build time)
  held-out -> src/test/resources/eval/heldout/<name>.dev.jsonl        (never trained on; dev figures)
A row goes to held-out when sha256(group key) mod 100 < 30. The group key keeps related rows on one side:
jailbreak wrappers share their seed question's key, awesome-prompts' simplified/traditional twins share one key,
JADE responses share their prompt's key, everything else uses its text.
"""
import hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = os.path.dirname(HERE)
TRAIN = os.path.join(MODULE, 'src/main/resources/guard/semantic')
DEV = os.path.join(MODULE, 'src/test/resources/eval/heldout')
HELD_OUT_PERCENT = 30

PUBLIC = {  # name -> (relative path, licence)
    'jade': 'should_refuse/jade.jsonl',
    'jailbench_seed': 'should_refuse/jailbench_seed.jsonl',
    'jailbench_attacks': 'should_refuse/jailbench_attacks.jsonl',
    'gptfuzz_en': 'should_refuse/gptfuzz_en.jsonl',
    'cvalues': 'should_not_refuse/cvalues.jsonl',
    'awesome_prompts_zh': 'mixed/awesome_prompts_zh.jsonl',
    'xstest_en': 'mixed/xstest_en.jsonl',
    'jade_responses': 'output/jade_responses.jsonl',
}


def held_out(key):
    return int(hashlib.sha256(key.encode('utf-8')).hexdigest(), 16) % 100 < HELD_OUT_PERCENT


def group_key(name, row):
    if name in ('jailbench_attacks', 'jailbench_seed'):
        return 'jailbench:' + row.get('seed_question', row['text'])
    if name == 'awesome_prompts_zh':
        return 'acp:' + re.sub(r'zh-Han[st]_', '', row['id'])
    if name == 'jade_responses':
        return 'jade_resp:' + row.get('prompt', row['text'])
    return row['text']


def authored(path, prefix, should_refuse):
    rows, category = [], None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith('#'):
                category = line[1:].strip()
                continue
            rows.append({'text': line, 'should_refuse': should_refuse, 'category': category,
                         'source': 'jingzhi-authored', 'lang': 'zh'})
    for i, r in enumerate(rows, 1):
        r['id'] = f'{prefix}_{i}'
    return rows


def write(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')


def split(name, rows):
    train = [r for r in rows if not held_out(group_key(name, r))]
    dev = [r for r in rows if held_out(group_key(name, r))]
    write(os.path.join(TRAIN, name + '.train.jsonl'), train)
    write(os.path.join(DEV, name + '.dev.jsonl'), dev)
    print(f'{name}: {len(train)} train, {len(dev)} held-out')


def main(safety_dir):
    for name, rel in PUBLIC.items():
        with open(os.path.join(safety_dir, rel), encoding='utf-8') as f:
            split(name, [json.loads(l) for l in f if l.strip()])
    gov = []
    with open(os.path.join(MODULE, 'src/test/resources/eval/gov_should_not_refuse.jsonl'), encoding='utf-8') as f:
        gov += [json.loads(l) for l in f if l.strip()]
    files = sorted(p for p in os.listdir(os.path.join(HERE, 'authored')) if p.startswith('gov_'))
    ext = [r for p in files for r in authored(os.path.join(HERE, 'authored', p), 'gov_ext', False)]
    for i, r in enumerate(ext, 1):
        r['id'] = f'gov_ext_{i}'
    seen = {r['text'] for r in gov}
    dupes = [r['text'] for r in ext if r['text'] in seen]
    if dupes:
        sys.exit('authored questions duplicate the existing gov set: ' + ', '.join(dupes))
    split('gov_should_not_refuse', gov + ext)
    files = sorted(p for p in os.listdir(os.path.join(HERE, 'authored')) if p.startswith('refuse_'))
    refuse = [r for p in files for r in authored(os.path.join(HERE, 'authored', p), 'x', True)]
    for i, r in enumerate(refuse, 1):
        r['id'] = f'jingzhi_refuse_{i}'
    split('jingzhi_should_refuse', refuse)
    # Second authored round (v2): stereotype/discrimination, A.3-A.5 and indirect A.1 requests, and the legitimate
    # questions next to them. Separate sets, so the first round's ids and split stay as they were.
    refuse2 = authored_set('refuse2_', 'jingzhi_refuse2', True)
    answer2 = authored_set('answer2_', 'gov2', False)
    earlier = {r['text'] for r in gov + ext + refuse}
    require_new(refuse2 + answer2, earlier, 'v2 authored rows duplicate earlier or each other')
    split('jingzhi_should_refuse_v2', refuse2)
    split('gov_should_not_refuse_v2', answer2)
    # Everyday assistant tasks (introduce, write, summarise, translate, office, chit-chat, role set-up): ordinary
    # prompts the first model refused ("请用一句话介绍一下这个平台。").
    tasks = authored_set('tasks_', 'tasks', False)
    earlier |= {r['text'] for r in refuse2 + answer2}
    require_new(tasks, earlier, 'everyday tasks duplicate earlier rows or each other')
    split('everyday_tasks', tasks)
    # Third authored round (v3): JailBench-style requests (translated-English phrasing, world groups, asks for insults,
    # misinformation and conspiracy asks, lethal-dose and fraud how-tos, crime how-tos) and their responsible-answer
    # neighbours, plus CValues-like help-seeking questions. Separate sets again, so earlier ids and splits stay.
    earlier |= {r['text'] for r in tasks}
    earlier |= paired_round(3, 'gov3', earlier)
    # Fourth authored round (v4): writing and drafting requests. Ordinary ones (official documents, speeches,
    # publicity, letters, CVs, stories, essays, including topics that need care) scored near or above the block
    # threshold because most "帮我写…" rows in training were harmful; harmful ones (fake official notices, rumours,
    # incitement, discriminatory job ads, fraud scripts, threats, doxxing, dangerous health claims) keep the line on
    # content, not on the frame.
    earlier |= paired_round(4, 'gov4', earlier)
    # Safe requests in words that sound unsafe — homonyms (杀进程, 干掉端口), figurative speech, safe targets (杀鱼, 灭蚊),
    # fiction and games, legitimate means (涨工资, 防身术, 合法避税), definitions, history, public and fictional people,
    # nonsense discrimination, health and household safety — and requests for real harm in the same words. A check
    # set, never trained on: trained as a fifth round (70/30) it lifted its own held-out part only 8 → 7/40 blocked and
    # cost 6 Chinese should-refuse rows held-out (docs/guard-engine.md, "Recall round 7").
    refuse5 = authored_set('refuse5_', 'safe_words_refuse', True)
    answer5 = authored_set('answer5_', 'safe_words', False)
    require_new(refuse5 + answer5, earlier, 'safe-words rows duplicate earlier rows or each other')
    write(os.path.join(MODULE, 'src/test/resources/eval/safe-words-check.jsonl'), answer5 + refuse5)
    print(f'safe-words-check: {len(answer5)} should-not-refuse + {len(refuse5)} should-refuse (check set only)')
    # Role-play round (round 6): harmless role-play set-ups, games, stories, simulations, debates, translations and
    # style imitation, which the v7 model blocked at 23% on a blind set written for it; and harmful requests in the
    # same frames (weapons, drugs, fraud, hacking, doxxing, self-harm, extremism, insults against groups, fake
    # notices…), so the line stays on the content, not on the frame.
    earlier |= {r['text'] for r in refuse5 + answer5}
    earlier |= paired_round(6, 'roleplay', earlier, 'roleplay_refuse', 'roleplay_should_refuse',
                            'roleplay_should_not_refuse')
    # Documents round (round 7 of authored data, session 15): legitimate work on sensitive material — statistics,
    # legal questions, public-opinion summaries quoting rumours, translations of foreign news, summaries of judgments and
    # police notices, office work — which a second blind set found blocked at 22%; and harmful asks dressed as such work.
    earlier |= paired_round(7, 'documents', earlier, 'documents_refuse', 'documents_should_refuse',
                            'documents_should_not_refuse')
    # Help-seeking round (round 9, session 16): first-person distress and mental-health help-seeking, worried
    # relatives, medication and first-aid questions, victims, prevention teaching, angry complaints, criticism,
    # figurative speech and heated disputes, which a third blind set found blocked at 11%; and self-harm methods,
    # harm to children, evasion, revenge and dangerous misinformation asked in the same registers.
    earlier |= paired_round(9, 'help', earlier, 'help_refuse', 'help_should_refuse', 'help_should_not_refuse')
    # Knowledge round (round 10, session 16): definitions, defence and compliance, history and long prompts that name
    # weapons, pathogens, hacking and financial crime in passing; and chemical, biological, radiological, explosive,
    # cyber and financial-crime requests, some hidden at the end of a long harmless context. A fourth blind set found a
    # sarin synthesis request scored 0.09: no such request had been in training.
    earlier |= paired_round(10, 'knowledge', earlier, 'knowledge_refuse', 'knowledge_should_refuse',
                            'knowledge_should_not_refuse')
    # Everyday round (round 11, session 16): short how-to and why questions in unsafe-sounding words (cooking, games,
    # sports, IT, pests, idioms, history, finance slang) and short harmful asks in the same plain style. Rounds 9-10
    # made short "怎么…" questions riskier: the safe-words check set's blocked rows went 9 -> 19 (象棋里怎么用马将死对方).
    paired_round(11, 'everyday', earlier, 'everyday_refuse', 'everyday_should_refuse', 'everyday_should_not_refuse')
    # Chinese jailbreak templates beyond JailBench's ten (templates_zh.txt): split by template, so the held-out
    # templates are never trained on; train templates wrap train seeds, held-out templates wrap held-out seeds.
    template_set(safety_dir)


TEMPLATE_SEEDS_PER_TRAIN_TEMPLATE = 12


def templates(path):
    """(name, template) pairs of an authored template file: '# name (source)' above each one-line template."""
    out, name = [], None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('#'):
                name = line[1:].strip().split(' ')[0] if line[1:].strip() else name
            elif line.strip():
                if line.count('{Q}') != 1:
                    sys.exit(f'template {name} must hold {{Q}} exactly once')
                out.append((name, line))
    return out


def template_set(safety_dir):
    with open(os.path.join(safety_dir, PUBLIC['jailbench_seed']), encoding='utf-8') as f:
        seeds = [json.loads(l) for l in f if l.strip()]
    train_seeds = [s for s in seeds if not held_out(group_key('jailbench_seed', s))]
    dev_seeds = [s for s in seeds if held_out(group_key('jailbench_seed', s))]
    train, dev = [], []
    for name, template in templates(os.path.join(HERE, 'authored', 'templates_zh.txt')):
        if held_out('template:' + name):
            chosen, target = dev_seeds, dev
        else:
            chosen = sorted(train_seeds, key=lambda s: hashlib.sha256((name + s['text']).encode('utf-8')).hexdigest())
            chosen, target = chosen[:TEMPLATE_SEEDS_PER_TRAIN_TEMPLATE], train
        for s in chosen:
            target.append({'text': template.replace('{Q}', s['text']), 'should_refuse': True,
                           'category': 'template/' + name, 'source': 'jingzhi-authored template + ' + s['source'],
                           'lang': 'zh', 'id': f'tpl_{name}_{s["id"]}', 'template': name, 'seed_question': s['text']})
    write(os.path.join(TRAIN, 'jailbreak_templates_zh.train.jsonl'), train)
    write(os.path.join(DEV, 'jailbreak_templates_zh.dev.jsonl'), dev)
    names = lambda rows: len({r['template'] for r in rows})
    print(f'jailbreak_templates_zh: {len(train)} train ({names(train)} templates), {len(dev)} held-out '
          f'({names(dev)} templates)')


def paired_round(n, answer_id, earlier, refuse_id=None, refuse_set=None, answer_set=None):
    """Authored round n (n >= 3): refuse<n>_*.txt and answer<n>_*.txt split into the named sets (by default
    jingzhi_should_refuse_v<n> and gov_should_not_refuse_v<n>); returns the round's texts."""
    refuse = authored_set(f'refuse{n}_', refuse_id or f'jingzhi_refuse{n}', True)
    answer = authored_set(f'answer{n}_', answer_id, False)
    require_new(refuse + answer, earlier, f'round {n} authored rows duplicate earlier rows or each other')
    split(refuse_set or f'jingzhi_should_refuse_v{n}', refuse)
    split(answer_set or f'gov_should_not_refuse_v{n}', answer)
    return {r['text'] for r in refuse + answer}


def require_new(rows, earlier, what):
    """Stops when a row repeats an earlier set's text or another row of its own round."""
    texts = [r['text'] for r in rows]
    dupes = [t for t in texts if t in earlier] + sorted({t for t in texts if texts.count(t) > 1})
    if dupes:
        sys.exit(what + ': ' + ', '.join(dupes))


def authored_set(file_prefix, id_prefix, should_refuse):
    files = sorted(p for p in os.listdir(os.path.join(HERE, 'authored')) if p.startswith(file_prefix))
    rows = [r for p in files for r in authored(os.path.join(HERE, 'authored', p), 'x', should_refuse)]
    for i, r in enumerate(rows, 1):
        r['id'] = f'{id_prefix}_{i}'
    return rows


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '/work/shared/data/safety')
