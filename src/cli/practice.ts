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
import { renderText } from './render';

const HELP = {
  en: `Type your answer over as many lines as you like. Send it with a line containing only "." (or Ctrl-D to send and quit).
Commands on a line of their own: :skip (new scenario, or skip the follow-up), :stop (end; an answer already given is graded), :retry, :stats, :help, :quit`,
  ko: `여러 줄로 답변을 입력하세요. "." 한 글자만 있는 줄로 보냅니다(Ctrl-D는 보내고 종료).
한 줄 명령: :skip(새 시나리오 또는 후속 질문 건너뛰기), :stop(종료, 이미 보낸 답변은 채점), :retry, :stats, :help, :quit`,
};

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
  const prompt = () => io.output.write(pc.dim('\n> (end with "." on its own line)\n'));

  write(pc.dim(opts.offline ? 'Grader: offline rubric grader (no API key set): scores are approximate.' : 'Grader: LLM'));
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

  const rl = readline.createInterface({ input: io.input, terminal: false });
  let buffer: string[] = [];
  let sessionOpen = true;
  const onGrading = () => void write(pc.dim(lang === 'ko' ? '채점 중...' : 'Grading...'));

  const afterTurn = async (replies: CoachReply[]) => {
    show(replies);
    const ended = !(await coach.hasSession(person));
    if (ended && sessionOpen) {
      write(pc.dim(lang === 'ko' ? '\n다음 시나리오: Enter, 종료: :quit' : '\nNext scenario: press Enter. Quit: :quit'));
      sessionOpen = false;
    } else if (!ended) prompt();
  };

  for await (const line of rl) {
    const cmd = line.trim();
    if (buffer.length === 0 && cmd.startsWith(':')) {
      switch (cmd) {
        case ':quit':
        case ':q':
          rl.close();
          return 0;
        case ':help':
          write(HELP[lang]);
          continue;
        case ':stats':
          show(await coach.stats(person, lang));
          continue;
        case ':skip':
          await afterTurn(await coach.skip(person, { onGrading }));
          sessionOpen = await coach.hasSession(person);
          continue;
        case ':stop':
          await afterTurn(await coach.stop(person, { onGrading }));
          sessionOpen = false;
          continue;
        case ':retry':
          await afterTurn(await coach.retry(person, { onGrading }));
          continue;
        default:
          write(HELP[lang]);
          continue;
      }
    }
    if (!sessionOpen && buffer.length === 0 && cmd === '') {
      show(await coach.start(person, opts));
      sessionOpen = true;
      prompt();
      continue;
    }
    if (cmd === '.') {
      const text = buffer.join('\n');
      buffer = [];
      if (!sessionOpen) continue;
      await afterTurn(await coach.answer(person, text, { onGrading }));
      continue;
    }
    buffer.push(line);
  }
  // End of input: whatever was typed is sent, never dropped.
  if (buffer.join('').trim() && (await coach.hasSession(person))) show(await coach.answer(person, buffer.join('\n'), { onGrading }));
  if (await coach.hasSession(person)) show(await coach.stop(person, { onGrading }));
  return 0;
}
