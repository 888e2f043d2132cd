/** 权益保障卡: one printable page with every step of the case and its date, to show at any office. */
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorText } from '../../shared/api';
import { formatChineseDate } from '../../shared/format';
import type { RightsCard } from '../lib/types';

export function RightsCardView({ onBack }: { onBack: () => void }) {
  const [card, setCard] = useState<RightsCard | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<RightsCard>('/api/public/case/rights-card').then(setCard).catch((e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(() => {
    if (card) document.getElementById('card-title')?.focus();
  }, [card]);
  return (
    <article aria-labelledby="card-title">
      <div className="doc-toolbar no-print">
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>返回</Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!card}>打印</Button>
      </div>
      {error && <Alert type="error" showIcon message={error} role="alert" />}
      {!card && !error && <Spin className="page-spin" />}
      {card && (
        <div className="doc-sheet">
          <div className="doc-masthead">信访人权益保障卡</div>
          <h1 id="card-title" className="doc-title" tabIndex={-1} style={{ marginTop: 16 }}>{card.title}</h1>
          <div className="doc-field"><span className="k">信访事项编号：</span>{card.number}</div>
          <div className="doc-field"><span className="k">信访人：</span>{card.petitionerName}</div>
          <div className="doc-field"><span className="k">登记日期：</span>{formatChineseDate(card.receivedOn)}</div>
          <div className="doc-field"><span className="k">登记机关：</span>{card.office}</div>
          <table className="rights-table" style={{ margin: '12px 0' }}>
            <caption style={{ textAlign: 'left', fontWeight: 700, paddingBottom: 4 }}>办理过程</caption>
            <thead><tr><th scope="col" style={{ width: '7.5em' }}>日期</th><th scope="col">事项与机关</th></tr></thead>
            <tbody>
              {card.steps.map((s, i) => (
                <tr key={i}>
                  <td>{formatChineseDate(s.on)}</td>
                  <td><strong>{s.label}</strong>{s.text ? `：${s.text}` : ''}<br /><span className="muted">{s.organ}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
          <p style={{ textIndent: 0 }}>您的权利：15 日内登记转送并告知；受理后 60 日内书面答复（延期不超过 30 日并告知理由）；不服答复可在 30 日内请求复查，不服复查意见可在 30 日内请求复核（《信访工作条例》第二十二条、第三十四条至第三十六条）。</p>
          <p style={{ textIndent: 0 }} className="muted">{card.queryHint}</p>
        </div>
      )}
    </article>
  );
}
