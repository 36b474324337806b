/**
 * The offline follow-up: ask about what the answer missed. A very short first answer is asked for
 * more instead of being graded. A persona pushes back only with a line that connects to what the
 * person actually said; otherwise it asks, in character, about the first missed point.
 */
import type { Language, ProbeRequest, ProbeResult, Scenario } from '../../core/types';
import { labelOf } from './feedback';
import { answerText, shortness, type AnswerFeatures } from './features';
import type { CriterionResult } from './score';
import { termSet } from './tokens';

/** How many follow-ups a scenario allows: two when the bot plays a customer, otherwise one. */
export function maxProbes(scenario: Scenario): number {
  return scenario.persona ? 2 : 1;
}

/** Summed IDF of the words a pushback line must share with the answer (one specific word, or two common ones). */
const PUSHBACK_FIT = 1.4;

function askForMore(scenario: Scenario, lang: Language): string {
  const first = labelOf(scenario.keyPoints[0]!, lang);
  return lang === 'ko'
    ? `답변이 너무 짧아 채점하기 어렵습니다. 무엇을 어떤 순서로 하고 왜 그렇게 하는지 몇 문장으로 더 설명해 주세요. 예를 들어 ‘${first}’는 어떻게 하시겠습니까?`
    : `That's too short to grade. Walk me through what you would do, in what order, and why, in a few sentences. For example, how would you handle this: ${first}?`;
}

function missedQuestion(label: string, lang: Language, persona: boolean): string {
  if (lang === 'ko')
    return persona ? `아직 이 부분에 대한 말씀을 듣지 못했습니다: ‘${label}’. 구체적으로 어떻게 하실 건가요?` : `답변에서 ‘${label}’ 부분을 아직 다루지 않았습니다. 어떻게 하시겠습니까, 그리고 왜 그렇습니까?`;
  return persona ? `I still haven't heard how you'll handle this: ${label}. What exactly will you do?` : `You haven't covered this yet: ${label}. How would you handle it, and why?`;
}

/** The follow-up for an answer, or null to grade now. */
export function chooseProbe(req: ProbeRequest, f: AnswerFeatures, results: CriterionResult[], idf: (term: string) => number): ProbeResult | null {
  const lang = req.language;
  if (req.probesAsked >= maxProbes(req.scenario)) return null;
  const text = answerText(req);
  if (!text.trim() || f.flags.includes('injection')) return null;
  // A one-liner is asked for more once, before anything is graded.
  if (req.probesAsked === 0 && !req.followUps.length && shortness(text)) return { text: askForMore(req.scenario, lang), targets: results[0]?.id };
  if (f.flags.includes('off-topic') || f.flags.includes('empty')) return null;
  const asked = new Set(req.followUps.map((x) => x.probe));
  const weakest = results.filter((r) => r.score <= 3).sort((a, b) => a.score - b.score);
  if (!weakest.length) return null;
  const persona = req.scenario.persona;
  if (persona) {
    // Pushback only when it answers something the person said: the words it shares with the answer
    // must be specific (IDF over the library), so "A checklist isn't AI" needs a checklist, not just "AI".
    const said = termSet(text);
    const fitting = persona.pushback.find((p) => {
      if (asked.has(p[lang])) return false;
      let shared = 0;
      for (const t of termSet(p[lang])) if (said.has(t)) shared += idf(t);
      return shared >= PUSHBACK_FIT;
    });
    if (fitting) return { text: fitting[lang], asPersona: true };
  }
  for (const weak of weakest) {
    const probe = persona ? undefined : req.scenario.probes.find((p) => p.targets === weak.id && !asked.has(p.text[lang]));
    const missed = weak.keyPoints.find((k) => !k.made);
    // The scenario's own probe for the weakest criterion (it was written for this gap); else ask about the missed point.
    if (probe && missed) return { text: probe.text[lang], targets: probe.targets };
    if (missed) {
      const q = missedQuestion(labelOf(req.scenario.keyPoints[missed.index]!, lang), lang, Boolean(persona));
      if (!asked.has(q)) return { text: q, targets: weak.id, asPersona: persona ? true : undefined };
    }
  }
  return null;
}
