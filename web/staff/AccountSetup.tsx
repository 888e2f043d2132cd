/**
 * What a restricted session shows instead of the workbench (the server refuses it everything else):
 * a one-time password an administrator issued must be changed — the user is told who reset it and
 * when — or, where the server requires it of administrators and leaders, the TOTP second factor
 * must be enrolled. Either done, /api/auth/me lifts the restriction and the workbench opens.
 */
import { LogoutOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, errorText } from '../shared/api';
import { formatDateTime } from '../shared/format';
import { checked } from '../shared/rules';
import { useAuth, useMe } from './auth';

const PASSWORD_HINT = '至少10位，含大写字母、小写字母、数字、符号中的三类，不含用户名';

function ChangePassword({ onDone }: { onDone: () => Promise<void> }) {
  const me = useMe();
  const [form] = Form.useForm<{ oldPassword: string; newPassword: string; confirm: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(v: { oldPassword: string; newPassword: string }) {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/password', { oldPassword: v.oldPassword, newPassword: v.newPassword });
      await onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="password-reset-notice"
        message={`您的密码已由管理员${me.passwordResetAt ? `于 ${formatDateTime(me.passwordResetAt)} ` : ''}重置`}
        description="请用管理员告知的一次性密码设置新密码后继续使用。如非本人申请，请立即联系安全管理员。" />
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" name="forcedPassword" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item name="oldPassword" label="一次性密码" rules={[{ required: true, message: '请输入一次性密码' }]}>
          <Input.Password autoComplete="current-password" maxLength={200} />
        </Form.Item>
        <Form.Item name="newPassword" label="新密码" extra={PASSWORD_HINT} rules={[{ required: true, message: '请输入新密码' }]}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item name="confirm" label="再次输入新密码" dependencies={['newPassword']} rules={[{ required: true, message: '请再次输入' }, ({ getFieldValue }) => checked(
          (v: string | undefined) => v && v !== getFieldValue('newPassword') && '两次输入的密码不一致',
        )]}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>修改密码并继续</Button>
      </Form>
    </>
  );
}

function EnrolTotp({ onDone }: { onDone: () => Promise<void> }) {
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(f: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message="管理员和负责人须使用动态验证码登录"
        description="请在手机上安装身份验证器应用（如国密或 RFC 6238 兼容的 TOTP 应用），添加下列密钥，再输入其显示的6位验证码。启用后，每次登录均须输入动态验证码。" />
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      {!setup ? (
        <Button type="primary" block loading={busy} onClick={() => void run(async () => { setSetup(await api.post<{ secret: string; otpauthUrl: string }>('/api/auth/totp/setup')); })}>
          生成动态验证码密钥
        </Button>
      ) : (
        <Form layout="vertical" name="totpEnrol" requiredMark={false}
          onFinish={(v: { code: string }) => void run(async () => { await api.post('/api/auth/totp/enable', { code: v.code.trim() }); await onDone(); })}>
          <Typography.Paragraph>密钥：<Typography.Text code copyable data-testid="totp-secret">{setup.secret}</Typography.Text></Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ wordBreak: 'break-all' }}>或在应用中导入：{setup.otpauthUrl}</Typography.Paragraph>
          <Form.Item name="code" label="动态验证码" rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: '请输入6位动态验证码' }]}>
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>启用并继续</Button>
        </Form>
      )}
    </>
  );
}

export default function AccountSetup() {
  const me = useMe();
  const { refresh, logout } = useAuth();
  return (
    <main className="login-page">
      <Card className="login-card" style={{ maxWidth: 480 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}><SafetyOutlined aria-hidden /> 账户安全</Typography.Title>
          <Button icon={<LogoutOutlined />} onClick={() => void logout()}>退出</Button>
        </Space>
        <Typography.Paragraph type="secondary">{me.user.name}（{me.user.username}）</Typography.Paragraph>
        {me.restriction === 'password_change' ? <ChangePassword onDone={refresh} /> : <EnrolTotp onDone={refresh} />}
      </Card>
    </main>
  );
}
