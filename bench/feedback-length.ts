/**
 * How long the feedback is on each face, for a typical four-criterion answer graded offline:
 * terminal lines per criterion, characters of the Slack blocks and of the Teams card (JSON and
 * visible text). Figures only, never pass/fail. Usage: npx tsx bench/feedback-length.ts
 */
import pc from 'picocolors';
import { renderText } from '../src/cli/render';
import { ScenarioIndex, loadLibrary } from '../src/core/scenarios';
import type { FeedbackReply } from '../src/core/replies';
import type { Language } from '../src/core/types';
import { OfflineGrader } from '../src/grading/offline';
import { renderReply as slackRender, plainContext } from '../src/slack/render';
import { renderReply as teamsRender } from '../src/teams/cards';

const library = new ScenarioIndex(loadLibrary());
const grader = new OfflineGrader();
const SCENARIO = 'tradeoffs-hotfix-vs-connector';

const ANSWERS: Record<Language, string> = {
  en: `First I would not hard-code anything: I would ask what decision the ops lead makes with the status and measure the baseline lead time.
Because the parser is a one-off, I would ship it behind a feature flag with logging and a rollback, and file the connector gap with product so the next customer gets it.
I would tell the VP the tradeoff plainly: two days now, three weeks for the reusable connector, and who owns maintenance.`,
  ko: `먼저 운영 리드가 상태 값으로 어떤 결정을 내리는지 묻고 현재 리드타임 기준선을 재겠습니다.
파서는 일회성이므로 기능 플래그와 로그, 롤백을 갖춰 배포하고, 커넥터 공백은 제품팀에 정리해 전달해 다음 고객도 혜택을 보게 하겠습니다.
부사장에게는 지금 이틀, 재사용 가능한 커넥터는 3주, 유지보수 담당자가 누구인지 트레이드오프를 분명히 말하겠습니다.`,
};

function feedback(lang: Language): FeedbackReply {
  const scenario = library.scenario(SCENARIO)!;
  const result = grader.gradeSync({ scenario, criteria: library.criteriaOf(scenario), answer: ANSWERS[lang], followUps: [], language: lang });
  return {
    kind: 'feedback',
    language: lang,
    scenario: { id: scenario.id, title: scenario.title[lang], difficulty: scenario.difficulty, category: scenario.category },
    result,
    criterionNames: Object.fromEntries(scenario.criteria.map((id) => [id, library.criterion(id).name[lang]])),
    points: 35,
  };
}

/** Visible strings of a JSON tree (Block Kit or Adaptive Card), joined. */
function visible(v: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown, key = '') => {
    if (typeof x === 'string' && ['text', 'title', 'value', 'fallbackText'].includes(key)) out.push(x);
    else if (Array.isArray(x)) x.forEach((y) => walk(y, key));
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) walk(y, k === 'text' && typeof y === 'object' ? '' : k);
  };
  walk(v);
  return out.join('\n');
}

for (const lang of ['en', 'ko'] as const) {
  const fb = feedback(lang);
  const n = fb.result.criteria.length;
  const term = renderText(fb, pc.createColors(false));
  const wrapped = term.split('\n').reduce((a, l) => a + Math.max(1, Math.ceil([...l].length / 80)), 0);
  const slack = slackRender(fb, plainContext);
  const slackJson = JSON.stringify(slack.map((m) => m.blocks)).length;
  const slackText = slack.map((m) => visible(m.blocks)).join('\n').length;
  const teams = teamsRender(fb);
  const card = teams.kind === 'card' ? teams.card : {};
  console.log(
    `${lang}: ${n} criteria | terminal ${term.split('\n').length} lines (${(term.split('\n').length / n).toFixed(1)}/criterion; ${(wrapped / n).toFixed(1)}/criterion at 80 columns) | ` +
      `Slack ${slackJson} chars of blocks JSON, ${slackText} visible | Teams ${JSON.stringify(card).length} chars of card JSON, ${visible(card).length} visible`,
  );
}
