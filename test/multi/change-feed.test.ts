/**
 * The change feed between caches (src/store/change-feed.ts) and the reference-data cache on it:
 * a refresh in one cache is heard by the others on the same database (in-process here; across
 * processes in test/integration/two-servers.test.ts), never by the publisher itself, and one
 * failing listener does not deafen the rest.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceData } from '../../src/app/reference-data.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { channelFor, LocalChangeFeed, type ChangeListener } from '../../src/store/change-feed.js';
import type { Database } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { testDatabase } from '../support/db.js';

class Recorder implements ChangeListener {
  readonly heard: string[] = [];
  changed(topic: string): void {
    this.heard.push(topic);
  }

  resync(): void {
    this.heard.push('*resync*');
  }
}

describe('local change feed', () => {
  it('tells every subscriber but the publisher, even when one of them throws', async () => {
    const feed = new LocalChangeFeed();
    const [p, q, r] = [new Recorder(), new Recorder(), new Recorder()];
    const pub = feed.subscribe(p);
    feed.subscribe({ changed: () => { throw new Error('boom'); }, resync: () => undefined });
    feed.subscribe(q);
    const rSub = feed.subscribe(r);
    rSub.unsubscribe();
    await pub.publish('reference');
    expect([p.heard, q.heard, r.heard]).toEqual([[], ['reference'], []]);
    expect(feed.state()).toBe('local');
    await feed.close();
    expect(feed.state()).toBe('closed');
  });

  it('names one channel per schema, within PostgreSQL\'s 63-byte identifiers', () => {
    expect(channelFor(undefined)).toBe('minsheng_changes_public');
    expect(channelFor('t_0a1b2c3d4e5f')).toBe('minsheng_changes_t_0a1b2c3d4e5f');
    expect(channelFor('t_0a1b2c3d4e5f')).not.toBe(channelFor('t_0a1b2c3d4e5e'));
    const long = channelFor('x'.repeat(60));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).not.toBe(channelFor('y'.repeat(60)));
  });
});

describe('reference data over the database\'s change feed', () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
    await seedReference(database.db);
  });
  afterAll(async () => database.close());

  it('a refresh in one cache makes the others load afresh; a cache without the feed keeps its stale snapshot', async () => {
    const one = new ReferenceData(database.db, database.changes);
    const two = new ReferenceData(database.db, database.changes);
    const deaf = new ReferenceData(database.db);
    for (const r of [one, two, deaf]) expect((await r.get()).organs.get('county-rsj')?.name).toBe('于都县人力资源和社会保障局');
    await database.db.update(s.organs).set({ name: '于都县人社局（测试）' }).where(eq(s.organs.id, 'county-rsj'));
    await one.refresh();
    expect((await one.get()).organs.get('county-rsj')?.name).toBe('于都县人社局（测试）');
    expect((await two.get()).organs.get('county-rsj')?.name).toBe('于都县人社局（测试）');
    expect((await deaf.get()).organs.get('county-rsj')?.name).toBe('于都县人力资源和社会保障局');
    for (const r of [one, two]) r.close();
  });

  it('serves one snapshot to concurrent reads, and a fresh one after invalidate', async () => {
    const ref = new ReferenceData(database.db);
    const [x, y] = await Promise.all([ref.get(), ref.get()]);
    expect(x).toBe(y);
    ref.invalidate();
    expect(await ref.get()).not.toBe(x);
  });
});
