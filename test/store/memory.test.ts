/** The in-memory store keeps the contract the durable stores keep. */
import { MemoryStore } from '../../src/store/memory';
import { manualClock, storeContract } from './contract';

storeContract('memory', async () => {
  const clock = manualClock();
  return { store: new MemoryStore(clock), clock, close: async () => undefined };
});
