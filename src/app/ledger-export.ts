/**
 * 台账导出: the filtered ledger as an .xlsx workbook with typed columns (dates as date cells, days
 * left as a number), Chinese headers, a frozen header row and an autofilter. Petitioners' names,
 * ID numbers and phones are masked — an exported file leaves the system's access control, so it
 * never carries personal data in clear, whoever exports it.
 */
import ExcelJS from 'exceljs';
import { maskIdNumber, maskPhone } from '../domain/identity/id-number.js';
import { labelOf } from '../domain/labels.js';
import { STATE_LABELS } from '../domain/model/case-states.js';
import type { OrganTree } from '../domain/model/organ.js';
import { CHANNEL_LABELS, PETITION_KIND_LABELS, type PetitionContent, type Petitioner } from '../domain/model/petition.js';
import type { DecryptFailure, FieldCrypto } from '../security/field-crypto.js';
import { openContent, unlessUnreadable } from './personal-data.js';
import { findRegion } from './regions.js';
import { PROVISIONAL_SUFFIX } from '../domain/calendar/provisional-note.js';

export interface ExportRow {
  id: string; number: string; title: string; state: string; open: boolean; channel: string; kind: string; categoryCode: string | null;
  holderOrganId: string; regionCode: string | null; receivedOn: string; nextDue: string | null; nextDueProvisional: boolean; daysLeft: number | null;
  overdue: boolean; simplified: boolean; petitioners: unknown;
}

export const LEDGER_EXPORT_HEADERS = [
  '序号', '编号', '标题', '状态', '办理状态', '渠道', '类型', '内容分类', '承办机关', '地区', '登记日期', '届满日期', '届满日期说明', '剩余天数', '是否超期', '简易程序', '信访人', '联系电话', '身份证号码',
] as const;

const maskName = (n: string): string => (n.length <= 1 ? '*' : n.charAt(0) + '*'.repeat(Math.min(n.length - 1, 2)));
const PROTECTED = '（依法保护）';

/**
 * The petitioners' columns, masked (accusers not even masked: withheld, as Art 30 protects them). A
 * value that cannot be decrypted shows as UNREADABLE and is reported to `unreadable`; the row and the
 * file are written all the same.
 */
function peopleColumns(r: ExportRow, crypto: FieldCrypto, unreadable: (caseId: string, f: DecryptFailure[]) => void): [string, string, string] {
  const raw = r.petitioners;
  if (!Array.isArray(raw) || raw.length === 0) return ['', '', ''];
  if (r.kind === 'accusation') return [PROTECTED, PROTECTED, PROTECTED];
  const opened = openContent({ kind: r.kind, petitioners: raw as Petitioner[] } as PetitionContent, crypto, r.id);
  if (opened.unreadable.length) unreadable(r.id, opened.unreadable);
  const people = opened.content.petitioners;
  const names = people.map((p) => (p.kind === 'organisation' ? p.name : unlessUnreadable(maskName)(p.name)));
  const phones = people.map((p) => (p.phone ? unlessUnreadable(maskPhone)(p.phone) : '')).filter(Boolean);
  const ids = people.map((p) => (p.idNumber ? unlessUnreadable(maskIdNumber)(p.idNumber) : '')).filter(Boolean);
  // A group visit lists many people: the first three and a count are enough for a ledger.
  const few = (xs: string[]) => (xs.length > 3 ? `${xs.slice(0, 3).join('、')}等${xs.length}人` : xs.join('、'));
  return [few(names), few(phones), few(ids)];
}

/** A date cell for a YYYY-MM-DD (midnight UTC, so Excel shows that calendar day whatever the zone). */
const dateCell = (d: string | null): Date | null => (d ? new Date(`${d}T00:00:00Z`) : null);

export async function ledgerWorkbook(rows: ExportRow[],
  ctx: { organs: OrganTree; categories: Map<string, string>; crypto: FieldCrypto; today: string; exportedBy: string; createdAt: Date;
    /** Told of each case with values that could not be decrypted (the caller audits). */
    onUnreadable?: (caseId: string, failures: DecryptFailure[]) => void; }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '民声信访工作平台';
  wb.created = ctx.createdAt;
  const ws = wb.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { key: 'seq', width: 6 }, { key: 'number', width: 20 }, { key: 'title', width: 40 }, { key: 'state', width: 16 }, { key: 'open', width: 10 },
    { key: 'channel', width: 10 }, { key: 'kind', width: 12 }, { key: 'category', width: 24 }, { key: 'holder', width: 24 }, { key: 'region', width: 14 },
    { key: 'receivedOn', width: 12, style: { numFmt: 'yyyy-mm-dd' } }, { key: 'due', width: 12, style: { numFmt: 'yyyy-mm-dd' } }, { key: 'dueNote', width: 30 },
    { key: 'daysLeft', width: 10, style: { numFmt: '0' } }, { key: 'overdue', width: 10 }, { key: 'simplified', width: 10 },
    { key: 'people', width: 18 }, { key: 'phone', width: 16 }, { key: 'idNumber', width: 22 },
  ];
  const header = ws.getRow(1);
  header.values = [...LEDGER_EXPORT_HEADERS];
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FA' } };
  rows.forEach((r, i) => {
    const [people, phone, idNumber] = peopleColumns(r, ctx.crypto, ctx.onUnreadable ?? (() => undefined));
    ws.addRow({
      seq: i + 1, number: r.number, title: r.title, state: labelOf(STATE_LABELS, r.state) ?? r.state, open: r.open ? '在办' : '已结',
      channel: labelOf(CHANNEL_LABELS, r.channel) ?? r.channel, kind: labelOf(PETITION_KIND_LABELS, r.kind) ?? r.kind,
      category: r.categoryCode ? (ctx.categories.get(r.categoryCode) ?? r.categoryCode) : '',
      holder: ctx.organs.get(r.holderOrganId)?.name ?? r.holderOrganId,
      // A village has no name in the region data: its code stands in.
      region: r.regionCode ? ((findRegion(r.regionCode)?.name ?? '') || r.regionCode) : '',
      receivedOn: dateCell(r.receivedOn), due: r.open ? dateCell(r.nextDue) : null,
      dueNote: r.open && r.nextDue && r.nextDueProvisional ? PROVISIONAL_SUFFIX.slice(1, -1) : '', daysLeft: r.open ? r.daysLeft : null,
      overdue: r.open && r.overdue ? '是' : '否', simplified: r.simplified ? '是' : '否', people, phone, idNumber,
    });
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_EXPORT_HEADERS.length } };
  // Overdue rows stand out in the file as they do on screen.
  ws.getColumn('overdue').eachCell((cell, row) => { if (row > 1 && cell.value === '是') cell.font = { color: { argb: 'FFC4151C' }, bold: true }; });
  const info = wb.addWorksheet('说明');
  info.columns = [{ width: 16 }, { width: 60 }];
  info.addRows([
    ['导出时间', `${ctx.today}（北京时间）`], ['导出人', ctx.exportedBy], ['件数', rows.length],
    ['说明', '信访人姓名、联系电话、身份证号码已脱敏；检举控告类事项的检举控告人信息依法保护，不予导出。'],
    ['届满日期说明', '标注“预计”的届满日期落在尚未录入国务院办公厅节假日安排的年份，按法定节假日和周末推算，以国务院公布的节假日安排为准。'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
