import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, errorText } from '../shared/api';
import { filled } from '../shared/format';
import { useAuth } from './auth';

interface Credentials { username: string; password: string; totp?: string }

export default function Login() {
  const { login } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(v: Credentials) {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password, filled(v.totp?.trim()));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'TOTP_REQUIRED') setNeedTotp(true);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main className="login-page">
      <Card className="login-card">
        <Typography.Title level={1} style={{ fontSize: 24, textAlign: 'center', marginBottom: 4 }}>民声 · 信访工作台</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>信访事项登记、办理与督办</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form<Credentials> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {needTotp && (
            <Form.Item label="动态验证码" name="totp" rules={[{ required: true, message: '请输入6位动态验证码' }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>登录</Button>
        </Form>
      </Card>
    </main>
  );
}
