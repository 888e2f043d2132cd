/**
 * The workbench shell: zh-CN Ant Design, log-in gate, left menu by role, header with the user's
 * organ and roles, and one lazily loaded chunk per screen (the first screen loads only its own).
 */
import { AuditOutlined, BarChartOutlined, BarsOutlined, CheckSquareOutlined, CalendarOutlined, ClusterOutlined, DashboardOutlined, FileAddOutlined, LogoutOutlined, MessageOutlined, ScheduleOutlined, TableOutlined, TeamOutlined } from '@ant-design/icons';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { App as AntApp, Badge, Button, ConfigProvider, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { REGISTRAR_ROLES, ROLE_LABELS, type Role } from '../../src/domain/model/user.js';
import { theme } from '../shared/theme';
import { AuthProvider, useAuth, useMe } from './auth';
import AccountSetup from './AccountSetup';
import Login from './Login';
import ReminderBell from './components/ReminderBell';
import { approvalsQuery } from './components/approvals/query';
import './staff.css';

dayjs.locale('zh-cn');

const Dashboard = lazy(() => import('./pages/Dashboard'));
const Queue = lazy(() => import('./pages/Queue'));
const Approvals = lazy(() => import('./pages/Approvals'));
const Register = lazy(() => import('./pages/Register'));
const Ledger = lazy(() => import('./pages/Ledger'));
const CasePage = lazy(() => import('./pages/CasePage'));
const CalendarAdmin = lazy(() => import('./pages/CalendarAdmin'));
const AdminOrgans = lazy(() => import('./pages/AdminOrgans'));
const AdminUsers = lazy(() => import('./pages/AdminUsers'));
const AdminTemplates = lazy(() => import('./pages/AdminTemplates'));
const AdminRota = lazy(() => import('./pages/AdminRota'));
const AuditSearch = lazy(() => import('./pages/AuditSearch'));
const Statistics = lazy(() => import('./pages/Statistics'));
const PrintDocument = lazy(() => import('./pages/PrintDocument'));

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } } });

const CASE_ROLES: Role[] = ['intake_clerk', 'petition_officer', 'handler', 'leader', 'viewer', 'discipline_officer'];
/** Who may register a petition: the domain's list (the server checks the same). */
const REGISTER_ROLES: Role[] = [...REGISTRAR_ROLES];
const APPROVER_ROLES: Role[] = ['leader'];

interface MenuEntry { path: string; label: string; icon: ReactNode; roles: Role[] }
const MENU: MenuEntry[] = [
  { path: '/', label: '工作台', icon: <DashboardOutlined />, roles: CASE_ROLES },
  { path: '/queue', label: '待办事项', icon: <BarsOutlined />, roles: CASE_ROLES },
  { path: '/approvals', label: '审批待办', icon: <CheckSquareOutlined />, roles: APPROVER_ROLES },
  { path: '/register', label: '登记', icon: <FileAddOutlined />, roles: REGISTER_ROLES },
  { path: '/ledger', label: '查询台账', icon: <TableOutlined />, roles: CASE_ROLES },
  { path: '/stats', label: '统计分析', icon: <BarChartOutlined />, roles: CASE_ROLES },
  { path: '/calendar', label: '工作日历', icon: <CalendarOutlined />, roles: [...CASE_ROLES, 'system_admin'] },
  { path: '/admin/organs', label: '机关管理', icon: <ClusterOutlined />, roles: ['system_admin', 'security_admin'] },
  { path: '/admin/users', label: '用户与角色', icon: <TeamOutlined />, roles: ['system_admin', 'security_admin'] },
  { path: '/admin/templates', label: '短信与文书模板', icon: <MessageOutlined />, roles: ['system_admin'] },
  { path: '/admin/rota', label: '接访安排', icon: <ScheduleOutlined />, roles: ['system_admin'] },
  { path: '/audit', label: '审计日志', icon: <AuditOutlined />, roles: ['audit_admin'] },
];

function Guard({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user } = useMe();
  if (!user.roles.some((r) => roles.includes(r))) return <Result status="403" title="无权访问" subTitle="您的角色不能使用此功能。" />;
  return <>{children}</>;
}

function Shell() {
  const me = useMe();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const items = MENU.filter((m) => me.user.roles.some((r) => m.roles.includes(r)));
  const selected = items.filter((m) => m.path === '/' ? location.pathname === '/' : location.pathname.startsWith(m.path)).map((m) => m.path);
  const home = items[0]?.path ?? '/';
  // A leader sees how many requests wait for them beside 审批待办.
  const approvals = useQuery({ ...approvalsQuery, enabled: me.user.roles.some((r) => APPROVER_ROLES.includes(r)), refetchInterval: 60_000 });
  const waiting = approvals.data?.items.length ?? 0;
  const label = (m: MenuEntry) => (m.path === '/approvals' && waiting > 0
    ? <span>{m.label} <Badge count={waiting} size="small" style={{ boxShadow: 'none' }} title={`${waiting}件待审批`} /></span> : m.label);
  return (
    <Layout className="shell">
      <Layout.Sider width={200} breakpoint="lg" collapsedWidth={0} className="shell-sider">
        <div className="shell-brand"><span aria-hidden="true">民</span> 民声信访</div>
        <nav aria-label="主菜单">
          <Menu theme="dark" mode="inline" selectedKeys={selected} onClick={(e) => { void navigate(e.key); }}
            items={items.map((m) => ({ key: m.path, icon: m.icon, label: label(m) }))} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell-header">
          <Space size="middle" wrap>
            <Typography.Text strong>{me.organ?.name ?? me.user.organId}</Typography.Text>
            <span>{me.user.name}</span>
            {me.user.roles.map((r) => <Tag key={r} color="blue">{ROLE_LABELS[r]}</Tag>)}
          </Space>
          <Space size="middle"><ReminderBell /><Button icon={<LogoutOutlined />} onClick={() => { void logout().then(() => navigate('/')); }}>退出</Button></Space>
        </Layout.Header>
        <Layout.Content className="shell-content">
          <main>
            <Suspense fallback={<Spin size="large" className="page-spin" />}>
              <Routes>
                <Route path="/" element={items[0]?.path === '/' ? <Dashboard /> : <Navigate to={home} replace />} />
                <Route path="/queue" element={<Guard roles={CASE_ROLES}><Queue /></Guard>} />
                <Route path="/approvals" element={<Guard roles={APPROVER_ROLES}><Approvals /></Guard>} />
                <Route path="/register" element={<Guard roles={REGISTER_ROLES}><Register /></Guard>} />
                <Route path="/ledger" element={<Guard roles={CASE_ROLES}><Ledger /></Guard>} />
                <Route path="/stats" element={<Guard roles={CASE_ROLES}><Statistics /></Guard>} />
                <Route path="/cases/:id" element={<Guard roles={CASE_ROLES}><CasePage /></Guard>} />
                <Route path="/calendar" element={<CalendarAdmin />} />
                <Route path="/admin/organs" element={<Guard roles={['system_admin', 'security_admin']}><AdminOrgans /></Guard>} />
                <Route path="/admin/users" element={<Guard roles={['system_admin', 'security_admin']}><AdminUsers /></Guard>} />
                <Route path="/admin/templates" element={<Guard roles={['system_admin']}><AdminTemplates /></Guard>} />
                <Route path="/admin/rota" element={<Guard roles={['system_admin']}><AdminRota /></Guard>} />
                <Route path="/audit" element={<Guard roles={['audit_admin']}><AuditSearch /></Guard>} />
                <Route path="*" element={<Result status="404" title="页面不存在" extra={<Button onClick={() => { void navigate(home); }}>返回首页</Button>} />} />
              </Routes>
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function Gate() {
  const { me, loading } = useAuth();
  if (loading) return <Spin size="large" className="page-spin" />;
  if (!me) return <Login />;
  // A one-time password to change, or a required second factor to enrol: nothing else until done.
  if (me.restriction) return <AccountSetup />;
  return (
    <Routes>
      {/* Printed notices stand alone: no menu, A4 page. */}
      <Route path="/print/:caseId/:documentId" element={<Suspense fallback={<Spin />}><PrintDocument /></Suspense>} />
      <Route path="*" element={<Shell />} />
    </Routes>
  );
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter basename="/staff">
            <AuthProvider><Gate /></AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
