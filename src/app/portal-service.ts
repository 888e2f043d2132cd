/**
 * The petitioner's side (issue 5): guidance, online submission (网上信访), the public view of one's
 * own case, evaluation (第38条) and review / re-review requests (第35、36条) — through the same
 * engine paths as staff (CaseService.register / act with the petitioner as actor).
 *
 * The public view is built from a whitelist: the events and documents listed below, with the
 * document fields listed below. Anything not listed (internal notes, staff names and ids, approvers,
 * inter-organ slips, reports, supervision) never leaves this module.
 */
import { asc, eq } from 'drizzle-orm';
import { chinaDate, daysBetween } from '../domain/calendar/dates.js';
import type { DeadlineRule } from '../domain/calendar/deadlines.js';
import { DomainError } from '../domain/errors.js';
import { isValidIdNumber, isValidPhone } from '../domain/identity/id-number.js';
import { openClock } from '../domain/lifecycle/clocks.js';
import { evaluationWindow } from '../domain/lifecycle/opinions.js';
import { dueText, isProvisionalField, PROVISIONAL_SUFFIX } from '../domain/calendar/provisional-note.js';
import { reviewOrganIdOf, rereviewOrganIdOf } from '../domain/lifecycle/relations.js';
import { DECISION_LABELS, DIVERSION_LABELS, EVALUATION_LABELS, labelOf, OPINION_STAGE_LABELS, OUTCOME_LABELS, SERVICE_METHOD_LABELS } from '../domain/labels.js';
import type { CaseRecord, EvaluationResult, OpinionStage } from '../domain/model/case.js';
import { STATE_LABELS } from '../domain/model/case-states.js';
import { DOCUMENT_LABELS, OPINION_DOCUMENTS, publicFieldsOf } from '../domain/model/documents.js';
import { composeDocument } from '../domain/documents/document-content.js';
import type { RulesProfile } from '../domain/rules/profiles.js';
import { TERRITORIAL_LEVELS, type Organ } from '../domain/model/organ.js';
import { CHANNEL_LABELS, type Attachment, type PetitionContent } from '../domain/model/petition.js';
import { NATIONAL_PROFILE } from '../domain/rules/profiles.js';
import type { FieldCrypto } from '../security/field-crypto.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import { checkUploads, linkUploads, MAX_ATTACHMENTS_PER_PETITION, type AttachmentService } from './attachments.js';
import type { CaseService } from './case-service.js';
import type { Clock } from './clock.js';
import type { PortalSessions, PortalSessionOptions } from './portal-session.js';
import type { ReferenceData, ReferenceSnapshot } from './reference-data.js';
import { findRegion, normaliseRegionCode, regionChildren, regionWithin } from './regions.js';
import { rotaEntries } from './reception-rota.js';
import type { Guide, PublicCase, PublicDocument, PublicStep, PublicSubmission, Rating, Receipt } from './contracts/portal.js';
import type { Region } from './contracts/admin.js';
import type { SharedRateLimits } from './rate-limits.js';

const RATING_TO_RESULT: Record<Rating, EvaluationResult> = { satisfied: 'satisfied', basically_satisfied: 'basically_satisfied', dissatisfied: 'unsatisfied' };
const RESULT_TO_RATING: Record<EvaluationResult, Rating> = { satisfied: 'satisfied', basically_satisfied: 'basically_satisfied', unsatisfied: 'dissatisfied' };

/** Shown once the re-review opinion was served: it is final (Art 36 ¶3). */
export const FINALITY_NOTE = '本信访事项已经复核，复核意见为最终意见。对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级机关不再受理（《信访工作条例》第三十六条第三款）。如有新的事实或理由，可以重新提出。';
/** Periods the petitioner sees in the steps when their date is recomputed. */
const PUBLIC_CLOCK_LABELS: Record<string, string> = {
  acceptance: '受理期限', handling: '办理期限', review_request: '申请复查期限', review_decision: '复查期限', rereview_request: '申请复核期限', rereview_decision: '复核期限',
};

const LEVEL_LABELS: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇级', village: '村（社区）' };

/** Plain-language remit of an organ, for the guide: by kind, then by the words in its name. */
function dutiesOf(o: Organ): string {
  if (o.kind === 'petition_office') return '受理本行政区域内的来信、来访和网上信访，登记后转送、交办有权处理的机关，并督促检查办理（第22条）。';
  if (o.kind === 'discipline_inspection') return '受理对党组织、党员和监察对象违纪违法行为的检举控告（检举控告人信息依法保密，第30条）。';
  if (o.kind === 'political_legal') return '协调处理涉法涉诉信访事项，引导通过诉讼、仲裁等法定途径解决。';
  if (o.level !== 'department') return '处理涉及本级人民政府职责的信访事项；对下一级机关的处理意见不服的，受理复查、复核。';
  const byName: [RegExp, string][] = [
    [/人力资源|人社/, '劳动报酬（欠薪）、社会保险、劳动合同、就业与人事争议。'],
    [/住房|城乡建设/, '房屋质量、物业管理、房地产开发、建筑工程与燃气等城建事项。'],
    [/自然资源/, '土地使用与征收、不动产登记、矿产资源与规划。'],
    [/教育/, '学校管理、招生入学、教师待遇与体育事项。'],
    [/卫生健康/, '医疗服务、医患纠纷、公共卫生与计划生育事项。'],
    [/生态环境/, '环境污染（大气、水、噪声、固废）与生态保护。'],
    [/交通/, '道路、公路与运输管理事项。'],
    [/市场监督/, '食品药品安全、消费者权益、市场经营与价格事项。'],
  ];
  return byName.find(([re]) => re.test(o.name))?.[1] ?? '处理本部门职责范围内的信访事项。';
}

const ruleText = (r: DeadlineRule) => (r.unit === 'working' ? `${r.days}个工作日` : `${r.days}日`);

/** An event's instant as ISO 8601 (the store answers PostgreSQL text: '2025-09-20 02:00:00+00'). */
function isoInstant(at: string): string {
  const d = new Date(at.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return Number.isNaN(d.getTime()) ? at : d.toISOString();
}

const maskName = (n: string): string => (n.length <= 1 ? '*' : n.charAt(0) + '*'.repeat(Math.min(n.length - 1, 3)));
const clean = (v: string | undefined) => (v ?? '').trim();

// A declaration, not an arrow: the compiler then knows that code after a `fail(…)` is unreachable.
function fail(code: string, message: string, field?: string): never {
  throw new DomainError(code, message, field ? { field } : undefined);
}

export class PortalService {
  constructor(
    private readonly db: Db,
    private readonly ref: ReferenceData,
    private readonly crypto: FieldCrypto,
    private readonly cases: CaseService,
    private readonly files: AttachmentService,
    private readonly clock: Clock,
  ) {}

  private today(): string {
    return chinaDate(this.clock.now());
  }

  // ——— guidance and reference data ———

  async guide(): Promise<Guide> {
    const snap = await this.ref.get();
    const organs = snap.organs.all().filter((o) => o.level !== 'village' && !o.successorId);
    const levelOf = (o: Organ) => (o.level === 'department' ? snap.organs.territoryOf(o.id)?.level ?? 'county' : o.level);
    const order = ['province', 'city', 'county', 'township'];
    const offices = organs
      .map((o) => ({ id: o.id, name: o.name, level: LEVEL_LABELS[levelOf(o)] ?? '', duties: dutiesOf(o), sort: order.indexOf(levelOf(o)), office: o.kind === 'petition_office' ? 0 : 1 }))
      .sort((a, b) => b.sort - a.sort || a.office - b.office || a.name.localeCompare(b.name, 'zh'))
      .map(({ sort: _s, office: _o, ...rest }) => rest);
    const p = snap.profiles.get('national') ?? NATIONAL_PROFILE;
    const l = p.limits;
    const timeLimits = [
      { title: '登记转送', text: `信访部门收到您的信访事项后，应当在${ruleText(l.routing)}内登记，并转送或交办有权处理的机关（第22条）。` },
      { title: '是否受理', text: `有权处理的机关应当自收到之日起${ruleText(l.acceptance)}内决定是否受理，并书面告知您（第23条）。` },
      { title: '办理期限', text: `受理后应当在${ruleText(l.handling)}内办结，并出具书面处理意见；情况复杂的，在期限届满前经本机关负责人批准可以延长不超过${p.maxExtensionDays}日，并告知您延期理由（第34条）。` },
      { title: '申请复查', text: `对处理意见不服的，可以自收到处理意见之日起${ruleText(l.review_request)}内，请求原办理机关的上一级机关复查；复查机关应当自收到复查请求之日起${ruleText(l.review_decision)}内提出复查意见（第35条）。` },
      { title: '申请复核', text: `对复查意见不服的，可以自收到复查意见之日起${ruleText(l.rereview_request)}内，向复查机关的上一级机关请求复核；复核机关应当自收到复核请求之日起${ruleText(l.rereview_decision)}内提出复核意见，听证时间不计入（第36条）。` },
      { title: '复核意见为最终意见', text: '对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级机关不再受理；有新的事实或理由的，可以重新提出（第36条第3款）。' },
      { title: '依法定程序处理的事项', text: '涉及诉讼权利救济的事项由政法部门依法处理，检举控告事项由纪检监察机关依规依纪依法处理，不适用信访复查、复核程序（第22条第2款、第28条第2款）。' },
      { title: '评价', text: `收到处理意见后，您可以在${p.evaluationDays}日内对办理情况作出满意、基本满意或不满意的评价（第21条第2款）。` },
      { title: '期限计算', text: '期限以日计算的，从次日起算；期限届满日为法定节假日的，顺延至节假日后的第一个工作日。' },
    ];
    // As the administrator keeps it (an empty list when none is published, never an invented one).
    const rota = (await rotaEntries(this.db, this.ref)).map((r) => ({
      organ: r.organ, weekday: r.weekdayLabel, time: r.time, ...(r.leader ? { leader: r.leader } : {}), ...(r.place ? { place: r.place } : {}),
    }));
    return { offices, rota, timeLimits };
  }

  /** The provinces that have organs in the system (the demo: 江西省). */
  private async provinces(snap?: ReferenceSnapshot): Promise<string[]> {
    const sn = snap ?? await this.ref.get();
    return sn.organs.all().flatMap((o) => (o.level === 'province' && o.regionCode ? [o.regionCode] : []));
  }

  /** Like /api/regions (children of `parent`, flat), limited to the provinces the system serves. */
  async regions(parent?: string): Promise<Region[]> {
    const provinces = await this.provinces();
    if (!parent) return regionChildren(null).filter((r) => provinces.some((p) => regionWithin(p, r.code)));
    if (!provinces.some((p) => regionWithin(parent, p))) return [];
    return regionChildren(parent);
  }

  async categories() {
    return this.db.select({ code: s.categories.code, name: s.categories.name, parentCode: s.categories.parentCode, level: s.categories.level })
      .from(s.categories).orderBy(asc(s.categories.code));
  }

  /**
   * The territorial organs whose area contains the region, nearest first — by the organ tree's
   * level (village, township, county, city, province), never by the length of the region code:
   * province, city and county codes are all 6 digits (360000, 360700, 360731).
   */
  private territories(snap: ReferenceSnapshot, regionCode: string): Organ[] {
    const depth = (o: Organ) => TERRITORIAL_LEVELS.indexOf(o.level);
    return snap.organs.all()
      .filter((o): o is Organ & { regionCode: string } =>
        o.level !== 'department' && !o.successorId && o.regionCode !== null && o.regionCode !== '' && regionWithin(regionCode, o.regionCode))
      .sort((a, b) => depth(b) - depth(a) || normaliseRegionCode(b.regionCode).length - normaliseRegionCode(a.regionCode).length);
  }

  /** Organs a petitioner may name as concerned for a region: the governments over it and their departments. */
  async organs(regionCode: string): Promise<{ id: string; name: string }[]> {
    const snap = await this.ref.get();
    const out: { id: string; name: string }[] = [];
    for (const t of this.territories(snap, regionCode)) {
      out.push({ id: t.id, name: t.name });
      for (const d of snap.organs.children(t.id)) if (d.level === 'department' && !d.successorId) out.push({ id: d.id, name: d.name });
    }
    return out;
  }

  /**
   * The petition office that registers an online petition: the one of the nearest government over
   * the region — or over the organ concerned, when that is higher — never one inside an organ the
   * petition accuses (Art 30).
   */
  private officeFor(snap: ReferenceSnapshot, regionCode: string, organConcernedId: string | undefined, accused: string[]): Organ {
    let territories = this.territories(snap, regionCode);
    const concerned = organConcernedId ? snap.organs.territoryOf(organConcernedId) : undefined;
    if (concerned) {
      const i = territories.findIndex((t) => t.id === concerned.id);
      if (i > 0) territories = territories.slice(i);
    }
    for (const t of territories) {
      const office = snap.organs.children(t.id).find((d) => d.kind === 'petition_office' && !d.successorId);
      if (office && !accused.some((a) => snap.organs.isAncestorOrSelf(a, office.id))) return office;
    }
    if (accused.length) {
      // Every office over the place is inside the accused organ (e.g. the provincial government): Art 30 ¶3 forbids it.
      return fail('ACCUSATION_NO_OFFICE', '被检举控告的机关之上，本平台没有可以登记的信访部门。请向有管理权限的纪检监察机关提出检举控告（如中央纪委国家监委举报网站 12388）', 'organConcernedId');
    }
    return fail('NO_PETITION_OFFICE', '所选地区暂无受理网上信访的信访部门，请选择其他地区或到信访部门走访', 'regionCode');
  }

  // ——— submission ———

  /** Checks in the order of the form; throws the first problem, in Chinese, with the field. */
  private async validate(b: PublicSubmission, snap: ReferenceSnapshot): Promise<void> {
    const p = b.petitioner;
    if (!clean(p.name)) fail('INPUT_REQUIRED', p.kind === 'organisation' ? '请填写单位名称' : '请填写姓名', 'petitioner.name');
    if (p.kind === 'person') {
      if (!clean(p.idNumber)) fail('INPUT_REQUIRED', '请填写身份证号码', 'petitioner.idNumber');
      if (!isValidIdNumber(clean(p.idNumber))) fail('ID_NUMBER_INVALID', '身份证号码不正确，请核对（校验位不符或出生日期无效）', 'petitioner.idNumber');
    } else if (clean(p.idNumber) && !isValidIdNumber(clean(p.idNumber))) {
      fail('ID_NUMBER_INVALID', '联系人身份证号码不正确，请核对', 'petitioner.idNumber');
    }
    if (!clean(p.phone)) fail('INPUT_REQUIRED', '请填写联系电话', 'petitioner.phone');
    if (!isValidPhone(clean(p.phone))) fail('PHONE_INVALID', '联系电话格式不正确：请填写11位手机号码，或带区号的固定电话（如0797-6221234）', 'petitioner.phone');
    if (!clean(b.title)) fail('INPUT_REQUIRED', '请填写信访事项标题', 'title');
    if (b.requests.length === 0 || b.requests.every((r) => !clean(r))) fail('INPUT_REQUIRED', '请至少填写一项诉求', 'requests');
    const blank = b.requests.findIndex((r) => !clean(r));
    if (blank >= 0) fail('INPUT_REQUIRED', `第${blank + 1}项诉求未填写内容`, `requests.${blank}`);
    if (!clean(b.facts)) fail('INPUT_REQUIRED', '请填写事实经过', 'facts');
    if (!clean(b.reasons)) fail('INPUT_REQUIRED', '请填写理由', 'reasons');
    const provinces = await this.provinces(snap);
    if (!findRegion(b.regionCode) || !provinces.some((pr) => regionWithin(b.regionCode, pr))) fail('REGION_INVALID', '所选地区不在本平台受理范围内', 'regionCode');
    if (b.organConcernedId && !(await this.organs(b.regionCode)).some((o) => o.id === b.organConcernedId)) {
      fail('ORGAN_NOT_FOUND', '所选涉及机关不在该地区，请重新选择', 'organConcernedId');
    }
    if (b.categoryCode) {
      const c = await this.db.select({ code: s.categories.code }).from(s.categories).where(eq(s.categories.code, b.categoryCode));
      if (c.length === 0) fail('CATEGORY_INVALID', '所选内容分类不存在', 'categoryCode');
    }
    if (b.attachments.length > MAX_ATTACHMENTS_PER_PETITION) fail('TOO_MANY_ATTACHMENTS', `附件最多${MAX_ATTACHMENTS_PER_PETITION}个`, 'attachments');
  }

  /** @param uploader the browser's uploader key (attachments.ts portalUploader): only its own uploads may be attached. */
  async submit(b: PublicSubmission, idempotencyKey: string, uploader: string | null = null): Promise<{ created: boolean; result: Receipt }> {
    const snap = await this.ref.get();
    await this.validate(b, snap);
    // Checked against the uploader and linked to the case in the registration's transaction (CaseService.register).
    const attachments = b.attachments.map((a) => ({ name: a.name, sha256: a.sha256, mimeType: '', size: 0 }));
    const kind = b.kind ?? 'claim';
    const accused = kind === 'accusation' && b.organConcernedId ? [b.organConcernedId] : [];
    const office = this.officeFor(snap, b.regionCode, b.organConcernedId, accused);
    const p = b.petitioner;
    const content: PetitionContent = {
      channel: 'online', kind, title: clean(b.title),
      petitioners: [{
        kind: p.kind, name: clean(p.name), idNumber: clean(p.idNumber) ? clean(p.idNumber).toUpperCase() : null,
        phone: clean(p.phone).replace(/\s/g, ''), address: clean(p.address) || null,
      }],
      headcount: 1, anonymous: false,
      requests: b.requests.map((t, i) => ({ no: i + 1, text: clean(t) })),
      facts: clean(b.facts), reasons: clean(b.reasons),
      categoryCode: b.categoryCode ?? null, regionCode: b.regionCode,
      organsConcerned: b.organConcernedId && accused.length === 0 ? [b.organConcernedId] : [],
      accusedOrganIds: accused, involvedUserIds: [], linkedCaseIds: [], attachments,
      receivedOn: this.today(),
    };
    // The fingerprint is the body as sent: a retry after midnight is still the same submission.
    const r = await this.cases.register({ kind: 'online', officeId: office.id, uploader }, content, { idempotencyKey, fingerprint: JSON.stringify(b) });
    const holder = snap.organs.get(r.case.registrarOrganId);
    return {
      created: r.created,
      result: { caseNumber: r.case.number, queryCode: r.queryCode, receivedOn: r.case.content.receivedOn, office: holder?.name ?? office.name },
    };
  }

  // ——— the petitioner's case ———

  private async load(caseId: string): Promise<CaseRecord> {
    const rows = await this.db.select({ record: s.cases.record }).from(s.cases).where(eq(s.cases.id, caseId));
    const c = rows[0]?.record;
    if (!c) throw new DomainError('CASE_NOT_FOUND', '信访事项不存在');
    return this.cases.openForPetitioner(c);
  }

  private async build(caseId: string) {
    const snap = await this.ref.get();
    const c = await this.load(caseId);
    const [events, docs, links] = await Promise.all([
      this.db.select().from(s.caseEvents).where(eq(s.caseEvents.caseId, caseId)).orderBy(asc(s.caseEvents.seq)),
      this.db.select().from(s.documents).where(eq(s.documents.caseId, caseId)).orderBy(asc(s.documents.eventSeq), asc(s.documents.docNumber)),
      this.db.select().from(s.caseAttachmentLinks).where(eq(s.caseAttachmentLinks.caseId, caseId)).orderBy(asc(s.caseAttachmentLinks.eventSeq)),
    ]);
    const organName = (id: unknown) => (typeof id === 'string' ? snap.organs.get(id)?.name ?? '' : '');
    const today = this.today();

    // Opinion documents in issue order answer c.opinions in order (one document per opinion).
    const opinionDocs = docs.filter((d) => OPINION_DOCUMENTS.has(d.kind));
    const requestText = new Map(c.content.requests.map((r) => [r.no, r.text]));
    const profile = this.profileOf(snap, c);
    const appealDays = (kind: 'review_request' | 'rereview_request') => ruleText(profile.limits[kind]);
    const maskedPetitioners = c.content.anonymous || c.content.petitioners.length === 0 ? '信访人' : c.content.petitioners.map((p) => maskName(p.name)).slice(0, 3).join('、');
    const documents: PublicDocument[] = docs.flatMap((d) => {
      const fields = publicFieldsOf(d.kind);
      if (!fields) return [];
      const data: Record<string, unknown> = {};
      for (const f of fields) if (d.data[f] !== undefined) data[f] = d.data[f];
      // Which of those dates were provisional (预计) when the document was issued.
      const provisional = fields.filter((f) => isProvisionalField(d.data, f));
      if (provisional.length) data.provisionalDates = provisional;
      if (Array.isArray(data.outcomes)) {
        data.outcomes = (data.outcomes as { requestNo: number; outcome: string; reasoning: string }[]).map((o) => ({
          requestNo: o.requestNo, request: requestText.get(o.requestNo) ?? '', outcome: o.outcome, outcomeLabel: labelOf(OUTCOME_LABELS, o.outcome) ?? '', reasoning: o.reasoning,
        }));
      }
      if (typeof data.decision === 'string') data.decisionLabel = labelOf(DECISION_LABELS, data.decision) ?? '';
      if (d.kind === 'diversion_guidance' && typeof data.route === 'string' && !data.routeLabel) data.routeLabel = DIVERSION_LABELS[data.route as keyof typeof DIVERSION_LABELS];
      if ((d.kind === 'opinion' || d.kind === 'mediation_agreement' || d.kind === 'settlement_agreement') && typeof d.data.reviewOrganId === 'string') {
        data.nextStep = `如对本意见不服，可以自收到之日起${appealDays('review_request')}内向${organName(d.data.reviewOrganId)}请求复查。`;
      }
      if (d.kind === 'review_opinion' && typeof d.data.rereviewOrganId === 'string') {
        data.nextStep = `如对本复查意见不服，可以自收到之日起${appealDays('rereview_request')}内向${organName(d.data.rereviewOrganId)}请求复核。`;
      }
      if (d.kind === 'rereview_opinion') data.nextStep = FINALITY_NOTE;
      const title = typeof d.data.title === 'string' ? d.data.title : DOCUMENT_LABELS[d.kind];
      // The wording the workbench prints, with no staff named and the petitioner's name masked.
      const content = composeDocument(d, c, { organ: organName, user: () => '', petitioner: maskedPetitioners });
      return [{ id: d.id, kind: d.kind, title, docNumber: d.docNumber, organ: organName(d.organId), issuedOn: d.issuedOn, data, content }];
    });
    const docOfEvent = (seq: number) => documents.find((d) => docs.find((x) => x.id === d.id)?.eventSeq === seq);

    const steps: PublicStep[] = [];
    for (const e of events) {
      const data = e.data;
      const by = organName(e.actorOrganId);
      const doc = docOfEvent(e.seq);
      const step = (label: string, organ: string, text?: string) =>
        steps.push({ on: e.on, at: isoInstant(e.at), label, organ, ...(text ? { text } : {}), ...(doc ? { documentId: doc.id } : {}) });
      switch (e.action) {
        case 'register': step('登记', organName(c.registrarOrganId), `${CHANNEL_LABELS[c.content.channel]}已登记`); break;
        case 'forward': case 'forward_to_subordinate': step('转送', by, `转送${organName(data.to)}办理`); break;
        case 'forward_political_legal': case 'forward_discipline': step('转送依法定程序处理', by, `转送${organName(data.to)}依法处理`); break;
        case 'refer_to_procedure': step('依照法定程序处理', by, typeof data.procedure === 'string' ? data.procedure : undefined); break;
        case 'designate_lead_organ': step('确定主办机关', by, `由${organName(data.lead)}主办`); break;
        case 'assign': step('交办', by, `交由${organName(data.to)}办理`); break;
        case 'take_own_remit': step('本机关办理', by); break;
        case 'transfer_to_successor': step('移交承继机关', organName(c.holderOrganId)); break;
        case 'merge_as_repeat': step('并入原信访事项办理', by, '与此前提出的同一事项合并办理'); break;
        case 'redirect_outside': step('告知向有权机关提出', by); break;
        case 'confirm_new_matter': step('认定有新的事实或理由', by, '作为新的信访事项办理'); break;
        case 'accept': step('受理', by); break;
        case 'decline': step('不予受理', by); break;
        case 'decline_final_matter': case 'decline_terminated': step('不再受理', by); break;
        case 'order_correction': case 'reopen': step('重新受理审查', organName(c.holderOrganId)); break;
        case 'divert': step('导入法定途径', by, typeof data.routeLabel === 'string' ? `请通过${data.routeLabel}途径解决` : undefined); break;
        case 'apply_simplified': step('适用简易办理', by); break;
        case 'convert_to_normal': step('转为普通程序办理', by); break;
        case 'record_hearing': step('举行听证', by); break;
        case 'approve_extension': case 'extend': {
          const due = dueText(data.newDue, isProvisionalField(data, 'newDue'), { none: '' });
          step('延期办理', by, `延期${String(data.days)}日，理由：${String(data.reason)}；${due ? `办理期限延至${due}` : '办理期限相应延长'}`);
          break;
        }
        case 'deadline_recomputed': {
          // Only the periods the petitioner waits on or holds; internal ones (routing, objection) stay out.
          const moves = (Array.isArray(data.clocks) ? data.clocks : []) as { kind?: string; to?: string | null; toProvisional?: boolean }[];
          const shown = moves.flatMap((m) => {
            const label = labelOf(PUBLIC_CLOCK_LABELS, m.kind);
            return label && typeof m.to === 'string' ? [`${label}经核定为${dueText(m.to, m.toProvisional === true, { none: '' })}`] : [];
          });
          if (shown.length) {
            const text = shown.join('；');
            const year = typeof data.year === 'number' ? data.year : ''; // recorded with a calendar notice
            steps.push({ on: e.on, at: isoInstant(e.at), label: '期限核定', organ: '', text: data.reason === 'calendar_notice' ? `${text}（按国务院公布的${year}年节假日安排）` : text });
          }
          break;
        }
        case 'sign_opinion': case 'issue_opinion': step('出具处理意见', by); break;
        case 'serve': {
          const stage = data.stage as OpinionStage;
          const op = [...c.opinions].reverse().find((o) => o.stage === stage);
          const served = opinionDocs.filter((d) => c.opinions[opinionDocs.indexOf(d)]?.stage === stage).pop();
          steps.push({ on: e.on, at: isoInstant(e.at), label: `${labelOf(OPINION_STAGE_LABELS, stage) ?? '意见'}送达`, organ: organName(op?.organId) || by,
            text: `${labelOf(SERVICE_METHOD_LABELS, data.method) ?? '送达'}，送达日期${String(data.servedOn)}`, ...(served ? { documentId: served.id } : {}) });
          break;
        }
        case 'evaluate': step('评价', '信访人', `评价：${labelOf(EVALUATION_LABELS, data.result) ?? ''}`); break;
        case 'request_review': step('请求复查', organName(data.reviewOrganId), `向${organName(data.reviewOrganId)}请求复查`); break;
        case 'accept_review': step('受理复查', by); break;
        case 'sign_review_opinion': case 'decide_review': step('作出复查意见', by, `复查决定：${labelOf(DECISION_LABELS, data.decision) ?? ''}`); break;
        case 'request_rereview': step('请求复核', organName(data.rereviewOrganId), `向${organName(data.rereviewOrganId)}请求复核`); break;
        case 'accept_rereview': step('受理复核', by); break;
        case 'start_hearing': step('复核听证（期限中止）', by); break;
        case 'end_hearing': step('复核听证结束', by); break;
        case 'sign_rereview_opinion': case 'decide_rereview': step('作出复核意见', by, `复核决定：${labelOf(DECISION_LABELS, data.decision) ?? ''}`); break;
        case 'terminate': step('终结', by, '本事项已终结'); break; // events recorded before the 2022 wording was followed
        case 'close': step('办结', by); break;
        default: break; // internal: objections, drafts and approvals, reports, supervision, recusal, assignment to a handler
      }
    }

    // ——— evaluation (the domain's window: the profile's days after service) ———
    const w = evaluationWindow(c, profile.evaluationDays);
    const currentDoc = w ? opinionDocs[w.opinionIndex] : undefined;
    const evalOpen = Boolean(w && currentDoc && !w.evaluated && today <= w.last);
    const evaluation = {
      open: evalOpen,
      ...(evalOpen && w ? { due: w.last, daysLeft: daysBetween(today, w.last) } : {}),
      pending: evalOpen && currentDoc ? [{ documentId: currentDoc.id, title: DOCUMENT_LABELS[currentDoc.kind] }] : [],
      done: c.evaluations.flatMap((e) => {
        const doc = opinionDocs[e.opinionIndex];
        return doc ? [{ documentId: doc.id, rating: RESULT_TO_RATING[e.result] }] : [];
      }),
    };

    // ——— appeal (复查 / 复核) ———
    const appeal = this.appealView(c, snap, today);

    const attachments: Attachment[] = [...c.content.attachments];
    for (const l of links) {
      if (attachments.some((a) => a.sha256 === l.sha256)) continue;
      const meta = await this.db.select({ mimeType: s.attachments.mimeType, size: s.attachments.size }).from(s.attachments)
        .where(eq(s.attachments.sha256, l.sha256));
      if (meta[0]) attachments.push({ name: l.name, sha256: l.sha256, ...meta[0] });
    }

    return {
      c, snap, currentDoc, evaluationOpen: evalOpen,
      view: {
        number: c.number, title: c.content.title, channel: CHANNEL_LABELS[c.content.channel], receivedOn: c.content.receivedOn,
        state: c.state, stateLabel: STATE_LABELS[c.state],
        final: c.state === 'rereview_served', ...(c.state === 'rereview_served' ? { finalityNote: FINALITY_NOTE } : {}),
        steps, documents, evaluation, appeal, attachments,
      },
    };
  }

  private profileOf(snap: ReferenceSnapshot, c: CaseRecord): RulesProfile {
    return snap.profiles.get(c.profileId) ?? NATIONAL_PROFILE;
  }

  private appealView(c: CaseRecord, snap: ReferenceSnapshot, today: string): { kind: 'review' | 'rereview' | null; open: boolean; due?: string; provisional?: boolean; daysLeft?: number; reason?: string } {
    const window = (kind: 'review' | 'rereview') => {
      const clock = openClock(c, kind === 'review' ? 'review_request' : 'rereview_request');
      const organ = kind === 'review' ? reviewOrganIdOf(c, snap.organs) : rereviewOrganIdOf(c, snap.organs);
      const label = kind === 'review' ? '复查' : '复核';
      if (!organ || !clock) return { kind, open: false, reason: `本事项没有可以受理${label}的上一级机关` };
      // Paused or not computed: the window is not open on any date we could name.
      if (!clock.due) return { kind, open: false, reason: `申请${label}的期限暂无法确定，请联系信访部门` };
      const provisional = clock.provisional === true;
      if (today > clock.due) return { kind, open: false, due: clock.due, provisional, daysLeft: daysBetween(today, clock.due), reason: `申请${label}的期限已于${clock.due}${provisional ? PROVISIONAL_SUFFIX : ''}届满` };
      return { kind, open: true, due: clock.due, provisional, daysLeft: daysBetween(today, clock.due), reason: `可向${snap.organs.get(organ)?.name ?? ''}申请${label}${provisional ? `（期限至${clock.due}${PROVISIONAL_SUFFIX}）` : ''}` };
    };
    switch (c.state) {
      case 'served': return window('review');
      case 'review_served': return window('rereview');
      case 'review_requested': case 'under_review': case 'review_opinion_issued':
        return { kind: 'review', open: false, reason: '复查申请已提出，正在办理' };
      case 'rereview_requested': case 'under_rereview': case 'rereview_opinion_issued':
        return { kind: 'rereview', open: false, reason: '复核申请已提出，正在办理' };
      case 'rereview_served': return { kind: null, open: false, reason: FINALITY_NOTE };
      case 'referred': return { kind: null, open: false, reason: '本事项依照政法部门或纪检监察机关的法定程序处理，不适用信访复查、复核程序' };
      default: return { kind: null, open: false, reason: c.opinions.length ? '当前阶段不能请求复查或复核' : `收到书面处理意见后，可以在${ruleText(this.profileOf(snap, c).limits.review_request)}内请求复查` };
    }
  }

  async publicCase(caseId: string): Promise<PublicCase> {
    return (await this.build(caseId)).view;
  }

  async evaluate(caseId: string, documentId: string, rating: Rating, comment?: string) {
    const b = await this.build(caseId);
    if (b.view.evaluation.done.some((d) => d.documentId === documentId)) throw new DomainError('ALREADY_EVALUATED', '您已对该意见作过评价，每份意见只能评价一次');
    if (b.currentDoc?.id !== documentId) throw new DomainError('EVALUATION_NOT_OPEN', '该文书不是可以评价的处理意见，或尚未送达');
    // The engine judges the window and the one-evaluation rule (the `evaluate` action), as for staff.
    await this.cases.act({ kind: 'petitioner', caseId }, caseId, 'evaluate', { result: RATING_TO_RESULT[rating], ...(clean(comment) ? { comment: clean(comment) } : {}) }, b.c.version);
    return this.publicCase(caseId);
  }

  /** @param uploader the browser's uploader key: the appeal may attach its own uploads, or files already on this case. */
  async appeal(caseId: string, kind: 'review' | 'rereview', reasons: string, attachments: { name: string; sha256: string }[] = [], uploader: string | null = null) {
    const c = await this.load(caseId);
    const need = kind === 'review' ? 'served' : 'review_served';
    if (c.state !== need) {
      throw new DomainError('STATE_NOT_ALLOWED', kind === 'review' ? '只有在处理意见送达后，才能申请复查' : '只有在复查意见送达后，才能申请复核');
    }
    if (!clean(reasons)) fail('INPUT_REQUIRED', kind === 'review' ? '请填写复查请求及理由' : '请填写复核请求及理由', 'reasons');
    if (attachments.length > MAX_ATTACHMENTS_PER_PETITION) fail('TOO_MANY_ATTACHMENTS', `附件最多${MAX_ATTACHMENTS_PER_PETITION}个`, 'attachments');
    const action = kind === 'review' ? 'request_review' : 'request_rereview';
    await this.cases.act({ kind: 'petitioner', caseId }, caseId, action, { reasons: clean(reasons) }, c.version, {
      inTransaction: async (tx, applied) => {
        if (attachments.length === 0) return;
        const { attachments: files, uploadIds } = await checkUploads(tx, attachments, uploader, caseId);
        await linkUploads(tx, uploadIds, caseId);
        const links = files.map((f) => ({ caseId, sha256: f.sha256, name: f.name, purpose: action, eventSeq: applied.case.version }));
        await tx.insert(s.caseAttachmentLinks).values(links).onConflictDoNothing();
      },
    });
    return this.publicCase(caseId);
  }

  async rightsCard(caseId: string) {
    const b = await this.build(caseId);
    const name = b.c.content.petitioners[0]?.name ?? '';
    return {
      number: b.view.number, title: b.view.title, petitionerName: maskName(name), receivedOn: b.view.receivedOn,
      stateLabel: b.view.stateLabel, steps: b.view.steps, office: b.snap.organs.get(b.c.registrarOrganId)?.name ?? '',
      queryHint: '凭查询码和登记时填写的手机号码，可在本平台“查询办理进展”中查看每一步的办理情况和文书。请妥善保管查询码，不要告诉他人。',
    };
  }

  /** One of the petitioner's own attachments (listed on the case), or 404. */
  async attachment(caseId: string, sha256: string) {
    const b = await this.build(caseId);
    const a = b.view.attachments.find((x) => x.sha256 === sha256.toLowerCase());
    const file = a ? await this.files.get(a.sha256) : null;
    if (!a || !file) throw new DomainError('NOT_FOUND', '附件不存在');
    return { name: a.name, ...file };
  }
}

export interface PublicRateLimits {
  /** Per client IP and time window: guide, reference data, the case view. */
  reads: number;
  /** Submissions and uploads together. */
  writes: number;
  /** Follow challenge and verify together. */
  follow: number;
  timeWindowMs: number;
}
export const DEFAULT_PUBLIC_RATE_LIMITS: PublicRateLimits = { reads: 60, writes: 10, follow: 5, timeWindowMs: 60_000 };

/** MINSHENG_RATE_LIMIT_READS / _WRITES / _FOLLOW: per-minute limits (e.g. raised for browser tests). */
export function rateLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<PublicRateLimits> {
  const out: Partial<PublicRateLimits> = {};
  for (const [k, v] of [['reads', env.MINSHENG_RATE_LIMIT_READS], ['writes', env.MINSHENG_RATE_LIMIT_WRITES], ['follow', env.MINSHENG_RATE_LIMIT_FOLLOW]] as const) {
    const n = Number(v);
    if (v && Number.isInteger(n) && n > 0) out[k] = n;
  }
  return out;
}

export interface PortalOptions extends PortalSessionOptions {
  /**
   * The clock of challenge and session expiry, when it is not compose()'s session clock: real time
   * by default, like staff sessions — the business clock (dates of the case) may be a test's fake
   * one that jumps months.
   */
  sessionClock?: Clock;
  maxAttachmentBytes?: number;
  rateLimits?: Partial<PublicRateLimits>;
}

export interface PortalServices {
  service: PortalService;
  sessions: PortalSessions;
  attachments: AttachmentService;
  rateLimits: PublicRateLimits;
  /** The counters behind the rate limits, in the database: one budget for every server process. */
  rateLimitCounters: SharedRateLimits;
}

/** The public routes' rate limits: defaults, then the environment, then the options (tests). */
export function publicRateLimits(opts: PortalOptions = {}): PublicRateLimits {
  return { ...DEFAULT_PUBLIC_RATE_LIMITS, ...opts.rateLimits };
}
