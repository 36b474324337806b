import { matchCategory, parseCommand, parseDmCommand } from '../../src/slack/commands/parse';

describe('parseCommand (/fde ...)', () => {
  test.each([
    ['practice', { kind: 'practice', category: undefined, difficulty: undefined }],
    ['  PRACTICE  ', { kind: 'practice', category: undefined, difficulty: undefined }],
    ['practice tradeoffs', { kind: 'practice', category: 'tradeoffs', difficulty: undefined }],
    ['practice tradeoffs hard', { kind: 'practice', category: 'tradeoffs', difficulty: 'hard' }],
    ['practice hard tradeoffs', { kind: 'practice', category: 'tradeoffs', difficulty: 'hard' }],
    ['practice easy', { kind: 'practice', category: undefined, difficulty: 'easy' }],
    ['practice escalation medium', { kind: 'practice', category: 'customer-escalation', difficulty: 'medium' }],
    ['practice enterprise', { kind: 'practice', category: 'enterprise-integration', difficulty: undefined }],
    ['practise career', { kind: 'practice', category: 'role-and-career', difficulty: undefined }],
    ['연습 tradeoffs 어려움', { kind: 'practice', category: 'tradeoffs', difficulty: 'hard' }],
    ['categories', { kind: 'categories' }],
    ['stats', { kind: 'stats' }],
    ['lang ko', { kind: 'lang', language: 'ko' }],
    ['lang English', { kind: 'lang', language: 'en' }],
    ['language 한국어', { kind: 'lang', language: 'ko' }],
    ['help', { kind: 'help' }],
    ['', { kind: 'help' }],
    ['skip', { kind: 'skip' }],
    ['stop', { kind: 'stop' }],
    ['end', { kind: 'stop' }],
    ['retry', { kind: 'retry' }],
    ['leaderboard', { kind: 'leaderboard', args: '' }],
    ['leaderboard all', { kind: 'leaderboard', args: 'all' }],
    ['LB optout', { kind: 'leaderboard', args: 'optout' }],
    ['리더보드 전체', { kind: 'leaderboard', args: '전체' }],
    ['daily', { kind: 'daily', args: '' }],
    ['daily now', { kind: 'daily', args: 'now' }],
    // The rest keeps its case and Slack's channel token, for the core's parser.
    ['Daily set <#C0ABC123|fde-practice> 09:30 America/New_York weekdays', { kind: 'daily', args: 'set <#C0ABC123|fde-practice> 09:30 America/New_York weekdays' }],
    ['daily set &lt;#C0ABC123|fde-practice&gt; 9:30 Asia/Seoul', { kind: 'daily', args: 'set <#C0ABC123|fde-practice> 9:30 Asia/Seoul' }],
    ['데일리 설정 here 08:00 Asia/Seoul', { kind: 'daily', args: '설정 here 08:00 Asia/Seoul' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  test('anything else is help, saying what was not understood', () => {
    expect(parseCommand('dance')).toEqual({ kind: 'help', problem: { code: 'unknown-command', value: 'dance' } });
    expect(parseCommand('practice cooking')).toEqual({ kind: 'help', problem: { code: 'unknown-category', value: 'cooking' } });
    expect(parseCommand('practice hard easy')).toEqual({ kind: 'help', problem: { code: 'extra-argument', value: 'easy' } });
    expect(parseCommand('practice tradeoffs discovery')).toEqual({ kind: 'help', problem: { code: 'extra-argument', value: 'discovery' } });
    expect(parseCommand('lang fr')).toEqual({ kind: 'help', problem: { code: 'bad-language', value: 'fr' } });
    expect(parseCommand('lang')).toEqual({ kind: 'help', problem: { code: 'bad-language', value: '' } });
    expect(parseCommand('stats now')).toEqual({ kind: 'help', problem: { code: 'extra-argument', value: 'now' } });
  });

  test('Slack-escaped text is read as typed, and cannot smuggle markup', () => {
    expect(parseCommand('practice &lt;!channel&gt;')).toEqual({ kind: 'help', problem: { code: 'unknown-category', value: '<!channel>' } });
  });

  test('an ambiguous category prefix names the candidates', () => {
    const r = matchCategory('pro');
    expect(r).toEqual({ problem: { code: 'ambiguous-category', value: 'pro', matches: ['problem-framing', 'product-feedback'] } });
    expect(matchCategory('problem')).toEqual({ category: 'problem-framing' });
    expect(matchCategory('xy')).toEqual({ problem: { code: 'unknown-category', value: 'xy' } });
  });

  test('only categories the library offers are accepted', () => {
    expect(parseCommand('practice tradeoffs', ['discovery'])).toEqual({ kind: 'help', problem: { code: 'unknown-category', value: 'tradeoffs' } });
  });
});

describe('parseDmCommand (words typed alone in the DM)', () => {
  test('a whole message that is a command is a command', () => {
    expect(parseDmCommand('practice')).toEqual({ kind: 'practice', category: undefined, difficulty: undefined });
    expect(parseDmCommand('Retry')).toEqual({ kind: 'retry' });
    expect(parseDmCommand('stop.')).toEqual({ kind: 'stop' });
    expect(parseDmCommand('`practice`')).toEqual({ kind: 'practice', category: undefined, difficulty: undefined });
    expect(parseDmCommand('/fde stats')).toEqual({ kind: 'stats' });
    expect(parseDmCommand('practice discovery hard')).toEqual({ kind: 'practice', category: 'discovery', difficulty: 'hard' });
    expect(parseDmCommand('help')).toEqual({ kind: 'help' });
    expect(parseDmCommand('leaderboard')).toEqual({ kind: 'leaderboard', args: '' });
    expect(parseDmCommand('leaderboard optout')).toEqual({ kind: 'leaderboard', args: 'optout' });
    expect(parseDmCommand('daily retry')).toEqual({ kind: 'daily', args: 'retry' });
    expect(parseDmCommand('daily')).toEqual({ kind: 'daily', args: '' });
  });

  test('an answer that merely starts with a command word stays an answer', () => {
    expect(parseDmCommand('Stop the rollout because the evals are failing.')).toBeUndefined();
    expect(parseDmCommand('skip the demo')).toBeUndefined();
    expect(parseDmCommand('practice makes perfect')).toBeUndefined();
    expect(parseDmCommand('Daily standups matter')).toBeUndefined();
    expect(parseDmCommand('leaderboard games backfire')).toBeUndefined();
    expect(parseDmCommand('rank the risks')).toBeUndefined();
    expect(parseDmCommand('I would first ask who owns the SLA')).toBeUndefined();
    expect(parseDmCommand('')).toBeUndefined();
  });
});
