/**
 * Ant Design tokens for both apps. The defaults fail WCAG AA contrast in places (primary #1677ff
 * with white text is 4.1:1; secondary text at 45 % black is 3.4:1), so the primary is a darker blue
 * and the grey texts are darkened to at least 4.5:1 on white.
 */
import type { ThemeConfig } from 'antd';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    // Ant Design derives a lighter hover from the primary (about 3.9:1 under white text); darker instead.
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    colorLinkActive: '#002c8c',
    colorError: '#c4151c',
    colorWarning: '#ad4e00',
    colorSuccess: '#237804',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.5)',
    colorTextDisabled: 'rgba(0, 0, 0, 0.45)',
    borderRadius: 4,
    fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", -apple-system, "Segoe UI", Roboto, sans-serif',
  },
};
