/**
 * What each audit action is called in Chinese, for the audit screen and its export: the trail stores
 * stable codes (case.register, user.roles…); a person reads 登记案件, 授予角色. A case action
 * (`case.<engine action>`) takes the engine's own label, so a new action needs no entry here.
 */
import { actionLabel } from './lifecycle/action-rules.js';

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'case.register': '登记信访事项', 'case.lookup': '查找既往信访', 'case.unmask': '查看完整个人信息', 'case.export': '导出台账',
  'case.attachment.read': '查看附件', 'case.document.download': '下载文书', 'case.dossier.read': '导出卷宗', 'case.dossier.export': '批量导出卷宗',
  'user.create': '新建账户', 'user.roles': '授予角色', 'user.enable': '启用账户', 'user.disable': '停用账户', 'user.password_reset': '重置密码', 'user.conflict_ids': '登记回避信息',
  'organ.create': '新增机关', 'organ.update': '修改机关', 'calendar.enter_year': '录入节假日安排', 'profile.save': '修改期限规则', 'clocks.recomputed': '重新计算期限',
  'notification_template.update': '修改短信模板', 'document_template.update': '修改文书模板', 'document_template.delete': '恢复默认文书模板',
  'reception_rota.add': '新增接访安排', 'reception_rota.update': '修改接访安排', 'reception_rota.remove': '删除接访安排',
  'auth.login': '登录', 'auth.lockout': '登录锁定', 'auth.unlock': '解除锁定', 'auth.logout': '退出登录', 'auth.sessions_revoke': '强制下线',
  'auth.password_change': '修改密码', 'auth.totp_setup': '生成动态验证码密钥', 'auth.totp_enable': '启用动态验证码', 'auth.totp_disable': '停用动态验证码',
  'audit.read': '查询审计日志', 'audit.verify': '校验日志链', 'audit.export': '导出审计日志', 'audit.purge': '清理过期日志',
  'crypto.decrypt_failed': '个人信息解密失败', 'system.setup': '系统初始化',
};

/** 登记信访事项 / 案件：分办 / the code itself when it is unknown (an entry of a later version). */
export function auditActionLabel(action: string): string {
  const known = AUDIT_ACTION_LABELS[action];
  if (known) return known;
  if (action.startsWith('case.')) {
    const engine = action.slice(5);
    const label = actionLabel(engine);
    return label === engine ? action : `案件：${label}`;
  }
  return action;
}
