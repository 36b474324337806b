/**
 * Terminal practice as a person types it: the CLI as a child process, from piped input and, for
 * what only a terminal does (the line discipline), through a real pseudo-terminal.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { bannerText, promptText } from '../../src/cli/render';
import { cliEnv } from '../support/cli-env';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'fde-coach.js');

function practice(input: string, args: string[] = ['--category', 'tradeoffs', '--difficulty', 'medium']) {
  const r = spawnSync(process.execPath, [BIN, 'practice', ...args], { cwd: ROOT, input, encoding: 'utf8', env: cliEnv(), timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const answer: [string, string, string] = [
  'First I would not hard-code anything: I would ask what decision the ops lead makes with the status and measure the baseline lead time.',
  'Because the parser is a one-off, I would ship it behind a feature flag with logging and a rollback, and file the connector gap with product so the next customer gets it.',
  'I would tell the VP the tradeoff plainly: two days now, three weeks for the reusable connector, and who owns maintenance.',
];
const chars = (s: string) => [...s].length.toLocaleString('en-US');
/** The sentences quoted back as evidence ("“…”" lines in the feedback). */
const quotes = (out: string) => [...out.matchAll(/^ +“(.*)”$/gm)].map((m) => m[1]!);
const count = (out: string, re: RegExp) => (out.match(new RegExp(re.source, 'g')) ?? []).length;

describe('commands on a line of their own act, also in the middle of an answer', () => {
  it(':stop after two lines sends them, grades them and ends; ":stop" is not answer text', () => {
    const r = practice(`${answer[0]}\n${answer[1]}\n:stop\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Received ${chars(`${answer[0]}\n${answer[1]}`)} characters in 2 lines.`);
    expect(count(r.stdout, /Overall: \d\.\d\/5/)).toBe(1);
    expect(r.stdout).toMatch(/Next scenario: press Enter or type practice/);
    expect(quotes(r.stdout).length).toBeGreaterThan(0);
    for (const q of quotes(r.stdout)) expect(q).not.toContain(':stop');
  });

  it(':quit after the first line sends it, grades it and quits', () => {
    const r = practice(`${answer.join('\n')}\n:quit\nthis line is never read\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Received ${chars(answer.join('\n'))} characters in 3 lines.`);
    expect(count(r.stdout, /Overall: \d\.\d\/5/)).toBe(1);
    expect(r.stdout).not.toContain('never read');
    expect(quotes(r.stdout).length).toBeGreaterThan(0);
    for (const q of quotes(r.stdout)) expect(q).not.toContain(':quit');
  });

  it(':skip drops the unsent lines, says so, and poses a new scenario without grading', () => {
    const r = practice(`${answer[0]}\n${answer[1]}\n:skip\n:quit\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Dropped your unsent answer (${chars(`${answer[0]}\n${answer[1]}`)} characters in 2 lines): it was not sent.`);
    expect(r.stdout).not.toMatch(/Overall:/);
    expect(count(r.stdout, /Tradeoffs · medium/)).toBe(2);
  });

  it(':help in the middle keeps what was typed; the answer goes out whole', () => {
    const r = practice(`${answer[0]}\n:help\n${answer[1]}\n.\n:stop\n`);
    expect(r.stdout).toContain(`Your unsent answer (${chars(answer[0])} characters in 1 line) is kept`);
    expect(r.stdout).toContain(`Received ${chars(`${answer[0]}\n${answer[1]}`)} characters in 2 lines.`);
  });

  it('the same in Korean', () => {
    const r = practice(`첫 줄입니다.\n둘째 줄입니다.\n:skip\n:quit\n`, ['--category', 'discovery', '--lang', 'ko']);
    expect(r.stdout).toContain('보내지 않은 답변(16자, 2줄)은 보내지 않고 버렸습니다.');
    // The session's own lines are Korean too: banner and input prompt.
    expect(r.stdout).toContain(bannerText('ko', { offline: true }));
    expect(r.stdout).toContain(promptText('ko'));
  });
});

describe('after a session ends', () => {
  it('typing practice (what the core says to type) or Enter starts the next scenario; other text is answered once, not swallowed', () => {
    const one = `${answer.join('\n')}\n.\n:stop\n`;
    const r = practice(`${one}stray text\nmore stray text\n.\npractice\n${one}\n:quit\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Next scenario: press Enter or type practice/);
    expect(count(r.stdout, /No scenario is open, so that was not sent\./)).toBe(1);
    expect(count(r.stdout, /Tradeoffs · medium/)).toBe(3);
  });
});

describe('long input is accounted for', () => {
  it('a 20,000-character multi-line paste: says what arrived and what was kept, never claims a grade that did not happen', () => {
    const line = `${answer[1]} `.repeat(3).slice(0, 199);
    const paste = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, '0')}${line.slice(3)}`).join('\n');
    expect(paste.length).toBe(100 * 199 + 99);
    const r = practice(`${paste}\n.\n:stop\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Received ${chars(paste)} characters in 100 lines.`);
    expect(r.stdout).toContain('Your answer was longer than 6000 characters; only the first 6000 were kept.');
    expect(r.stdout).not.toMatch(/graded on the first/);
    // It was graded (outright, or after the follow-up when :stop ended the session), once.
    expect(count(r.stdout, /Overall: \d\.\d\/5/)).toBe(1);
  });
});

/** `script` from util-linux runs the CLI on a pseudo-terminal: the kernel's line discipline applies. */
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

(hasScript ? describe : describe.skip)('on a terminal', () => {
  /** Runs practice on a pty, typing `lines` once the first prompt shows, then :quit once graded. */
  function onTerminal(lines: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const cmd = `'${process.execPath}' '${BIN}' practice --category tradeoffs --difficulty medium`;
      const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd: ROOT, env: cliEnv({ TERM: 'dumb' }) });
      let out = '';
      let phase = 0;
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`no exit; output so far:\n${out.slice(-2000)}`));
      }, 25_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        if (phase === 0 && out.includes(promptText('en'))) {
          phase = 1;
          child.stdin.write(lines.map((l) => `${l}\r`).join(''));
        }
        if (phase === 1 && /Overall: \d\.\d\/5[\s\S]*Next scenario/.test(out)) {
          phase = 2;
          child.stdin.write(':quit\r');
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        resolve(out);
      });
    });
  }

  it('a single pasted line longer than 4,095 bytes arrives whole (the terminal is read in raw mode), and the count says so', async () => {
    const long = answer.join(' ').repeat(15).slice(0, 5_999);
    expect(Buffer.byteLength(long)).toBeGreaterThan(4_095);
    const out = await onTerminal([long, '.', ':stop']);
    expect(out).toContain('Received 5,999 characters in 1 line.');
    expect(count(out, /Overall: \d\.\d\/5/)).toBe(1);
  });
});
