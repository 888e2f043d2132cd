import type { Services } from '../http/server.js';
/** Placeholder replaced by the demo generator. */
export async function seedDemoCases(_services: Services): Promise<number> {
  return 0;
}
