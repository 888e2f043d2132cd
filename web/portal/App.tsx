/**
 * The petitioner's portal: phone first, zh-CN. Home, submit, follow (query code + phone), and the
 * guidance pages; each screen is its own lazy chunk so a phone on a slow network loads little.
 */
import { ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { theme } from '../shared/theme';
import './portal.css';

dayjs.locale('zh-cn');

const Home = lazy(() => import('./pages/Home'));
const Submit = lazy(() => import('./pages/Submit'));
const Follow = lazy(() => import('./pages/Follow'));
const Guide = lazy(() => import('./pages/Guide'));

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme}>
      <BrowserRouter>
        <header className="portal-header">
          <Link to="/" className="portal-brand">民声 · 网上信访</Link>
        </header>
        <main className="portal-main">
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
      </BrowserRouter>
    </ConfigProvider>
  );
}
