/** The one role check of the application layer: a user without the role is refused FORBIDDEN (403). */
import { DomainError } from '../domain/errors.js';
import { ROLE_LABELS, type Role, type StaffUser } from '../domain/model/user.js';

export function requireRole(user: StaffUser, role: Role): void {
  if (!user.roles.includes(role)) throw new DomainError('FORBIDDEN', `需要${ROLE_LABELS[role]}权限`);
}
