/**
 * What main.ts needs from a started channel (Slack, Teams): a way to push replies that arise
 * outside a request (idle-out grading, scheduled posts) and a clean stop.
 */
import type { AnyDelivery } from './core/coach';
import type { DailyPublisher } from './core/daily';

export interface RunningChannel {
  platform: 'slack' | 'teams';
  /** Delivers replies to the person named by delivery.personKey ("platform:team:user"). */
  deliver(delivery: AnyDelivery): Promise<void>;
  /** Posts the daily prompt, recap and weekly leaderboard into this platform's channels. */
  dailyPublisher?: DailyPublisher;
  /** Stops accepting traffic and closes servers and sockets. */
  stop(): Promise<void>;
}
