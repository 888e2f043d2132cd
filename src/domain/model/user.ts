/** Staff roles. The finer access model (data scopes, 三员分立) builds on these in the access area. */
export type Role =
  | 'intake_clerk' // 登记员
  | 'petition_officer' // 信访部门工作人员: routes, assigns, supervises
  | 'handler' // 承办人
  | 'leader' // 负责人 / 分管领导: approves extensions, signs opinions
  | 'viewer' // 只读领导
  | 'discipline_officer' // 纪检监察人员: sees accusers' identities in cases their organ handles
  // The three separated administrators of 等保 level 3 (三员分立); no account holds two of them.
  | 'system_admin' // 系统管理员: organs, users, configuration — no case content, no audit trail
  | 'security_admin' // 安全管理员: roles, permissions, keys
  | 'audit_admin'; // 安全审计员: reads and exports the audit trail, changes nothing

export const ROLES: readonly Role[] = ['intake_clerk', 'petition_officer', 'handler', 'leader', 'viewer', 'discipline_officer', 'system_admin', 'security_admin', 'audit_admin'];
export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];
/**
 * 三员分立 (GB/T 22239-2019 8.1.4.2 c, 8.1.4.7): an administrator account holds exactly one of the
 * three administrator roles and no business role — otherwise a security administrator could give
 * the auditor `discipline_officer` and so let the auditor unmask accusers. Pure: the admin service
 * and the workbench's role form ask this same rule. Null when the set is allowed.
 */
export function roleSetViolation(roles: readonly Role[]): { code: 'SEPARATION_OF_DUTIES'; message: string } | null {
  const admin = roles.filter((r) => ADMIN_ROLES.includes(r));
  if (new Set(admin).size > 1) {
    return { code: 'SEPARATION_OF_DUTIES', message: '系统管理员、安全管理员、安全审计员不得由同一账户兼任（三员分立）' };
  }
  const first = admin[0];
  if (first !== undefined && roles.some((r) => !ADMIN_ROLES.includes(r))) {
    return { code: 'SEPARATION_OF_DUTIES', message: `${ROLE_LABELS[first]}账户不得兼任业务角色（三员分立）` };
  }
  return null;
}

/** Whether an account holds one of the three administrator roles. */
export const isAdministrator = (roles: readonly Role[]): boolean => roles.some((r) => ADMIN_ROLES.includes(r));

/** Who must log in with a second factor when the server requires one (production): the three administrators and leaders. */
export const SECOND_FACTOR_ROLES: readonly Role[] = [...ADMIN_ROLES, 'leader'];

/** Who may register a petition (登记). */
export const REGISTRAR_ROLES: readonly Role[] = ['intake_clerk', 'petition_officer', 'handler', 'leader'];
/** Who a leader may assign a case to within the organ (分办). */
export const ASSIGNABLE_ROLES: readonly Role[] = ['handler', 'petition_officer', 'discipline_officer', 'leader'];

export const ROLE_LABELS: Record<Role, string> = {
  intake_clerk: '登记员',
  petition_officer: '信访工作人员',
  handler: '承办人',
  leader: '负责人',
  viewer: '只读领导',
  discipline_officer: '纪检监察人员',
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '安全审计员',
};

export interface StaffUser {
  id: string;
  username: string;
  name: string;
  organId: string;
  roles: Role[];
  /** Which cases the user may see: own organ, own organ and its subordinates, or cases assigned to them. */
  dataScope: DataScope;
  /**
   * Keys (keyed blind indexes, see DomainContext.personKey) of the user's own ID number and their
   * relatives': a case whose petitioner has one of them is one the user must step aside from (Art 28).
   */
  conflictKeys: string[];
}

export type DataScope = 'organ' | 'organ_and_subordinates' | 'assigned';

/** Who acts: a staff member, or the petitioner on their own case (evaluation, review request). */
export type Actor = { kind: 'staff'; user: StaffUser } | { kind: 'petitioner'; caseId: string };
