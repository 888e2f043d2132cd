/**
 * 三项建议 over HTTP (Art 40), and the annual report (Art 41) against an independent count: the demo's
 * case histories are walked through the case service, one more case takes a recommendation and its
 * written answer through the API, then GET /api/stats/annual-report is downloaded, its text read out
 * of the .docx, and every count it states is recounted here from the stored records and events.
 */
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReference, type ReferenceSnapshot } from '../../src/app/reference-data.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { seedDemoCases } from '../../src/demo/seed-cases.js';
import type { CaseRecord } from '../../src/domain/model/case.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

const TODAY = '2026-11-20';
const clock = new FakeClock(TODAY);
let srv: Awaited<ReturnType<typeof testServer>>;
let snap: ReferenceSnapshot;
let caseId = '';
let seedMs = 0;

beforeAll(async () => {
  srv = await testServer(clock);
  const t0 = performance.now();
  await seedDemoCases(srv.database, { crypto: new FieldCrypto(TEST_KEYRING), today: TODAY });
  seedMs = performance.now() - t0;
  snap = await loadReference(srv.database.db);
}, 600_000);
afterAll(async () => {
  await srv.close();
});

async function act(user: string, date: string, action: string, input: Record<string, unknown>) {
  clock.set(date);
  const r = await srv.as(user, 'POST', `/api/cases/${caseId}/actions/${action}`, { input });
  expect(r.statusCode, `${action}: ${r.body.slice(0, 300)}`).toBe(200);
  return r;
}
const records = async (): Promise<CaseRecord[]> => (await srv.database.db.select({ record: s.cases.record }).from(s.cases)).map((r) => r.record);
/** The subtree of the county (于都县人民政府): every organ under it, by the tree's parent links. */
function subtree(root: string): Set<string> {
  const out = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const o of snap.organs.all()) if (o.parentId && out.has(o.parentId) && !out.has(o.id)) grew = out.add(o.id).size > 0;
  }
  return out;
}
async function reportText(user: string, query: string): Promise<string> {
  const r = await srv.as(user, 'GET', `/api/stats/annual-report?${query}`);
  expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
  expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const xml = strFromU8(unzipSync(new Uint8Array(r.rawPayload))['word/document.xml']!);
  // One paragraph a line; a table cell's text followed by '|'.
  return xml.replace(/<\/w:p>\s*<\/w:tc>/g, '|').replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

describe('三项建议 through the API (Art 40)', () => {
  it('the office recommends, the recipient is reminded, answers in writing, and both documents are issued', async () => {
    clock.set('2026-11-02');
    const made = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-11-02' }) });
    expect(made.statusCode).toBe(201);
    caseId = made.json<{ case: { id: string } }>().case.id;
    await act('xfj_officer', '2026-11-03', 'forward', { targetOrganId: 'county-rsj' });
    await act('rsj_handler', '2026-11-04', 'accept', {});
    // Not the petition office's handler, and not to an organ outside the rule for the type.
    clock.set('2026-11-05');
    const wrong = await srv.as('xfj_officer', 'POST', `/api/cases/${caseId}/actions/issue_recommendation`,
      { input: { type: 'improve_policy', targetOrganId: 'county-rsj', content: '建议完善政策', dueOn: '2026-12-05' } });
    expect([wrong.statusCode, wrong.json<{ code: string }>().code]).toEqual([422, 'RECOMMENDATION_TARGET_INVALID']);
    await act('xfj_officer', '2026-11-05', 'issue_recommendation', { type: 'improve_work', targetOrganId: 'county-rsj', content: '建议规范欠薪投诉的受理告知', dueOn: '2026-12-05' });
    await act('xfj_officer', '2026-11-05', 'issue_recommendation', { type: 'improve_policy', targetOrganId: 'county', content: '建议完善工资保证金制度', dueOn: '2026-12-05' });

    const reminders = (await srv.as('rsj_handler', 'GET', '/api/reminders')).json<{ items: { kind: string; caseId: string; due: string | null }[] }>().items;
    expect(reminders.filter((i) => i.kind === 'recommendation' && i.caseId === caseId)).toEqual([expect.objectContaining({ due: '2026-12-05' })]);
    const actions = (await srv.as('rsj_handler', 'GET', `/api/cases/${caseId}/actions`)).json<{ action: string; allowed: boolean }[]>();
    expect(actions.find((a) => a.action === 'answer_recommendation')?.allowed).toBe(true);

    await act('rsj_handler', '2026-11-10', 'answer_recommendation', { no: 1, adoption: 'partly_adopted', feedback: '已修订受理告知流程' });
    const after = (await srv.as('rsj_handler', 'GET', '/api/reminders')).json<{ items: { kind: string; caseId: string }[] }>().items;
    expect(after.filter((i) => i.kind === 'recommendation' && i.caseId === caseId)).toEqual([]);
    // The county government still owes its answer to the second.
    expect((await srv.as('xian_handler', 'GET', '/api/reminders')).json<{ items: { kind: string; caseId: string }[] }>().items
      .filter((i) => i.kind === 'recommendation' && i.caseId === caseId)).toHaveLength(1);

    const detail = (await srv.as('xfj_officer', 'GET', `/api/cases/${caseId}`)).json<{ case: CaseRecord }>().case;
    expect(detail.recommendations?.map((r) => [r.no, r.type, r.targetOrganId, r.adoption])).toEqual([[1, 'improve_work', 'county-rsj', 'partly_adopted'], [2, 'improve_policy', 'county', null]]);
    const docs = (await srv.as('xfj_officer', 'GET', `/api/cases/${caseId}/documents`)).json<{ kind: string; organId: string; data: { title?: string } }[]>();
    expect(docs.filter((d) => d.kind.startsWith('recommendation')).map((d) => [d.kind, d.organId, d.data.title])).toEqual([
      ['recommendation', 'county-xfj', '改进工作建议书'], ['recommendation', 'county-xfj', '完善政策建议书'], ['recommendation_feedback', 'county-rsj', '建议采纳情况反馈'],
    ]);
    clock.set(TODAY);
  });
});

describe('the annual report (信访情况年度报告, Art 41)', () => {
  it('states the year\'s counts as recounted from the stored records and events', async () => {
    const t0 = performance.now();
    const text = await reportText('xfj_officer', 'year=2026');
    const ms = performance.now() - t0;
    console.log(`demo seeded in ${(seedMs / 1000).toFixed(0)} s; annual report 2026 of 于都县 in ${ms.toFixed(0)} ms`);
    const county = subtree('county');
    const all = await records();
    const inYear = (d: string) => d >= '2026-01-01' && d <= TODAY;
    const registered = all.filter((c) => county.has(c.registrarOrganId) && inYear(c.content.receivedOn));
    expect(registered.length).toBeGreaterThan(20);
    expect(text).toContain('于都县2026年信访情况年度报告');
    expect(text).toContain('中共于都县委员会、于都县人民政府、赣州市信访局：');
    expect(text).toContain(`共登记信访事项${registered.length}件`);
    const kinds = { claim: '申诉求决类', suggestion: '建议意见类', accusation: '检举控告类' } as const;
    for (const [k, label] of Object.entries(kinds)) {
      const n = registered.filter((c) => c.content.kind === k).length;
      if (n) expect(text).toContain(`${label}|${n}|`);
    }
    // The organ most complained about: the first named, with its count.
    const concerned = new Map<string, number>();
    for (const c of registered) for (const o of c.content.organsConcerned) concerned.set(o, (concerned.get(o) ?? 0) + 1);
    const [topOrgan, topN] = [...concerned].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
    expect(text).toContain(`反映（投诉）较多的机关、单位依次为：${snap.organs.get(topOrgan)!.name}（${topN}件）`);

    // (二) from the events: the subtree's organs' 转送 and 交办, the report-backs approved and returned.
    const events = await srv.database.db.select({ action: s.caseEvents.action, on: s.caseEvents.on, organ: s.caseEvents.actorOrganId }).from(s.caseEvents);
    const n = (...actions: string[]) => events.filter((e) => actions.includes(e.action) && e.on >= '2026-01-01' && e.on <= '2026-12-31' && county.has(e.organ ?? '')).length;
    expect(text).toContain(`全年转送信访事项${n('forward', 'forward_political_legal', 'forward_discipline')}件，交办${n('assign')}件；`
      + `交办事项的办结报告经审核通过${n('approve_report')}件，退回重办${n('return_report')}件。`);
    const sups = all.flatMap((c) => c.supervisions).filter((x) => county.has(x.organId) && x.issuedOn.startsWith('2026'));
    expect(sups.length).toBeGreaterThan(0);
    const answered = sups.filter((x) => x.answeredOn !== null);
    expect(text).toContain(`全年督办${sups.length}件，有关机关已反馈${answered.length}件（其中在反馈期限内反馈${answered.filter((x) => x.answeredOn! <= x.dueOn).length}件），尚未反馈${sups.length - answered.length}件。`);

    // (三) the recommendations, by type and answer: the demo's and the one walked above.
    const recs = all.flatMap((c) => c.recommendations ?? []).filter((x) => county.has(x.organId) && x.issuedOn.startsWith('2026'));
    expect(recs.filter((x) => x.adoption !== null).length).toBeGreaterThan(0);
    const count = (type: string | null, adoption?: string | null) =>
      recs.filter((x) => (type === null || x.type === type) && (adoption === undefined || x.adoption === adoption)).length;
    for (const [type, label] of [['improve_work', '改进工作建议'], ['improve_policy', '完善政策建议'], ['accountability', '追究责任建议']] as const) {
      expect(text).toContain(`${label}|${count(type)}|${count(type, 'adopted')}|${count(type, 'partly_adopted')}|${count(type, 'not_adopted')}|${count(type, null)}|`);
    }
    expect(text).toContain(`共${count(null)}件。有关机关、单位已书面反馈${count(null) - count(null, null)}件，其中采纳${count(null, 'adopted')}件、部分采纳${count(null, 'partly_adopted')}件、不予采纳${count(null, 'not_adopted')}件；`);

    // (四) for the year running: today's open cases past due (by the organ to act) and opinion duties past due.
    const overdueOpen = (await srv.database.db.select({ acting: s.cases.actingOrganId, open: s.cases.open, due: s.cases.nextDue }).from(s.cases))
      .filter((r) => r.open && r.due !== null && r.due < TODAY && county.has(r.acting)).length;
    const backlog = all.flatMap((c) => c.clocks).filter((k) => ['handling', 'review_decision', 'rereview_decision'].includes(k.kind)
      && k.stoppedOn === null && k.due !== null && k.due < TODAY && county.has(k.organId)).length;
    expect(text).toContain(`截至2026年11月20日，全于都县在办信访事项中超过办理期限的${overdueOpen}件，超过期限仍未出具处理、复查、复核意见的积案${backlog}件`);
    expect(text).toContain('于都县信访局');
  });

  it('for a year already ended, counts the backlog as the duty clocks stood on 31 December', async () => {
    const text = await reportText('xfj_officer', 'year=2025&organId=county');
    const county = subtree('county');
    const END = '2025-12-31';
    const late = (k: CaseRecord['clocks'][number]) => k.start <= END && k.due !== null && k.due < END && (k.stoppedOn === null || k.stoppedOn > END) && county.has(k.organId);
    const all = await records();
    const duty = ['routing', 'acceptance', 'handling', 'review_decision', 'rereview_decision', 'report_back', 'supervision'];
    const overdue = all.filter((c) => c.content.receivedOn <= END && c.clocks.some((k) => duty.includes(k.kind) && late(k))).length;
    const backlog = all.flatMap((c) => (c.content.receivedOn <= END ? c.clocks : [])).filter((k) => ['handling', 'review_decision', 'rereview_decision'].includes(k.kind) && late(k)).length;
    expect(text).toContain(`截至2025年12月31日，全于都县在办信访事项中超过办理期限的${overdue}件，超过期限仍未出具处理、复查、复核意见的积案${backlog}件`);
    const registered = all.filter((c) => county.has(c.registrarOrganId) && c.content.receivedOn.startsWith('2025')).length;
    expect(text).toContain(`共登记信访事项${registered}件`);
  });

  it('answers as every statistic does: a bad year 400, an organ outside the scope 403, an unknown one 422, no organ scope 403', async () => {
    const code = async (user: string, q: string) => {
      const r = await srv.as(user, 'GET', `/api/stats/annual-report?${q}`);
      return [r.statusCode, r.json<{ code: string }>().code];
    };
    expect(await code('xfj_officer', 'year=26')).toEqual([400, 'PERIOD_INVALID']);
    expect(await code('xfj_officer', 'year=2027')).toEqual([400, 'PERIOD_INVALID']);
    expect(await code('xfj_officer', 'year=1999')).toEqual([400, 'PERIOD_INVALID']);
    expect(await code('gj_officer', 'year=2026&organId=county')).toEqual([403, 'ORGAN_NOT_ALLOWED']);
    expect(await code('xfj_officer', 'year=2026&organId=no-such-organ')).toEqual([422, 'ORGAN_NOT_FOUND']);
    expect(await code('admin', 'year=2026')).toEqual([403, 'FORBIDDEN']);
    expect((await srv.app.inject({ method: 'GET', url: '/api/stats/annual-report?year=2026' })).statusCode).toBe(401);
  });
});
