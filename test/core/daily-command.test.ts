/**
 * The `daily` admin command: parsing (channels as Slack sends them, times, IANA zones, options),
 * the admin check, and set / show / off / on through the real daily service and store.
 */
import { canonicalTimeZone, isDailyAdmin, isThreadAnswer, parseDailyCommand, type DailySettings } from '../../src/core/daily';
import { admin, harness, member, TEAM_KEY } from '../schedule/daily-harness';

describe('parseDailyCommand', () => {
  it('parses set with a Slack channel mention, a time, a zone and options', () => {
    expect(parseDailyCommand('set <#C0123ABC|fde-practice> 09:30 America/New_York weekdays')).toEqual({
      kind: 'set',
      channelId: 'C0123ABC',
      channelName: 'fde-practice',
      time: '09:30',
      timeZone: 'America/New_York',
      days: 'weekdays',
      language: undefined,
    });
    expect(parseDailyCommand('set <#C0123ABC> 9:05 Asia/Seoul everyday ko')).toMatchObject({
      channelId: 'C0123ABC',
      channelName: undefined,
      time: '09:05',
      timeZone: 'Asia/Seoul',
      days: 'everyday',
      language: 'ko',
    });
    // Newer Slack clients send an empty name; Slack escapes < and > in some payloads.
    expect(parseDailyCommand('set <#C0123ABC|> 17:00 Europe/London')).toMatchObject({ channelId: 'C0123ABC', days: 'weekdays' });
    expect(parseDailyCommand('daily set &lt;#C0123ABC|x&gt; 17:00 Europe/London')).toMatchObject({ channelId: 'C0123ABC', channelName: 'x' });
    expect(parseDailyCommand('set here 08:00 asia/seoul', { currentChannelId: 'C999' })).toMatchObject({ channelId: 'C999', timeZone: 'Asia/Seoul' });
    expect(parseDailyCommand('set 19:abc123@thread.tacv2 08:00 Asia/Seoul')).toMatchObject({ channelId: '19:abc123@thread.tacv2' });
  });

  it('parses show, now, off, on and retry', () => {
    expect(parseDailyCommand('')).toEqual({ kind: 'show' });
    expect(parseDailyCommand('daily')).toEqual({ kind: 'show' });
    expect(parseDailyCommand('now')).toEqual({ kind: 'now' });
    expect(parseDailyCommand('OFF')).toEqual({ kind: 'off' });
    expect(parseDailyCommand('on')).toEqual({ kind: 'on' });
    expect(parseDailyCommand('retry')).toEqual({ kind: 'retry' });
  });

  it.each([
    ['set', 'daily-missing-channel', ''],
    ['set general 09:00 Asia/Seoul', 'daily-bad-channel', 'general'],
    ['set #general 09:00 Asia/Seoul', 'daily-bad-channel', '#general'],
    ['set <#C0123ABC>', 'daily-missing-time', ''],
    ['set <#C0123ABC> 25:00 Asia/Seoul', 'daily-bad-time', '25:00'],
    ['set <#C0123ABC> 09:60 Asia/Seoul', 'daily-bad-time', '09:60'],
    ['set <#C0123ABC> 9am Asia/Seoul', 'daily-bad-time', '9am'],
    ['set <#C0123ABC> 09:5 Asia/Seoul', 'daily-bad-time', '09:5'],
    ['set <#C0123ABC> 09:00', 'daily-missing-zone', ''],
    ['set <#C0123ABC> 09:00 Mars/Olympus_Mons', 'daily-bad-zone', 'Mars/Olympus_Mons'],
    ['set <#C0123ABC> 09:00 KST', 'daily-bad-zone', 'KST'],
    ['set <#C0123ABC> 09:00 EST', 'daily-bad-zone', 'EST'],
    ['set <#C0123ABC> 09:00 +09:00', 'daily-bad-zone', '+09:00'],
    ['set <#C0123ABC> 09:00 Asia/Seoul weekends', 'daily-bad-option', 'weekends'],
    ['set <#C0123ABC> 09:00 Asia/Seoul weekdays everyday', 'daily-bad-option', 'everyday'],
    ['now please', 'daily-bad-option', 'please'],
    ['sometimes', 'daily-unknown', 'sometimes'],
  ])('%s -> %s', (text, code, input) => {
    expect(parseDailyCommand(text)).toEqual({ kind: 'error', code, input });
  });

  it('canonicalises zone names and refuses bare abbreviations', () => {
    expect(canonicalTimeZone('asia/seoul')).toBe('Asia/Seoul');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('US/Eastern')).toBeDefined();
    expect(canonicalTimeZone('PST')).toBeUndefined();
    expect(canonicalTimeZone('Europe/Nowhere')).toBeUndefined();
  });

  it('admins are workspace admins/owners plus FDE_ADMINS', () => {
    expect(isDailyAdmin('U1', true, [])).toBe(true);
    expect(isDailyAdmin('U1', false, ['U1', 'U2'])).toBe(true);
    expect(isDailyAdmin('U3', false, ['U1', 'U2'])).toBe(false);
  });
});

describe('daily command', () => {
  it('sets and shows the setting, with the next post in the team zone', async () => {
    const h = harness('2026-03-02T12:00:00Z'); // Monday 07:00 in New York
    const set = await h.set('<#C0PRACTICE|fde-practice> 09:30 America/New_York weekdays');
    expect(set[0]).toMatchObject({ kind: 'daily-settings', next: Date.parse('2026-03-02T14:30:00Z') });
    expect(set[0]!.kind === 'daily-settings' && set[0]!.text).toBe(
      'Daily prompt set: #fde-practice at 09:30 (America/New_York), on weekdays, in English. Next post: 2026-03-02 09:30.',
    );
    const stored = await h.store.getDoc<DailySettings>(`daily:settings:${TEAM_KEY}`);
    expect(stored).toEqual({
      teamKey: TEAM_KEY,
      channelId: 'C0PRACTICE',
      channelName: 'fde-practice',
      time: '09:30',
      timeZone: 'America/New_York',
      days: 'weekdays',
      language: 'en',
      enabled: true,
      setBy: 'slack:T0001:UADMIN',
      setAt: Date.parse('2026-03-02T12:00:00Z'),
    });
    // Anyone may look.
    const shown = await h.daily.command(member('U42'), '', { isAdmin: false, language: 'ko' });
    expect(shown[0]).toMatchObject({ kind: 'daily-settings' });
    expect(shown[0]!.kind === 'daily-settings' && shown[0]!.text).toContain('America/New_York 기준 09:30');
  });

  it('shows that nothing is set up yet', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    expect((await h.daily.command(member('U42'), '', { isAdmin: false, language: 'en' }))[0]).toMatchObject({
      kind: 'daily-notice',
      code: 'daily-show-none',
    });
  });

  it('refuses a non-admin clearly and changes nothing', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    await h.set('<#C0PRACTICE> 09:30 America/New_York');
    const before = await h.store.getDoc(`daily:settings:${TEAM_KEY}`);
    for (const text of ['set <#C0OTHER> 10:00 Asia/Seoul', 'off', 'on', 'now']) {
      const r = await h.daily.command(member('U42'), text, { isAdmin: false, language: 'en', publisher: h.publisher });
      expect(r).toEqual([expect.objectContaining({ kind: 'daily-notice', code: 'daily-not-admin' })]);
      expect(r[0]!.kind === 'daily-notice' && r[0]!.text).toMatch(/Nothing was changed/);
    }
    expect(await h.store.getDoc(`daily:settings:${TEAM_KEY}`)).toEqual(before);
    expect(h.publisher.posts).toHaveLength(0);
  });

  it('explains parse errors in English and Korean, naming what was typed', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    const en = await h.daily.command(admin, 'set <#C0PRACTICE> 09:00 Mars/Olympus', { isAdmin: true, language: 'en' });
    expect(en[0]).toMatchObject({ kind: 'daily-notice', code: 'daily-bad-zone' });
    expect(en[0]!.kind === 'daily-notice' && en[0]!.text).toMatch(/"Mars\/Olympus" is not an IANA time zone.*Asia\/Seoul/);
    const ko = await h.daily.command(admin, 'set <#C0PRACTICE> 24:00 Asia/Seoul', { isAdmin: true, language: 'ko' });
    expect(ko[0]!.kind === 'daily-notice' && ko[0]!.text).toMatch(/"24:00"는 올바른 시각이 아닙니다/);
    const ch = await h.daily.command(admin, 'set general 09:00 Asia/Seoul', { isAdmin: true, language: 'en' });
    expect(ch[0]!.kind === 'daily-notice' && ch[0]!.text).toMatch(/"general" is not a channel/);
    expect(await h.store.getDoc(`daily:settings:${TEAM_KEY}`)).toBeUndefined();
  });

  it('turns off and on, keeping the setting', async () => {
    const h = harness('2026-03-02T12:00:00Z');
    await h.set('<#C0PRACTICE> 09:30 Asia/Seoul everyday ko');
    const off = await h.daily.command(admin, 'off', { isAdmin: true, language: 'en' });
    expect(off[0]).toMatchObject({ code: 'daily-off' });
    const shown = await h.daily.command(admin, '', { isAdmin: true, language: 'en' });
    expect(shown[0]!.kind === 'daily-settings' && shown[0]!.text).toMatch(/it is off\. Next post: none scheduled/);
    const on = await h.daily.command(admin, 'on', { isAdmin: true, language: 'en' });
    expect(on[0]).toMatchObject({ kind: 'daily-settings', settings: { enabled: true, language: 'ko', days: 'everyday' } });
  });

  it('`daily now` posts the day\'s prompt once and says so; without a running channel it says that', async () => {
    const h = harness('2026-03-03T16:00:00Z');
    await h.set('<#C0PRACTICE|fde-practice> 09:00 America/New_York');
    expect((await h.daily.command(admin, 'now', { isAdmin: true, language: 'en' }))[0]).toMatchObject({ code: 'daily-no-channel-runtime' });
    const r = await h.daily.command(admin, 'now', { isAdmin: true, language: 'en', publisher: h.publisher });
    expect(r[0]).toMatchObject({ code: 'daily-posted', text: "Posted today's prompt (2026-03-03) in #fde-practice." });
    expect(h.publisher.posts).toHaveLength(1);
    expect(h.publisher.posts[0]!.prompt).toMatchObject({ kind: 'daily-prompt', day: '2026-03-03', answerLabel: 'Answer privately' });
    expect(h.publisher.posts[0]!.prompt.scenario.category).toBe('tradeoffs');
  });
});

describe('isThreadAnswer', () => {
  it('counts a reply in the prompt thread as an answer when it mentions the app or has 8+ words', () => {
    expect(isThreadAnswer('nice one!', false)).toBe(false);
    expect(isThreadAnswer('seven words are not quite enough here', false)).toBe(false);
    expect(isThreadAnswer('I would ship the parser now and build the connector', false)).toBe(true);
    expect(isThreadAnswer('ship it', true)).toBe(true);
  });
});
