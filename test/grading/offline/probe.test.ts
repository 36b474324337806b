/**
 * The offline follow-up asks about what the answer missed, asks a one-line answer for more instead of
 * grading it, and a persona never answers something the person did not say. Driven through the
 * grader's probe() and, for the one-liner, through the coach as a person would meet it.
 */
import { createCoach } from '../../../src/core/coach';
import type { Person } from '../../../src/core/ports';
import { MemoryStore } from '../../../src/store/memory';
import { grader, index, req, scenario } from './support';

describe('offline probe', () => {
  it('asks about a key point the answer missed', async () => {
    const s = scenario('tradeoffs-hotfix-vs-connector');
    const answer =
      'I would ship the 2-day Northline parser this week to hold the go-live date instead of slipping three weeks, because the deadline is what Northline is measured on. ' +
      'The parser is a fork we would maintain through every platform upgrade, so it gets a replacement ticket and an expiry date. ' +
      'Unmapped qualifier codes are logged and counted instead of dropped silently, and we alert on the drop rate.';
    const p = await grader.probe({ ...req(s, answer), probesAsked: 0 });
    expect(p).not.toBeNull();
    const graded = grader.gradeSync(req(s, answer));
    const target = graded.criteria.find((c) => c.id === p!.targets)!;
    expect(target.points!.some((k) => !k.made)).toBe(true);
    const missedLabels = target.points!.filter((k) => !k.made).map((k) => k.label);
    const scenarioProbe = s.probes.find((x) => x.text.en === p!.text);
    // Either the scenario's own probe for that criterion, or a question naming the missed point.
    expect(scenarioProbe ? scenarioProbe.targets === target.id : missedLabels.some((l) => p!.text.includes(l))).toBe(true);
    expect(await grader.probe({ ...req(s, answer), probesAsked: 1 })).toBeNull();
  });

  it('asks a one-line first answer for more instead of grading it', async () => {
    const s = scenario('tradeoffs-hotfix-vs-connector');
    const p = await grader.probe({ ...req(s, 'Ship the parser now, fix it later.'), probesAsked: 0 });
    expect(p?.text).toMatch(/too short to grade/);
    const ko = await grader.probe({ ...req(s, '파서를 먼저 배포하겠습니다.', 'ko'), probesAsked: 0 });
    expect(ko?.text).toMatch(/너무 짧아/);

    const store = new MemoryStore();
    const coach = createCoach({ library: index, grader, store });
    const person: Person = { platform: 'cli', teamId: 'local', userId: 'probe-test' };
    const started = await coach.start(person, { category: 'tradeoffs', language: 'en' });
    expect(started.some((r) => r.kind === 'scenario')).toBe(true);
    const replies = await coach.answer(person, 'ok');
    expect(replies.some((r) => r.kind === 'probe')).toBe(true);
    expect(replies.some((r) => r.kind === 'feedback')).toBe(false);
  });

  it('does not let a persona push back on something the person never said', async () => {
    for (const s of index.scenarios.filter((x) => x.persona)) {
      const answer =
        'First I would listen and acknowledge the problem without arguing. ' +
        'Then I would agree a date for a written plan with named owners, and check in every day until it is fixed, because trust comes back through kept promises.';
      const p = await grader.probe({ ...req(s, answer), probesAsked: 0 });
      if (!p) continue;
      const pushback = s.persona!.pushback.find((x) => x.en === p.text);
      if (pushback) {
        // A pushback line is used only when its words connect to what was said.
        const words = new Set(answer.toLowerCase().match(/[a-z]+/g));
        const shared = pushback.en.toLowerCase().match(/[a-z]{5,}/g)!.filter((w) => words.has(w));
        expect(shared.length).toBeGreaterThanOrEqual(1);
      } else expect(p.text).toMatch(/haven't heard|haven't covered/);
    }
  });
});
