/**
 * `/fde ...`: ack first, always (Slack's 3 seconds; no I/O happens before it), then parse and
 * act. Session commands (and `daily retry`, whose feedback is private) run in the person's DM;
 * typed elsewhere, the channel gets only an ephemeral pointer. Informational and daily commands
 * answer ephemerally where they were typed; `/fde leaderboard` shows the board in the channel.
 */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { SlackAdapter } from '../adapter';
import { parseCommand } from '../commands/parse';
import { dailyCommandReplies, dailyRetry, isDailyRetry, leaderboardCommand } from '../daily-flows';
import { infoReply, isSessionOp, sessionTurn } from '../flows';
import { dmLink, renderFailure, renderPointer, type SlackMessage } from '../render';

export const COMMAND = '/fde';

async function respondAll(respond: RespondFn, messages: SlackMessage[], responseType: 'ephemeral' | 'in_channel' = 'ephemeral'): Promise<void> {
  for (const m of messages) await respond({ response_type: responseType, replace_original: false, text: m.text, blocks: m.blocks });
}

/**
 * Tells the person, in the channel where they typed, that the session is in their DM. Uses
 * chat.postEphemeral; where the bot is not a member it falls back to the command's response_url.
 */
async function pointToDm(a: SlackAdapter, command: SlashCommand, respond: RespondFn, lang: Parameters<typeof renderPointer>[0]) {
  const msg = renderPointer(lang, dmLink(command.team_id, command.api_app_id));
  try {
    await a.postEphemeral(command.channel_id, command.user_id, msg);
  } catch (err) {
    a.log.debug({ err }, 'chat.postEphemeral failed; using response_url');
    await respondAll(respond, [msg]);
  }
}

export function registerCommands(app: App, a: SlackAdapter): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    await ack();
    const person = a.person(command.team_id, command.user_id);
    const logs = a.requestLog(person, { kind: 'command', triggerId: command.trigger_id });
    const work = async () => {
      const cmd = parseCommand(command.text ?? '', a.categoryIds);
      logs.log.debug({ command: cmd.kind, problem: cmd.kind === 'help' ? cmd.problem?.code : undefined }, 'slash command');
      if (cmd.kind === 'leaderboard') {
        const out = await leaderboardCommand(a, person, cmd.args, logs);
        await respondAll(respond, out.inChannel, 'in_channel');
        await respondAll(respond, out.ephemeral);
        return;
      }
      if (cmd.kind === 'daily' && !isDailyRetry(cmd.args)) {
        await respondAll(respond, await dailyCommandReplies(a, person, cmd.args, command.channel_id, logs));
        return;
      }
      if (cmd.kind !== 'daily' && !isSessionOp(cmd)) {
        await respondAll(respond, await infoReply(a, person, cmd));
        return;
      }
      const dm = await a.dmChannel(command.user_id);
      if (command.channel_id !== dm) await pointToDm(a, command, respond, await a.languageOf(person));
      if (cmd.kind === 'daily') await dailyRetry(a, person, dm, logs);
      else await sessionTurn(a, person, dm, cmd, logs);
    };
    await a.afterAck(() =>
      work().catch(async (err: unknown) => {
        logs.log.error({ err }, 'slash command failed');
        await respondAll(respond, [renderFailure(await a.languageOf(person).catch(() => 'en' as const))]).catch((e: unknown) =>
          logs.log.error({ err: e }, 'could not tell the person about the failure'),
        );
      }),
    );
  });
}
