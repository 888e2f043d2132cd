/**
 * Migration 0010 on a database made by the previous version (e.g. the demo): files already on cases
 * get an uploader — the staff member who registered the case, or the portal — and are linked to their
 * case, so they stay readable through it; a file no case refers to gets no upload row.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../support/db.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The migrations folder as the previous version had it: up to 0008. */
function previousMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ms-mig-'));
  dirs.push(dir);
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] };
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx <= 8) }));
  return dir;
}

const sha = (c: string) => c.repeat(64);

describe.skipIf(onPostgres)('migration 0010 on existing data', () => {
  it('gives each file on a case its registrar (or the portal) as uploader, linked to that case', async () => {
    const client = await PGlite.create('memory://');
    const db = drizzle(client);
    await migrate(db, { migrationsFolder: previousMigrations() });
    await db.execute(sql`INSERT INTO organs (id, name, level, kind) VALUES ('county-xfj', '于都县信访局', 'county', 'petition_office')`);
    await db.execute(sql`INSERT INTO users (id, username, name, organ_id, roles, password_hash) VALUES ('u-clerk', 'clerk', '刘晓燕', 'county-xfj', '{intake_clerk}', 'x')`);
    for (const c of ['a', 'b', 'c', 'd']) {
      await db.execute(sql`INSERT INTO attachments (sha256, bytes, mime_type, size, source) VALUES (${sha(c)}, '\\x00', 'image/png', 1, 'public')`);
    }
    const content = (atts: string[]) => JSON.stringify({ content: { attachments: atts.map((a) => ({ name: `${a}.png`, mimeType: 'image/png', size: 1, sha256: sha(a) })) } });
    // A case the clerk registered (file a) and an online one (file b, and file c later as appeal material).
    for (const [id, atts, actorKind, actorId] of [['case-staff', ['a'], 'staff', 'u-clerk'], ['case-online', ['b'], 'petitioner', null]] as const) {
      await db.execute(sql`INSERT INTO cases (id, number, state, open, profile_id, registrar_organ_id, holder_organ_id, acting_organ_id, received_on, channel, kind, title, simplified, record, version)
        VALUES (${id}, ${id}, 'registered', true, 'national', 'county-xfj', 'county-xfj', 'county-xfj', '2026-11-02', 'letter', 'claim', 't', false, ${content([...atts])}::jsonb, 1)`);
      await db.execute(sql`INSERT INTO case_events (case_id, seq, action, at, "on", actor_id, actor_kind, to_state, data)
        VALUES (${id}, 1, 'register', now(), '2026-11-02', ${actorId}, ${actorKind}, 'registered', '{}'::jsonb)`);
    }
    await db.execute(sql`INSERT INTO case_attachment_links (case_id, sha256, name, purpose, event_seq) VALUES ('case-online', ${sha('c')}, 'c.png', 'request_review', 2)`);

    await migrate(db, { migrationsFolder: MIGRATIONS });
    const rows = (await db.execute(sql`SELECT sha256, uploader, case_id FROM attachment_uploads ORDER BY sha256`)).rows;
    expect(rows).toEqual([
      { sha256: sha('a'), uploader: 'staff:u-clerk', case_id: 'case-staff' },
      { sha256: sha('b'), uploader: 'portal:migrated', case_id: 'case-online' },
      { sha256: sha('c'), uploader: 'portal:migrated', case_id: 'case-online' },
      // d: on no case, so nobody can attach it any more (it has to be uploaded again).
    ]);
    await client.close();
  });
});
