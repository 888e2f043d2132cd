/** The one role check of the application layer: a user holding none of the roles is refused FORBIDDEN (403). */
import { DomainError } from '../domain/errors.js';
import { ROLE_LABELS, type Role, type StaffUser } from '../domain/model/user.js';

export function requireRole(user: StaffUser, role: Role | readonly Role[], message?: string): void {
  const roles: readonly Role[] = typeof role === 'string' ? [role] : role;
  if (!roles.some((r) => user.roles.includes(r))) throw new DomainError('FORBIDDEN', message ?? `需要${roles.map((r) => ROLE_LABELS[r]).join('或')}权限`);
}
