import { isIsoDate } from '../calendar/dates.js';
import { DomainError } from '../errors.js';
import { isValidIdNumber, isValidPhone } from '../identity/id-number.js';
import type { CaseRecord } from '../model/case.js';
import { CHANNEL_LABELS, MAX_REPRESENTATIVES, PETITION_KIND_LABELS, type PetitionContent } from '../model/petition.js';
import { REGISTRAR_ROLES } from '../model/user.js';
import { makeClock } from './clocks.js';
import type { DomainContext } from './context.js';
import type { Applied } from './engine.js';

const fail = (code: string, message: string, details?: Record<string, unknown>): never => {
  throw new DomainError(code, message, details);
};

/** Checks a petition as registered (Arts 17–20). Throws the first problem found, in Chinese. */
export function validatePetition(p: PetitionContent, ctx: DomainContext): void {
  if (!(p.channel in CHANNEL_LABELS)) fail('INPUT_INVALID', '信访形式不正确', { field: 'channel' });
  if (!(p.kind in PETITION_KIND_LABELS)) fail('INPUT_INVALID', '信访事项类别不正确', { field: 'kind' });
  if (!p.title.trim()) fail('INPUT_REQUIRED', '请填写信访事项标题', { field: 'title' });
  if (!isIsoDate(p.receivedOn)) fail('INPUT_INVALID', '收到日期不是有效日期', { field: 'receivedOn' });
  if (p.receivedOn > ctx.today) fail('DATE_IN_FUTURE', '收到日期不能晚于今天', { field: 'receivedOn' });
  if (p.requests.length === 0 || p.requests.some((r) => !r.text.trim())) fail('INPUT_REQUIRED', '请至少填写一项信访诉求', { field: 'requests' });
  const nos = p.requests.map((r) => r.no);
  if (new Set(nos).size !== nos.length) fail('INPUT_INVALID', '诉求编号重复', { field: 'requests' });
  if (!p.facts.trim()) fail('INPUT_REQUIRED', '请填写事实', { field: 'facts' });
  if (!p.anonymous && p.petitioners.length === 0) fail('INPUT_REQUIRED', '请填写信访人（匿名信访除外）', { field: 'petitioners' });
  p.petitioners.forEach((x, i) => {
    if (!x.name.trim()) fail('INPUT_REQUIRED', `第${i + 1}位信访人姓名未填写`, { field: `petitioners.${i}.name` });
    if (x.idNumber && !isValidIdNumber(x.idNumber)) fail('ID_NUMBER_INVALID', `第${i + 1}位信访人的身份证号码校验不通过`, { field: `petitioners.${i}.idNumber` });
    if (x.phone && !isValidPhone(x.phone)) fail('PHONE_INVALID', `第${i + 1}位信访人的联系电话格式不正确`, { field: `petitioners.${i}.phone` });
  });
  if (!Number.isInteger(p.headcount) || p.headcount < 1) fail('INPUT_INVALID', '人数应为正整数', { field: 'headcount' });
  const reps = p.petitioners.filter((x) => x.representative).length;
  if (reps > MAX_REPRESENTATIVES) fail('TOO_MANY_REPRESENTATIVES', `多人采用走访形式的，推选代表不得超过${MAX_REPRESENTATIVES}人（第20条）`, { representatives: reps });
  // Art 20: 多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不超过5人.
  if (p.channel === 'visit' && p.headcount > 1 && reps === 0) {
    fail('REPRESENTATIVES_REQUIRED', `${p.headcount}人走访，须推选不超过${MAX_REPRESENTATIVES}名代表（第20条）`, { headcount: p.headcount });
  }
  for (const id of [...p.organsConcerned, ...p.accusedOrganIds]) if (!ctx.organs.get(id)) fail('ORGAN_NOT_FOUND', '涉及的机关不存在', { organId: id });
  if (p.kind !== 'accusation' && p.accusedOrganIds.length > 0) fail('INPUT_INVALID', '只有检举控告类事项可以填写被检举控告机关', { field: 'accusedOrganIds' });
  const linked = new Set(ctx.linkedCases.map((l) => l.id));
  for (const id of p.linkedCaseIds) if (!linked.has(id)) fail('LINKED_CASE_NOT_FOUND', '关联的原信访事项不存在', { caseId: id });
}

/**
 * 登记: creates the case at the actor's organ. A petition office must route within 15 days (Art 22);
 * another organ receiving directly must tell the petitioner within 15 days how it will be handled (Art 23).
 */
export function registerPetition(content: PetitionContent, ids: { id: string; number: string }, ctx: DomainContext,
  options: { simplified?: boolean; onlineOfficeId?: string } = {}): Applied {
  const user = ctx.actor.kind === 'staff' ? ctx.actor.user : null;
  let organId: string | undefined;
  if (user) {
    if (!REGISTRAR_ROLES.some((r) => user.roles.includes(r))) throw new DomainError('ROLE_NOT_ALLOWED', '只有登记员、信访工作人员、承办人或负责人可以登记');
    organId = user.organId;
  } else {
    // 网上信访: the petitioner submits themself; the case lands at the petition office (信访部门)
    // responsible for the region, which routes it like any other petition (Art 22).
    if (content.channel !== 'online' || !options.onlineOfficeId) throw new DomainError('ROLE_NOT_ALLOWED', '信访人请通过网上信访提交');
    if (options.simplified) throw new DomainError('ROLE_NOT_ALLOWED', '信访人不能决定简易办理');
    organId = options.onlineOfficeId;
    if (ctx.organs.get(organId)?.kind !== 'petition_office') throw new DomainError('ORGAN_NOT_FOUND', '受理网上信访的信访部门不存在');
  }
  validatePetition(content, ctx);
  const organ = ctx.organs.get(organId);
  if (!organ) throw new DomainError('ORGAN_NOT_FOUND', '登记机关不存在');
  const isOffice = organ.kind === 'petition_office';
  const simplified = options.simplified === true;
  if (simplified && (content.linkedCaseIds.length > 0 || content.organsConcerned.length > 1 || content.kind === 'accusation')) {
    throw new DomainError('SIMPLIFIED_EXCLUDED', '非初信初访、涉及多个机关或检举控告类事项不适用简易办理');
  }
  for (const accused of content.accusedOrganIds) {
    if (ctx.organs.isAncestorOrSelf(accused, organ.id)) {
      throw new DomainError('ROUTE_TO_ACCUSED', '被检举控告的机关不得登记办理检举控告本机关的事项，请向纪检监察机关或上级机关反映');
    }
  }
  const clock = makeClock({ kind: isOffice ? 'routing' : 'acceptance', organId: organ.id, start: content.receivedOn, simplified }, ctx.profile, ctx.calendar);
  const c: CaseRecord = {
    id: ids.id,
    number: ids.number,
    profileId: ctx.profile.id,
    state: 'registered',
    content,
    registrarOrganId: organ.id,
    holderOrganId: organ.id,
    senderOrganId: null,
    routing: null,
    assignment: null,
    receivedAtHolderOn: content.receivedOn,
    acceptedOn: null,
    simplified,
    extension: null,
    approvals: [],
    newMatterFindings: [],
    objection: null,
    opinions: [],
    evaluations: [],
    review: null,
    rereview: null,
    supervisions: [],
    recommendations: [],
    assigneeId: null,
    recusedUserIds: [],
    closedOn: null,
    clocks: [clock],
    version: 1,
  };
  return {
    case: c,
    documents: [],
    event: {
      caseId: c.id, action: 'register', at: ctx.now, on: ctx.today, actorId: user?.id ?? null, actorKind: user ? 'staff' : 'petitioner',
      actorOrganId: user ? organ.id : null, fromState: null, toState: 'registered',
      data: { channel: content.channel, kind: content.kind, simplified, receivedOn: content.receivedOn, linkedCaseIds: content.linkedCaseIds },
    },
  };
}
