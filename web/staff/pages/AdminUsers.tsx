/**
 * 用户与角色: staff accounts with search by organ, role and status. 三员分立 decides what each
 * administrator sees: the system administrator creates accounts, enables/disables them and resets
 * passwords; the security administrator grants roles and data scopes. The server enforces it all
 * (no account holds two of the three administrator roles, nobody grants themselves) and its refusal
 * is shown verbatim.
 */
import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { api, ApiError } from '../../shared/api';
import type { Schema } from '../../shared/api-contract';
import { formatDateTime } from '../../shared/format';
import { OrganTree } from '../../../src/domain/model/organ.js';
import { isAdministrator, ROLE_LABELS, roleSetViolation, ROLES, type DataScope, type Role } from '../../../src/domain/model/user.js';
import { useAuth } from '../auth';
import { untilDone } from '../components/popconfirm';
import { useOrgans, type Organ } from '../components/reference';
import { organPath, organTreeOptions } from '../components/register/refdata';
import { useFormSubmit } from '../components/useFormSubmit';
import '../components/admin/admin.css';

type UserRow = Schema<'UserRow'>;
type Dialog = { kind: 'create' } | { kind: 'roles'; user: UserRow } | { kind: 'password'; user: UserRow } | null;

const SCOPE_LABELS: Record<DataScope, string> = { organ: '本机关', organ_and_subordinates: '本机关及下级', assigned: '仅分配给本人的案件' };
const ADMIN_ROLES: Role[] = ['system_admin', 'security_admin', 'audit_admin'];
const PASSWORD_HINT = '至少10位，含大写字母、小写字母、数字、符号中的三类，不含用户名';

function ErrorBox({ error }: { error: string | null }) {
  return error ? <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} /> : null;
}

function CreateUser({ organs, onClose }: { organs: Organ[]; onClose: (changed: boolean) => void }) {
  const [form] = Form.useForm<{ username: string; name: string; organId: string; password: string }>();
  const tree = useMemo(() => organTreeOptions(organs.filter((o) => !o.successorId)), [organs]);
  const { busy, error, submit: ok } = useFormSubmit(form, async (v) => {
    await api.post('/api/admin/users', { username: v.username.trim(), name: v.name.trim(), organId: v.organId, password: v.password });
    onClose(true);
  }, '创建失败', (e) => {
    // The refused field gets focus.
    const field = (e.details as { field?: string } | undefined)?.field;
    if (field && ['username', 'organId', 'password'].includes(field)) form.focusField(field);
  });
  return (
    <Modal open maskClosable={false} title="新建账户" okText="创建" cancelText="取消" onOk={() => void ok()} onCancel={() => onClose(false)} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" name="newUser" preserve={false}>
        <ErrorBox error={error} />
        <Typography.Paragraph type="secondary">新账户没有任何角色，须由安全管理员授权后方可使用（三员分立）。</Typography.Paragraph>
        <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请填写用户名' }, { pattern: /^[a-z][a-z0-9_.-]{2,31}$/, message: '3–32位小写字母、数字、下划线、点或连字符，以字母开头' }]}>
          <Input autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
        <Form.Item name="organId" label="所属机关" rules={[{ required: true, message: '请选择所属机关' }]}>
          <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" placeholder="输入名称搜索" />
        </Form.Item>
        <Form.Item name="password" label="初始密码" extra={PASSWORD_HINT} rules={[{ required: true, message: '请设置初始密码' }]}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GrantRoles({ user, onClose }: { user: UserRow; onClose: (changed: boolean) => void }) {
  const [form] = Form.useForm<{ roles: Role[]; dataScope: DataScope }>();
  const { busy, error, submit: ok } = useFormSubmit(form, async (v) => {
    // The domain's rule (三员分立), the same the server applies: a refused set is not sent, and is refused in the same words.
    const violation = roleSetViolation(v.roles);
    if (violation) throw new ApiError(422, violation.code, violation.message);
    await api.put(`/api/admin/users/${user.id}/roles`, { roles: v.roles, dataScope: v.dataScope });
    onClose(true);
  }, '授权失败');
  return (
    <Modal open maskClosable={false} title={`授权：${user.name}（${user.username}）`} okText="保存授权" cancelText="取消" onOk={() => void ok()} onCancel={() => onClose(false)} confirmLoading={busy} destroyOnHidden width={600}>
      <Form form={form} layout="vertical" name="grant" initialValues={{ roles: user.roles, dataScope: user.dataScope }} preserve={false}>
        <ErrorBox error={error} />
        <Form.Item name="roles" label="角色">
          <Checkbox.Group>
            <Space direction="vertical">
              {ROLES.map((r) => (
                <Checkbox key={r} value={r}>{ROLE_LABELS[r]}{ADMIN_ROLES.includes(r) && <Typography.Text type="secondary">（三员之一，不得兼任其他任何角色）</Typography.Text>}</Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="dataScope" label="数据权限">
          <Radio.Group name="dataScope" options={(Object.keys(SCOPE_LABELS) as DataScope[]).map((s) => ({ value: s, label: SCOPE_LABELS[s] }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 重置密码: the server issues a one-time password, shown here once; the user must change it at the
 * next log-in and sees that it was reset. A stray click beside the dialog does not close it: the
 * password would be lost, and a reset must not be started or abandoned by accident.
 */
function ResetPassword({ user, onClose }: { user: UserRow; onClose: (changed: boolean) => void }) {
  const [form] = Form.useForm<Record<string, never>>();
  const [oneTime, setOneTime] = useState<string | null>(null);
  const { busy, error, submit: ok } = useFormSubmit(form, async () => {
    const r = await api.put<{ ok: true; oneTimePassword: string }>(`/api/admin/users/${user.id}/password`, {});
    setOneTime(r.oneTimePassword);
  }, '重置失败');
  if (oneTime) {
    return (
      <Modal open maskClosable={false} title={`已重置：${user.name}（${user.username}）`} okText="我已记下" cancelButtonProps={{ style: { display: 'none' } }} onOk={() => onClose(true)} onCancel={() => onClose(true)} destroyOnHidden>
        <Typography.Paragraph>一次性密码（仅显示这一次）：</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: oneTime }} data-testid="one-time-password"><Typography.Text code strong style={{ fontSize: 18 }}>{oneTime}</Typography.Text></Typography.Paragraph>
        <Alert type="warning" showIcon message="请当面或通过安全渠道告知本人。其下次登录须先修改密码，并会看到密码已被重置的提示；本次重置已记入审计日志。" />
      </Modal>
    );
  }
  return (
    <Modal open maskClosable={false} title={`重置密码：${user.name}（${user.username}）`} okText="重置并生成一次性密码" cancelText="取消" onOk={() => void ok()} onCancel={() => onClose(false)} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" name="reset" preserve={false}>
        <ErrorBox error={error} />
        <Typography.Paragraph type="secondary">系统将生成一次性密码，该用户的全部会话立即失效，登录锁定同时解除；其下次登录须先修改密码。</Typography.Paragraph>
      </Form>
    </Modal>
  );
}

interface UserFilter { q?: string; organId?: string; role?: Role | 'none'; status?: 'active' | 'inactive' | 'locked' }

export default function AdminUsers() {
  const { has, me } = useAuth();
  const { message } = App.useApp();
  const organs = useOrgans();
  const users = useQuery({ queryKey: ['admin-users'], queryFn: () => api.get<UserRow[]>('/api/admin/users') });
  const [filter, setFilter] = useState<UserFilter>({});
  const [form] = Form.useForm<UserFilter>();
  const [dialog, setDialog] = useState<Dialog>(null);
  const isSys = has('system_admin');
  const isSec = has('security_admin');
  const allOrgans = organs.organs;
  const organName = organs.name;
  const tree = useMemo(() => organTreeOptions(allOrgans), [allOrgans]);
  const hierarchy = useMemo(() => new OrganTree(allOrgans), [allOrgans]);

  const rows = useMemo(() => {
    const now = Date.now();
    return (users.data ?? []).filter((u) => {
      const q = filter.q?.trim().toLowerCase();
      if (q && !u.username.includes(q) && !u.name.toLowerCase().includes(q)) return false;
      if (filter.organId && !hierarchy.isAncestorOrSelf(filter.organId, u.organId)) return false;
      if (filter.role === 'none' ? u.roles.length > 0 : filter.role && !u.roles.includes(filter.role)) return false;
      const locked = u.lockedUntil !== null && Date.parse(u.lockedUntil) > now;
      if (filter.status === 'active' && !u.active) return false;
      if (filter.status === 'inactive' && u.active) return false;
      if (filter.status === 'locked' && !locked) return false;
      return true;
    });
  }, [users.data, filter, hierarchy]);

  const act = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
      message.success(what);
      void users.refetch();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : `${what}失败`);
    }
  };

  const columns: ColumnsType<UserRow> = [
    { title: '用户名', dataIndex: 'username', key: 'username', width: 140 },
    { title: '姓名', dataIndex: 'name', key: 'name', width: 110 },
    { title: '所属机关', dataIndex: 'organId', key: 'organ', render: (id: string) => <span title={organPath(allOrgans, id)}>{organName(id)}</span> },
    { title: '角色', dataIndex: 'roles', key: 'roles', render: (rs: Role[]) => (rs.length ? <Space size={[0, 4]} wrap>{rs.map((r) => <Tag key={r} color={ADMIN_ROLES.includes(r) ? '#a8071a' : 'blue'}>{ROLE_LABELS[r]}</Tag>)}</Space> : <Typography.Text type="secondary">未授权</Typography.Text>) },
    { title: '数据权限', dataIndex: 'dataScope', key: 'scope', width: 140, render: (s: DataScope) => SCOPE_LABELS[s] },
    {
      title: '状态', key: 'status', width: 150, render: (_, u) => {
        const locked = u.lockedUntil !== null && Date.parse(u.lockedUntil) > Date.now();
        return (
          <Space size={[0, 4]} wrap>
            {u.active ? <Tag color="#237804">启用</Tag> : <Tag color="#595959">停用</Tag>}
            {locked && <Tag color="#ad4e00" title={`锁定至 ${formatDateTime(u.lockedUntil)}`}>已锁定</Tag>}
            {u.totpEnabled && <Tag color="blue">动态验证码</Tag>}
          </Space>
        );
      },
    },
    {
      title: '操作', key: 'ops', width: 280, render: (_, u) => {
        const self = u.id === me?.user.id;
        const locked = u.lockedUntil !== null && Date.parse(u.lockedUntil) > Date.now();
        return (
          <Space size={0} wrap>
            {isSec && <Button type="link" size="small" onClick={() => setDialog({ kind: 'roles', user: u })} aria-label={`授权 ${u.username}`}>授权</Button>}
            {isSys && !self && (
              <Popconfirm title={u.active ? `停用 ${u.name}？其会话将立即失效。` : `启用 ${u.name}？`} okText="确定" cancelText="取消"
                onConfirm={untilDone(() => act(u.active ? '已停用' : '已启用', () => api.put(`/api/admin/users/${u.id}/active`, { active: !u.active })))}>
                <Button type="link" size="small" danger={u.active} aria-label={`${u.active ? '停用' : '启用'} ${u.username}`}>{u.active ? '停用' : '启用'}</Button>
              </Popconfirm>
            )}
            {/* 三员分立: an administrator's password only the security administrator resets, anyone else's the system administrator. */}
            {!self && (isAdministrator(u.roles) ? isSec : isSys) && (
              <Button type="link" size="small" onClick={() => setDialog({ kind: 'password', user: u })} aria-label={`重置密码 ${u.username}`}>重置密码</Button>
            )}
            {locked && <Button type="link" size="small" onClick={() => { void act('已解除锁定', () => api.post(`/api/auth/users/${u.id}/unlock`)); }} aria-label={`解除锁定 ${u.username}`}>解除锁定</Button>}
            {!self && (
              <Popconfirm title={`结束 ${u.name} 的全部会话？`} okText="确定" cancelText="取消" onConfirm={untilDone(() => act('已强制下线', () => api.post(`/api/auth/users/${u.id}/revoke-sessions`)))}>
                <Button type="link" size="small" aria-label={`强制下线 ${u.username}`}>强制下线</Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <div className="admin-page">
      <Typography.Title level={1} className="page-title"><TeamOutlined aria-hidden /> 用户与角色</Typography.Title>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={isSys
        ? '您是系统管理员：可新建账户、启用或停用账户、重置工作人员的密码；角色与数据权限、管理员账户的密码重置由安全管理员办理（三员分立）。'
        : '您是安全管理员：可授予角色与数据权限、重置管理员账户的密码；账户的新建、停用与工作人员的密码重置由系统管理员办理（三员分立）。回避信息由工作人员本人登记。'} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form form={form} layout="inline" name="userSearch" onFinish={(v) => setFilter(v)} style={{ rowGap: 8 }}>
          <Form.Item name="q" label="用户名/姓名"><Input allowClear style={{ width: 160 }} /></Form.Item>
          <Form.Item name="organId" label="机关"><TreeSelect allowClear showSearch treeNodeFilterProp="title" treeData={tree} style={{ width: 240 }} placeholder="含下级机关" /></Form.Item>
          <Form.Item name="role" label="角色">
            <Select allowClear style={{ width: 150 }} options={[...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })), { value: 'none', label: '未授权' }]} />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select allowClear style={{ width: 110 }} options={[{ value: 'active', label: '启用' }, { value: 'inactive', label: '停用' }, { value: 'locked', label: '已锁定' }]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">查询</Button>
              <Button onClick={() => { form.resetFields(); setFilter({}); }}>重置</Button>
              {isSys && <Button icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>新建账户</Button>}
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {users.error && <Alert type="error" showIcon message={users.error instanceof ApiError ? users.error.message : '加载失败'} style={{ marginBottom: 12 }} />}
      <Table<UserRow> rowKey="id" size="small" columns={columns} dataSource={rows} loading={users.isLoading}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => `共 ${n} 个账户` }} />
      {dialog?.kind === 'create' && <CreateUser organs={allOrgans} onClose={(c) => { setDialog(null); if (c) { message.success('账户已创建，请安全管理员授权'); void users.refetch(); } }} />}
      {dialog?.kind === 'roles' && <GrantRoles user={dialog.user} onClose={(c) => { setDialog(null); if (c) { message.success('授权已保存'); void users.refetch(); } }} />}
      {dialog?.kind === 'password' && <ResetPassword user={dialog.user} onClose={(c) => { setDialog(null); if (c) message.success('密码已重置，该用户的会话已全部失效'); }} />}
    </div>
  );
}
