/**
 * Password complexity policy for staff accounts (GB/T 22239-2019 等保 level 3, 8.1.4.1 身份鉴别 a:
 * 口令应具有复杂度要求并定期更换). A password must:
 *  - be at least 10 characters long (and at most 128),
 *  - use at least 3 of the 4 character classes: upper case, lower case, digits, symbols,
 *  - not contain the username (case-insensitive),
 *  - not be one of the commonly used passwords below (case-insensitive).
 */
import { DomainError } from '../domain/errors.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_MIN_CLASSES = 3;

export type PasswordWeakness = 'too_short' | 'too_long' | 'too_few_classes' | 'contains_username' | 'common' | 'same_as_old';

export const PASSWORD_WEAKNESS_MESSAGES: Record<PasswordWeakness, string> = {
  too_short: `密码长度不能少于${PASSWORD_MIN_LENGTH}位`,
  too_long: `密码长度不能超过${PASSWORD_MAX_LENGTH}位`,
  too_few_classes: '密码须至少包含大写字母、小写字母、数字、特殊符号中的三类',
  contains_username: '密码不能包含用户名',
  common: '密码过于常见，容易被猜中，请换一个',
  same_as_old: '新密码不能与原密码相同',
};

/**
 * Frequently used and leaked passwords (compared case-insensitively), including the ones that
 * satisfy the length and class rules and are therefore the first an attacker tries.
 */
const COMMON_PASSWORDS = new Set([
  '123456', '12345678', '123456789', '1234567890', '12345678910', '0123456789', '111111', '000000', '888888', '666666',
  'password', 'password1', 'password123', 'password@123', 'password#123', 'p@ssw0rd', 'p@ssw0rd123', 'p@ssw0rd1234', 'p@55w0rd123',
  'passw0rd', 'passw0rd!', 'passw0rd123', 'passw0rd@123', 'password!123', 'qwerty123', 'qwerty@123', 'qwer1234', 'qwer@1234',
  'qwer1234!@#$', 'qwe123!@#', 'qwe!@#123', 'qweasdzxc', 'qweasdzxc123', '1qaz2wsx', '1qaz2wsx3edc', '1qaz@wsx3edc', '1qaz!qaz2wsx',
  '1qaz@2wsx', '1q2w3e4r', '1q2w3e4r5t', '1q2w3e4r5t6y', 'zaq12wsx', 'zaq1@wsx', 'abc123', 'abc123456', 'abcd1234', 'abcd@1234',
  'abcd@123456', 'abc@123456', 'abc@12345678', 'aa123456', 'aa123456789', 'aa@123456', 'aa@123456789', 'a123456789', 'a1234567890',
  'a1b2c3d4e5', 'admin', 'admin123', 'admin@123', 'admin@1234', 'admin@12345', 'admin@123456', 'admin123456', 'administrator',
  'administrator1', 'root@123456', 'root123456', 'test@123456', 'welcome1', 'welcome@123', 'welcome@2024', 'welcome@2025', 'welcome@2026',
  'woaini1314', 'woaini520', 'woaini@1314', '5201314', '5201314520', 'iloveyou', 'iloveyou1', 'iloveyou@123', 'changeme', 'changeme123',
  'letmein', 'letmein123', 'sunshine1', 'football1', 'monkey123', 'dragon123', 'master123', 'superman1', 'baseball1', 'trustno1',
  'huawei@123', 'huawei12#$', 'huawei@1234', 'huawei123', 'zxcvbnm', 'zxcvbnm123', 'zxcv1234', 'asdf1234', 'asdfghjkl', 'asdf@1234',
  'china@123', 'china123456', 'beijing@123', 'beijing2008', 'xinfang@123', 'xinfang123', 'xinfang@2024', 'xinfang@2025', 'xinfang@2026',
  'minsheng', 'minsheng123', 'minsheng@123', 'minsheng@123456', 'ms@123456', 'user@123456', 'guest@123456', 'test123456',
  'qq123456', 'qq@123456', 'wang123456', 'li123456', 'zhang123456', 'aaaaaaaaaa', 'aaaaaa', 'abcdefghij', 'abcdefg123',
]);

export function characterClasses(password: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/** Every rule the password breaks (empty when it is acceptable). */
export function passwordWeaknesses(password: string, opts: { username?: string; oldPassword?: string } = {}): PasswordWeakness[] {
  const out: PasswordWeakness[] = [];
  const length = Array.from(password).length; // characters (code points), not UTF-16 units
  if (length < PASSWORD_MIN_LENGTH) out.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) out.push('too_long');
  if (characterClasses(password) < PASSWORD_MIN_CLASSES) out.push('too_few_classes');
  const lower = password.toLowerCase();
  const username = opts.username?.trim().toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) out.push('contains_username');
  if (COMMON_PASSWORDS.has(lower)) out.push('common');
  if (opts.oldPassword !== undefined && password === opts.oldPassword) out.push('same_as_old');
  return out;
}

/** Throws DomainError('PASSWORD_WEAK') naming every broken rule in Chinese; details.reasons has the codes. */
export function assertStrongPassword(password: string, opts: { username?: string; oldPassword?: string } = {}): void {
  const reasons = passwordWeaknesses(password, opts);
  if (reasons.length === 0) return;
  throw new DomainError('PASSWORD_WEAK', `密码不符合安全要求：${reasons.map((r) => PASSWORD_WEAKNESS_MESSAGES[r]).join('；')}`, { reasons });
}
