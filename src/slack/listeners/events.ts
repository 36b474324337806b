/**
 * Other events: app_home_opened. Opening the Home tab (event.tab === 'home' only: the event also
 * fires for the Messages tab) publishes the person's progress from core.leaderboard.progress:
 * competency bars, recent sessions, streak, rank, the team's top ten and practice buttons.
 * Someone new who opens the Messages tab gets a one-off welcome in the DM.
 */
import type { App } from '@slack/bolt';
import { personKey } from '../../core/ports';
import type { SlackAdapter } from '../adapter';
import { renderProgressHome, renderWelcome } from '../render';

interface AppHomeOpened {
  type: 'app_home_opened';
  user: string;
  channel: string;
  tab?: 'home' | 'messages';
}

export function registerEvents(app: App, a: SlackAdapter): void {
  app.event('app_home_opened', async ({ event, body }) => {
    const e = event as unknown as AppHomeOpened;
    const person = a.person((body as { team_id?: string }).team_id, e.user);
    const logs = a.requestLog(person, { kind: 'event', event: 'app_home_opened', tab: e.tab });
    const work = async () => {
      const lang = await a.languageOf(person);
      if (e.tab === 'home') {
        const progress = await a.core.leaderboard.progress(person, lang);
        await a.client.views.publish({ user_id: e.user, view: renderProgressHome(progress) });
        logs.log.info({ answered: progress.answered, rank: progress.rank.all }, 'home published');
        return;
      }
      if (e.tab === 'messages') {
        a.rememberDm(e.user, e.channel);
        // Once per person, and only for someone new to the coach; serialised so two quick
        // visits cannot both welcome.
        await a.serial(person, async () => {
          const key = `slack:welcomed:${personKey(person)}`;
          if ((await a.core.store.getDoc<boolean>(key)) || (await a.core.store.getUser(personKey(person)))) return;
          await a.core.store.putDoc(key, true);
          await a.post(e.channel, renderWelcome(lang));
        });
      }
    };
    await a.afterAck(() => work().catch((err: unknown) => logs.log.error({ err }, 'app_home_opened failed')));
  });
}
