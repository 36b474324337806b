/**
 * How much an answer, or a quote from it, says about this scenario: a simple, deterministic and
 * cheap measure used by the integrity rules so a grade cannot rest on generic text, whatever the
 * model says ("I would do the right thing for the customer." names nothing from the scenario).
 *
 * The scenario's facts are the content words of its situation and key points (both languages):
 * English words lower-cased and stemmed (wink-porter2-stemmer), numbers, proper names, and for
 * Korean the character bigrams of each word after its particle or ending is cut. Words that occur in
 * most scenarios ("customer", "team", "data", "week", "deploy") are not facts of any one of them.
 * Weights: a number or a name counts 2, a content word 1, a Korean bigram 0.5 (a Korean word
 * yields about two).
 */
import type { Scenario } from '../core/types';

// The package ships no type declarations; a typed require keeps the declaration next to its one use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stem: (word: string) => string = require('wink-porter2-stemmer');

/** An answer needs at least this many words (a Korean word counts 1.5) to show any reasoning. */
export const MIN_WORDS = 12;
/** An answer needs this much overlap with the scenario's facts to count as about this scenario. */
export const MIN_ANSWER_SPECIFICITY = 5;
/** Evidence for a 4 or a 5 needs this much overlap (a name or a number, or two content words). */
export const MIN_EVIDENCE_SPECIFICITY = 2;
/** A generic word the scenario uses ("unmapped codes are logged": "codes", "logged") in a quote. */
const GENERIC_WEIGHT = 0.5;
/** A name or a number the scenario does not mention, in a quote ("Priya owns it, by 30 June"). */
const NEW_DETAIL_WEIGHT = 1;

/**
 * Generic words: English stopwords (never count), and the stems found in at least 8 of the 40 shipped scenarios'
 * situations and key points (document frequency >= 20 %, measured when this list was written), plus
 * FDE process vocabulary that any answer to any scenario can use. Stems, as the stemmer writes them.
 */
const STOPWORDS_EN = new Set(
  (
    'a about abov after again against all am an and ani are as at be becaus been befor being below between both but by can could did do doe ' +
    'doing down dure each few for from further had has have having he her here herself him himself his how i if in into is it its itself just ' +
    'let me more most my myself no nor not now of off on onc onli or other our ourselv out over own same she should so some such than that the ' +
    'their them themselv then there these they this those through to too under until up veri was we were what when where which while who whom ' +
    'whi will with would you your yourself yourselv also mayb realli probabl actual basic definit sure okay ok yes thing someth anyth everyth ' +
    'way lot kind sort etc like get got make made take go want need think know see say tell ask use well good great right better best bad'
  ).split(/\s+/),
);

/** See above: common to many scenarios; they count a little in a quote, nothing in the answer floor. */
const GENERIC_EN = new Set(
  (
    // high document frequency over the shipped scenarios
    'week day one answer first custom assist build check data work product set measur real cost time month everi last log run fix keep call ' +
    'rate account show live document eval bring report instead access model deploy plan system review question propos engin next read decis ' +
    'evid handl chang write year code four agre secur date test request give rule intern separ manag open name share ai pilot back accuraci ' +
    'three order risk user draft approv whether pattern must becom scope agent per field without find prompt fail tool qualiti queue design ' +
    'type oper control move lead sit problem two rather team ' +
    // FDE process vocabulary any answer can use
    'stakehold owner ownership monitor alert rollback metric success baselin feedback iter communic expect priorit trust valu solut requir ' +
    'understand goal impact process workflow integr scale pipelin infrastructur platform api latenc reliabl complianc governanc escal ' +
    'incid timelin deadlin sprint roadmap mvp prototyp demo kpi roi okr adopt train onboard support maintain transpar align clear ' +
    'commun stakeholder tradeoff trade-off approach option result outcom experi discuss meet meet collabor partner client ' +
    'readi feed busi compani organ organiz environ product engin technic technolog softwar tool featur releas launch ship deliv deliveri'
  ).split(/\s+/),
);

/** Korean bigrams in at least 8 of the 40 shipped scenarios (and polite endings any answer has). */
const GENERIC_KO = new Set(
  (
    '한다 무엇 니다 있는 는다 아니 습니 전에 어떻 떻게 시스 시간 니라 는지 합니 고객 데이 이다 이터 당신 니까 실제 확인 들어 기준 그리 에게 함께 ' +
    '어시 스턴 턴트 겠습 스트 만들 담당 하지 배포 운영 마다 근거 어떤 본다 하겠 사용 제품 문서 안에 처리 니어 요청 라이 결정 않고 보고 하는 하게 ' +
    '않는 하나 단계 제안 문제 모델 범위 책임 평가 당자 답변 비용 정한 먼저 로그 만든 에서 오픈 모든 있다 하고 있습 건을 사람 지난 프라 대신 엔지 ' +
    '지니 동안 프트 유지 지금 어디 계획 스템 있고 인지 파일 질문 보여 승인 설계 입니 요일 다음 인한 자동 레이 보내 정보 일이 것이 계약 기록 까지 ' +
    '필요 일럿 그런 런데 정확 테스 합의 답을 보안 접근 건의 같은 코드 가능 측정 프로 는데 검토 영업 작업 때문 처음 달러 지연 없이 전용 품질 터링 ' +
    '프롬 롬프 이드 낸다 으로 없는 감사 다시 회사 품팀 겠는 대한 스크 다른 묻는 부분 결과 주에 위험 린다 실패 유형 버전 원인 검색 말한 준다 명이 ' +
    '세요 정하 하기 참여 센터 이스 그레 해야 패턴 인정 목표 심사 개인 누가 초안 분기 어링 ' +
    '저는 제가 우리 저희 해서 하면 위해 통해 그리고 그래서 하지만 또한 먼저 올바 바른 일을 생각 중요 필요 가장 최선 노력 잘하 이야 야기 그다 진행 점을 관계 성공 지표 모니 니터 상황 공유 이해 요구 마지막 배운'
  ).split(/\s+/),
);

/** Particles and endings cut from a Korean word before its bigrams are taken (longest first). */
const KO_ENDINGS = [
  '하겠습니까', '하겠습니다', '했습니다', '합니다', '습니다', '입니다', '하십시오', '하세요', '에서는', '하고', '하며', '하는', '하면', '하여',
  '해서', '에서', '에게', '으로', '로는', '까지', '부터', '처럼', '보다', '이나', '이고', '이며', '이라', '와', '과', '을', '를', '은', '는',
  '이', '가', '에', '의', '도', '만', '로', '나', '고', '며', '면', '서', '할', '한', '된', '될', '인',
];

function stemKo(word: string): string {
  for (const e of KO_ENDINGS) if (word.length - e.length >= 2 && word.endsWith(e)) return word.slice(0, -e.length);
  return word;
}

/**
 * A scenario's facts: term -> weight. Keys: 'w:stem' (content word or name), 'n:number', 'k:bigram',
 * 'g:stem' (a generic word this scenario uses: counts only towards evidence, at GENERIC_WEIGHT).
 */
export type Facts = Map<string, number>;

const LATIN_WORD = /[A-Za-z][A-Za-z0-9'’-]*|\d[\d,.]*%?[A-Za-z]*/g;
const HANGUL_WORD = /[\uAC00-\uD7A3]+/g;

/** A number as written ("120,000", "9%", "2-day", "v2.14") reduced to its digits ("120000", "9", "2", "2.14"). */
function numberKey(token: string): string | undefined {
  const m = /\d[\d,]*(?:\.\d+)?/.exec(token);
  if (!m) return undefined;
  const n = m[0].replace(/,/g, '').replace(/\.0+$/, '');
  // 0 and 1 turn up everywhere ("1 owner", "0 errors"); they say nothing about a scenario.
  return n === '0' || n === '1' ? undefined : n;
}

interface Term {
  key: string;
  weight: number;
}

/** The terms of a text; `names` marks capitalised words (inside a sentence) as names. */
function terms(text: string, names: boolean): Term[] {
  const out: Term[] = [];
  for (const m of text.matchAll(LATIN_WORD)) {
    const tok = m[0].replace(/['’-]+$/, '');
    const num = numberKey(tok);
    if (num) {
      out.push({ key: `n:${num}`, weight: 2 });
      // "3PL", "EDI214": the alphanumeric word is also a name.
      if (/[a-z]/i.test(tok)) out.push({ key: `w:${tok.toLowerCase()}`, weight: 2 });
      continue;
    }
    const lower = tok.toLowerCase();
    const s = stem(lower);
    if (lower.length < 2 || STOPWORDS_EN.has(s) || STOPWORDS_EN.has(lower)) continue;
    if (GENERIC_EN.has(s) || GENERIC_EN.has(lower)) {
      out.push({ key: `g:${s}`, weight: GENERIC_WEIGHT });
      continue;
    }
    const before = text.slice(Math.max(0, m.index - 2), m.index);
    const sentenceStart = m.index === 0 || /[.!?:\n]\s*$|^\s*$/.test(before);
    const isName = names && /[A-Z]/.test(tok[0]!) && (!sentenceStart || /[A-Z]/.test(tok.slice(1)));
    out.push({ key: `w:${s}`, weight: isName ? 2 : 1 });
  }
  for (const m of text.matchAll(HANGUL_WORD)) {
    const w = stemKo(m[0]);
    for (let i = 0; i + 2 <= w.length; i++) {
      const bigram = w.slice(i, i + 2);
      if (!GENERIC_KO.has(bigram)) out.push({ key: `k:${bigram}`, weight: 0.5 });
    }
  }
  return out;
}

const cache = new WeakMap<Scenario, Facts>();

/** The scenario's facts (cached per scenario object). */
export function scenarioFacts(scenario: Scenario): Facts {
  let facts = cache.get(scenario);
  if (facts) return facts;
  facts = new Map();
  const add = (text: string, names: boolean) => {
    for (const t of terms(text, names)) facts!.set(t.key, Math.max(facts!.get(t.key) ?? 0, t.weight));
  };
  add(scenario.situation.en, true);
  add(scenario.situation.ko, true);
  add(scenario.title.en, false);
  add(scenario.title.ko, false);
  for (const k of scenario.keyPoints) {
    add(k.text.en, false);
    add(k.text.ko, false);
  }
  if (scenario.persona) add(`${scenario.persona.name} ${scenario.persona.company.en} ${scenario.persona.company.ko}`, true);
  cache.set(scenario, facts);
  return facts;
}

/**
 * What a text says about the scenario: the weighted overlap with its facts, and the terms matched.
 * For evidence, generic words the scenario uses count a little, and so do concrete details the
 * candidate adds (a name, a number): a quote can be specific by committing to an owner and a date.
 */
export function specificity(text: string, facts: Facts, evidence = false): { score: number; matched: string[] } {
  const matched = new Map<string, number>();
  for (const t of terms(text, evidence)) {
    if (t.key.startsWith('g:') && !evidence) continue;
    const w = facts.get(t.key);
    // A match counts with the scenario's weight: "northline" is a name because the situation says so.
    if (w !== undefined) matched.set(t.key, w);
    else if (evidence && t.weight >= 2) matched.set(t.key, NEW_DETAIL_WEIGHT);
  }
  let score = 0;
  for (const w of matched.values()) score += w;
  return { score, matched: [...matched.keys()] };
}

/** Words in a text, a Korean word counting 1.5 (one Korean word carries about a phrase). */
export function wordCount(text: string): number {
  const latin = text.match(/[A-Za-z]+|\d+/g)?.length ?? 0;
  const hangul = text.match(HANGUL_WORD)?.length ?? 0;
  return latin + hangul * 1.5;
}

/** Why an answer has no substance, or undefined when it has some. */
export type NoSubstance = 'too-short' | 'generic';

export interface Substance {
  words: number;
  specificity: number;
  /** Set when the answer cannot score above the substance cap. */
  lacking?: NoSubstance;
}

/** Whether an answer says enough, specific to this scenario, to earn more than a 2 anywhere. */
export function substanceOf(answer: string, scenario: Scenario): Substance {
  const words = wordCount(answer);
  const { score } = specificity(answer, scenarioFacts(scenario));
  const lacking: NoSubstance | undefined =
    words < MIN_WORDS ? 'too-short' : score < MIN_ANSWER_SPECIFICITY ? 'generic' : undefined;
  return { words, specificity: score, lacking };
}

/** Whether quotes, together, say something specific to the scenario (needed for a 4 or a 5). */
export function isSpecificEvidence(quotes: readonly string[], scenario: Scenario): boolean {
  return specificity(quotes.join('\n'), scenarioFacts(scenario), true).score >= MIN_EVIDENCE_SPECIFICITY;
}
