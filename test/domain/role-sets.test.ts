/** 三员分立 as a pure rule (src/domain/model/user.ts): which role sets one account may hold. */
import { describe, expect, it } from 'vitest';
import { roleSetViolation, type Role } from '../../src/domain/model/user.js';

// Hand-written from GB/T 22239-2019 8.1.4.2 c / 8.1.4.7 and issue 10 finding 5.
const ALLOWED: Role[][] = [
  [], ['system_admin'], ['security_admin'], ['audit_admin'],
  ['handler'], ['leader', 'petition_officer'], ['handler', 'discipline_officer'], ['viewer', 'discipline_officer'],
];
const REFUSED: [Role[], string][] = [
  [['audit_admin', 'discipline_officer'], '安全审计员账户不得兼任业务角色（三员分立）'],
  [['system_admin', 'handler'], '系统管理员账户不得兼任业务角色（三员分立）'],
  [['leader', 'security_admin'], '安全管理员账户不得兼任业务角色（三员分立）'],
  [['system_admin', 'audit_admin'], '系统管理员、安全管理员、安全审计员不得由同一账户兼任（三员分立）'],
  [['security_admin', 'audit_admin', 'viewer'], '系统管理员、安全管理员、安全审计员不得由同一账户兼任（三员分立）'],
];

describe('roleSetViolation', () => {
  it.each(ALLOWED)('allows %j', (...roles) => {
    expect(roleSetViolation(roles)).toBeNull();
  });
  it.each(REFUSED)('refuses %j', (roles, message) => {
    expect(roleSetViolation(roles)).toEqual({ code: 'SEPARATION_OF_DUTIES', message });
  });
});
