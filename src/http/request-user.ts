/** The staff member behind a request (set by the session hook in server.ts). */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import type { StaffUser } from '../domain/model/user.js';

declare module 'fastify' {
  interface FastifyRequest { staff: StaffUser | null; sessionToken: string | null }
}

export const SESSION_COOKIE = 'ms_session';

export function staff(req: FastifyRequest): StaffUser {
  if (!req.staff) throw new DomainError('AUTH_REQUIRED', '请先登录');
  return req.staff;
}
