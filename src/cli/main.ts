/**
 * The `fde-coach` command: practice, scenarios, grade, eval. Reads the configuration once and
 * builds the same core the chat channels use.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { buildCore, type Core } from '../app';
import { ConfigError, loadConfig } from '../config';
import { StoreUnavailableError } from '../core/ports';
import { ContentError } from '../core/scenarios';
import { MAX_ANSWER_CHARS, detectLanguage, prepareAnswer } from '../core/text';
import { CATEGORY_IDS, DIFFICULTIES, LANGUAGES, type Language } from '../core/types';
import { createLogger } from '../log';
import { registerEval } from './eval';
import { runPractice } from './practice';
import { renderText } from './render';
import { packageVersion } from './version';
import { StoreVersionError, openStore } from '../store';
import { ImportError, exportData, importData, parseExport } from '../store/transfer';

class UsageError extends Error {}

function core(): Core {
  const config = loadConfig();
  return buildCore(config, createLogger(config.logLevel ?? 'warn'));
}

/** A core over the configured store (the SQLite file by default); closed by the caller. */
async function storedCore(): Promise<Core> {
  const config = loadConfig();
  const store = await openStore(config);
  return buildCore(config, createLogger(config.logLevel ?? 'warn'), { store });
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const lang = () => new Option('--lang <lang>', 'session language').choices(LANGUAGES);

function buildProgram(out: (s: string) => void): Command {
  const program = new Command()
    .name('fde-coach')
    .description('Practise Forward Deployed Engineer interviews: scenarios, follow-up probes and rubric feedback.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError();

  program
    .command('practice')
    .description('an interactive practice session in the terminal: a line holding only "." sends an answer, :help lists the commands')
    .addOption(new Option('--category <category>', 'scenario category').choices(CATEGORY_IDS))
    .addOption(new Option('--difficulty <difficulty>', 'scenario difficulty').choices(DIFFICULTIES))
    .addOption(lang())
    .action(async (o: { category?: (typeof CATEGORY_IDS)[number]; difficulty?: (typeof DIFFICULTIES)[number]; lang?: Language }) => {
      const c = await storedCore();
      try {
        program.setOptionValue('exitCode', await runPractice(c.coach, { category: o.category, difficulty: o.difficulty, language: o.lang, offline: c.grader.kind === 'offline', store: c.store }));
      } finally {
        await c.store.close();
      }
    });

  program
    .command('export')
    .description("write the team's data (people, answers, points, settings) as JSON")
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--team <teamKey...>', 'only these teams (e.g. slack:T0123)')
    .action(async (o: { out?: string; team?: string[] }) => {
      const config = loadConfig();
      const store = await openStore(config);
      try {
        const data = await exportData(store, { teams: o.team });
        const json = `${JSON.stringify(data, null, 2)}\n`;
        if (o.out) {
          writeFileSync(o.out, json);
          process.stderr.write(`Exported ${data.people.length} people and ${data.docs.length} settings documents to ${o.out}\n`);
        } else out(json);
      } finally {
        await store.close();
      }
    });

  program
    .command('import')
    .description('read an export into the configured store (e.g. from SQLite into PostgreSQL)')
    .argument('<file>', 'a file written by `fde-coach export`')
    .action(async (file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`Cannot read ${file}: ${(err as Error).message}`);
      }
      const data = parseExport(text);
      const config = loadConfig();
      const store = await openStore(config);
      try {
        const n = await importData(store, data);
        out(`Imported ${n.people} people (${n.answers} answers) and ${n.docs} settings documents into the ${config.store.kind} store.\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('scenarios')
    .description('list the scenarios')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const { library } = core();
      const rows = library.scenarios.map((s) => ({
        id: s.id,
        category: s.category,
        difficulty: s.difficulty,
        title: s.title.en,
        languages: ['en', 'ko'],
      }));
      if (o.json) out(`${JSON.stringify(rows, null, 2)}\n`);
      else {
        for (const r of rows) out(`${r.id.padEnd(48)} ${r.category.padEnd(24)} ${r.difficulty.padEnd(7)} ${r.title}  [${r.languages.join(',')}]\n`);
        out(`${rows.length} scenarios\n`);
      }
    });

  program
    .command('grade')
    .description('grade one answer (from --answer-file, or stdin)')
    .requiredOption('--scenario <id>', 'scenario id (see `fde-coach scenarios`)')
    .option('--answer-file <file>', 'file holding the answer; stdin when omitted')
    .addOption(lang())
    .option('--json', 'print one JSON object')
    .action(async (o: { scenario: string; answerFile?: string; lang?: Language; json?: boolean }) => {
      const c = core();
      const scenario = c.library.scenario(o.scenario);
      if (!scenario) throw new UsageError(`Unknown scenario "${o.scenario}". Run \`fde-coach scenarios\` to list them.`);
      let raw: string;
      try {
        raw = o.answerFile ? readFileSync(o.answerFile, 'utf8') : await readStdin();
      } catch (err) {
        throw new UsageError(`Cannot read the answer file: ${(err as Error).message}`);
      }
      const { text: answer, truncated } = prepareAnswer(raw);
      if (!answer) throw new UsageError('The answer is empty: pass --answer-file or pipe the answer on stdin.');
      if (truncated) process.stderr.write(`Answer longer than ${MAX_ANSWER_CHARS} characters: grading the first ${MAX_ANSWER_CHARS}.\n`);
      const language = o.lang ?? detectLanguage(answer) ?? 'en';
      const result = await c.grader.grade({ scenario, criteria: c.library.criteriaOf(scenario), answer, followUps: [], language });
      if (o.json) out(`${JSON.stringify(result, null, 2)}\n`);
      else {
        out(
          `${renderText({
            kind: 'feedback',
            language,
            scenario: { id: scenario.id, title: scenario.title[language], difficulty: scenario.difficulty, category: scenario.category },
            result,
            criterionNames: Object.fromEntries(scenario.criteria.map((id) => [id, c.library.criterion(id).name[language]])),
            points: 0,
          })}\n`,
        );
      }
    });

  registerEval(program, out, core, (message) => new UsageError(message));

  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function run(argv: string[], out: (s: string) => void = (s) => void process.stdout.write(s)): Promise<number> {
  const program = buildProgram(out);
  try {
    await program.parseAsync(argv);
    return (program.getOptionValue('exitCode') as number | undefined) ?? 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (
      err instanceof UsageError ||
      err instanceof ConfigError ||
      err instanceof ContentError ||
      err instanceof StoreUnavailableError ||
      err instanceof StoreVersionError ||
      err instanceof ImportError
    ) {
      process.stderr.write(`fde-coach: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
