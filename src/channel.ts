/**
 * What main.ts needs from a started channel (Slack, Teams): a way to push replies that arise
 * outside a request (idle-out grading, scheduled posts) and a clean stop.
 */
import type { Delivery } from './core/coach';

export interface RunningChannel {
  platform: 'slack' | 'teams';
  /** Delivers replies to the person named by delivery.personKey ("platform:team:user"). */
  deliver(delivery: Delivery): Promise<void>;
  /** Stops accepting traffic and closes servers and sockets. */
  stop(): Promise<void>;
}
