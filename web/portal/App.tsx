/**
 * The petitioner's portal: phone first, zh-CN. Home, submit, follow (query code + phone), and the
 * guidance pages; each screen is its own lazy chunk so a phone on a slow network loads little.
 */
import { ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Link, NavLink, Route, Routes, useLocation } from 'react-router';
import { theme } from '../shared/theme';
import './portal.css';

dayjs.locale('zh-cn');

const Home = lazy(() => import('./pages/Home'));
const Submit = lazy(() => import('./pages/Submit'));
const Follow = lazy(() => import('./pages/Follow'));
const Guide = lazy(() => import('./pages/Guide'));

const NAV = [
  { to: '/', label: '首页', end: true },
  { to: '/submit', label: '网上信访' },
  { to: '/follow', label: '查询进度' },
  { to: '/guide', label: '办事指南' },
];

const TITLES: Record<string, string> = { '/': '首页', '/submit': '网上信访', '/follow': '查询进度', '/guide': '办事指南' };

/** Each screen gets its own document title and starts at the top (a screen reader hears the new page). */
function PageChange() {
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = `${TITLES[pathname] ?? '首页'} · 民声网上信访`;
    window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ ...theme, token: { ...theme.token, fontSize: 16, controlHeight: 40, colorPrimaryHover: '#003eb3', colorPrimaryActive: '#002c8c' } }}>
      <BrowserRouter>
        <PageChange />
        <a className="skip-link" href="#main">跳到正文</a>
        <header className="portal-header no-print">
          <div className="portal-header-inner">
            <Link to="/" className="portal-brand">
              <span className="portal-emblem" aria-hidden="true">民</span>
              <span>
                <span className="portal-brand-name">民声 · 网上信访</span>
                <span className="portal-brand-sub">网上提交 · 进度可查 · 依法办理</span>
              </span>
            </Link>
            <nav className="portal-nav" aria-label="主导航">
              {NAV.map((n) => (
                <NavLink key={n.to} to={n.to} end={n.end} className={({ isActive }) => (isActive ? 'active' : undefined)}>{n.label}</NavLink>
              ))}
            </nav>
          </div>
        </header>
        <main id="main" className="portal-main" tabIndex={-1}>
          <Suspense fallback={<Spin size="large" className="page-spin" />}>
            <Routes>
              <Route path="/" element={<Home />} />
              <Route path="/submit" element={<Submit />} />
              <Route path="/follow" element={<Follow />} />
              <Route path="/guide" element={<Guide />} />
              <Route path="*" element={<Home />} />
            </Routes>
          </Suspense>
        </main>
        <footer className="portal-footer no-print">
          <p>依据《信访工作条例》（2022年5月1日起施行）办理。您的个人信息仅用于办理本信访事项，依法予以保护。</p>
          <p>急事、险情请拨打 110；本平台不受理应当通过诉讼、仲裁、行政复议等法定途径解决的事项，工作人员会告知您相应途径。</p>
        </footer>
      </BrowserRouter>
    </ConfigProvider>
  );
}
