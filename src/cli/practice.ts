/**
 * Interactive terminal practice: the same coach as Slack and Teams, read from stdin, rendered as
 * text. Answers span several lines; a line with a single "." sends, Ctrl-D sends and quits.
 */
import readline from 'node:readline';
import pc from 'picocolors';
import type { Coach } from '../core/coach';
import { personKey, type Person, type Store } from '../core/ports';
import type { CoachReply } from '../core/replies';
import type { CategoryId, Difficulty, Language } from '../core/types';
import { bannerText, gradingText, promptText, renderText } from './render';

const HELP = {
  en: `Type your answer over as many lines as you like. Send it with a line containing only "." (or Ctrl-D to send and quit).
Commands on a line of their own, also in the middle of an answer: :skip (new scenario, or skip the follow-up; unsent lines are dropped), :stop (send what you typed, then end: the answer is graded), :retry, :stats, :help, :quit (send what you typed, then quit)`,
  ko: `여러 줄로 답변을 입력하세요. "." 한 글자만 있는 줄로 보냅니다(Ctrl-D는 보내고 종료합니다).
한 줄 명령(답변 도중에도 동작합니다): :skip(새 시나리오 또는 후속 질문 건너뛰기, 보내지 않은 줄은 버립니다), :stop(입력한 내용을 보낸 뒤 종료하고 채점합니다), :retry, :stats, :help, :quit(입력한 내용을 보낸 뒤 종료합니다)`,
};

/** The terminal's own notices, by language. {chars} and {lines} are filled with counts. */
const SAY = {
  en: {
    received: 'Received {chars} characters in {lines}.',
    kept: 'Your unsent answer ({chars} characters in {lines}) is kept: keep typing, or send it with a line holding only ".".',
    dropped: 'Dropped your unsent answer ({chars} characters in {lines}): it was not sent.',
    ended: '\nNext scenario: press Enter or type practice. Quit: :quit',
    closed: 'No scenario is open, so that was not sent. Press Enter or type practice for the next scenario; :quit to leave.',
    line: (n: number) => (n === 1 ? '1 line' : `${fmt(n)} lines`),
  },
  ko: {
    received: '{chars}자({lines})를 받았습니다.',
    kept: '보내지 않은 답변({chars}자, {lines})은 그대로 있습니다. 이어서 입력하거나 "." 한 글자만 있는 줄로 보내세요.',
    dropped: '보내지 않은 답변({chars}자, {lines})은 보내지 않고 버렸습니다.',
    ended: '\n다음 시나리오: Enter 또는 practice를 입력하세요. 종료: :quit',
    closed: '열린 시나리오가 없어 보내지 않았습니다. 다음 시나리오는 Enter 또는 practice, 종료는 :quit입니다.',
    line: (n: number) => `${fmt(n)}줄`,
  },
};

/** What a line holding only one of these does, whatever was typed before it. */
const COMMANDS = [':skip', ':stop', ':retry', ':stats', ':help', ':quit', ':q'] as const;
type Command = (typeof COMMANDS)[number];
const isCommand = (s: string): s is Command => (COMMANDS as readonly string[]).includes(s);
/** Start the next scenario once a session has ended. `practice` is what the core's messages say. */
const NEXT = new Set(['', 'practice', ':practice']);

const fmt = (n: number) => n.toLocaleString('en-US');

export interface PracticeIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export async function runPractice(
  coach: Coach,
  opts: { category?: CategoryId; difficulty?: Difficulty; language?: Language; offline: boolean; store?: Store },
  io: PracticeIO = { input: process.stdin, output: process.stdout },
): Promise<number> {
  const person: Person = { platform: 'cli', teamId: 'local', userId: process.env.USER ?? 'you' };
  const write = (s: string) => io.output.write(`${s}\n`);
  let lang: Language = opts.language ?? 'en';
  const show = (replies: CoachReply[]) => {
    for (const r of replies) {
      if ('language' in r) lang = r.language;
      write(renderText(r));
    }
  };
  const prompt = () => io.output.write(pc.dim(`\n${promptText(lang)}\n`));
  /** "{chars} characters in {lines}" for the lines typed so far. */
  const counts = (text: string, template: string, lineCount: number) =>
    template.replace('{chars}', fmt([...text].length)).replace('{lines}', SAY[lang].line(lineCount));

  // Raw mode before the first prompt: a paste typed as soon as the prompt shows must not meet the
  // canonical-mode line discipline while readline is still being set up.
  const tty = (io.input as NodeJS.ReadStream).isTTY === true && (io.output as NodeJS.WriteStream).isTTY === true;
  if (tty) (io.input as NodeJS.ReadStream).setRawMode(true);
  write(pc.dim(bannerText(lang, { offline: opts.offline })));
  write(pc.dim(HELP[lang]));
  // An answer sent before the terminal was closed or killed mid-grading is graded now.
  if (opts.store) {
    for (const job of await opts.store.claimJobs(coach.instanceId, coach.jobLeaseMs, { limit: 10, personKeyPrefixes: [`${personKey(person)}`] })) {
      const d = await coach.resumeJob(job);
      if (d) show(d.replies);
    }
  }
  show(await coach.start(person, opts));
  prompt();

  // On a terminal, readline in terminal mode puts it in raw mode: the kernel's canonical-mode line
  // limit (4,095 bytes, the rest silently dropped) does not apply, so a long pasted line arrives
  // whole. Piped input has no such limit and is read as it comes.
  const rl = readline.createInterface({ input: io.input, output: tty ? io.output : undefined, terminal: tty, historySize: 0 });
  let interrupted = false;
  // Raw mode turns Ctrl-C into a keypress: without this it would only pause the input.
  rl.on('SIGINT', () => {
    interrupted = true;
    rl.close();
  });
  let buffer: string[] = [];
  let sessionOpen = true;
  /** Said once per closed stretch, not once per line of a pasted answer. */
  let toldClosed = false;
  const onGrading = () => void write(pc.dim(gradingText(lang)));

  const afterTurn = async (replies: CoachReply[]) => {
    show(replies);
    const ended = !(await coach.hasSession(person));
    if (ended && sessionOpen) {
      write(pc.dim(SAY[lang].ended));
      sessionOpen = false;
    } else if (!ended) prompt();
  };
  /** Sends what was typed, saying how much arrived (a paste cut short shows up here). */
  const send = async (text = buffer.join('\n'), lines = buffer.length) => {
    buffer = [];
    write(pc.dim(counts(text, SAY[lang].received, lines)));
    await afterTurn(await coach.answer(person, text, { onGrading }));
  };
  const hasText = () => buffer.join('').trim() !== '';

  for await (const line of rl) {
    const cmd = line.trim();
    if (isCommand(cmd)) {
      const typed = hasText();
      const pending = buffer.join('\n');
      const pendingLines = buffer.length;
      switch (cmd) {
        case ':help':
        case ':stats':
          if (cmd === ':help') write(HELP[lang]);
          else show(await coach.stats(person, lang));
          if (typed) write(pc.dim(counts(pending, SAY[lang].kept, pendingLines)));
          continue;
        case ':quit':
        case ':q':
          rl.close();
          if (typed && sessionOpen) {
            // Like Ctrl-D: what was typed is sent, and graded even if it drew a follow-up.
            await send(pending, pendingLines);
            if (await coach.hasSession(person)) show(await coach.stop(person, { onGrading }));
          }
          return 0;
        case ':stop':
          buffer = [];
          if (typed && sessionOpen) {
            await send(pending, pendingLines);
            // Graded outright (no follow-up): the session has already ended.
            if (!(await coach.hasSession(person))) continue;
          }
          await afterTurn(await coach.stop(person, { onGrading }));
          sessionOpen = false;
          continue;
        case ':skip':
        case ':retry':
          if (typed) write(pc.dim(counts(pending, SAY[lang].dropped, pendingLines)));
          buffer = [];
          if (cmd === ':skip') {
            await afterTurn(await coach.skip(person, { onGrading }));
            sessionOpen = await coach.hasSession(person);
          } else await afterTurn(await coach.retry(person, { onGrading }));
          continue;
      }
    }
    if (!sessionOpen) {
      if (NEXT.has(cmd.toLowerCase())) {
        show(await coach.start(person, opts));
        sessionOpen = true;
        toldClosed = false;
        prompt();
      } else if (!toldClosed) {
        write(pc.dim(SAY[lang].closed));
        toldClosed = true;
      }
      continue;
    }
    if (buffer.length === 0 && cmd.startsWith(':')) {
      write(HELP[lang]); // an unknown command; in the middle of an answer it is answer text
      continue;
    }
    if (cmd === '.') {
      await send();
      continue;
    }
    buffer.push(line);
  }
  // End of input: whatever was typed is sent, never dropped (Ctrl-C drops it, and says so).
  if (interrupted && hasText()) write(pc.dim(counts(buffer.join('\n'), SAY[lang].dropped, buffer.length)));
  else if (hasText() && (await coach.hasSession(person))) await send();
  if (await coach.hasSession(person)) show(await coach.stop(person, { onGrading }));
  return interrupted ? 130 : 0;
}
