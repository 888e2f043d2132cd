/** 办事指南: who handles what, the reception rota, the time limits and the petitioner's rights, in plain words. */
import { Alert, Collapse, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorText } from '../../shared/api';
import type { Guide as GuideData, Office } from '../lib/types';

const RIGHTS: [string, string][] = [
  ['可以网上、写信、打电话、来访反映问题，提出建议、意见或者投诉请求。', '第十七条'],
  ['有权知道事情转到了哪里：信访部门收到后 15 日内转送有权处理的机关，并告知您。', '第二十二条、第二十三条'],
  ['有权得到书面答复：处理意见书要写明您的请求、事实和理由、处理意见和依据。', '第三十二条'],
  ['有权按时得到答复：受理后 60 日内办结；情况复杂的可以延长，但不超过 30 日，并告诉您延期的理由。', '第三十四条'],
  ['不服处理意见，可以在收到书面答复之日起 30 日内请求上一级机关复查；不服复查意见，可以在 30 日内请求再上一级机关复核。', '第三十五条、第三十六条'],
  ['可以在网上查询办理进度，并对办理结果作出评价。', '第二十一条'],
  ['您的检举、揭发材料不会透露或转给被检举、揭发的人；任何人不得打击报复信访人。', '第四十六条'],
];

export default function Guide() {
  const [data, setData] = useState<GuideData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<GuideData>('/api/public/guide').then(setData).catch((e: unknown) => setError(errorText(e)));
  }, []);

  // Nearest level first: a petitioner usually starts at the county or the township.
  const ORDER = ['县级', '乡级', '市级', '省级'];
  const byLevel = new Map<string, Office[]>();
  for (const o of data?.offices ?? []) byLevel.set(o.level, [...(byLevel.get(o.level) ?? []), o]);
  const groups = [...byLevel].sort((a, b) => rank(a[0]) - rank(b[0]));
  function rank(level: string) {
    const i = ORDER.indexOf(level);
    return i < 0 ? ORDER.length : i;
  }

  return (
    <>
      <h1 className="page-title">办事指南</h1>
      <p className="lead">先看看谁管什么、要多久、您有哪些权利。拿不准找谁，直接网上信访即可，信访部门会帮您转到有权处理的机关。</p>
      {error && <Alert type="error" showIcon role="alert" message={`指南加载失败：${error}`} style={{ marginBottom: 12 }} />}

      <section className="panel" aria-labelledby="limits-title">
        <h2 id="limits-title" className="section-title">办理时限</h2>
        {!data && !error && <Spin />}
        {data && (
          <ul className="rights-list">
            {data.timeLimits.map((t) => <li key={t.title}><strong>{t.title}：</strong>{t.text}</li>)}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="offices-title">
        <h2 id="offices-title" className="section-title">谁管什么</h2>
        {!data && !error && <Spin />}
        {data && (
          <>
            <p className="help" style={{ marginTop: 0 }}>按层级分组，点开查看。一般先找事情发生地的县级部门或乡镇（街道）。</p>
            <Collapse defaultActiveKey={groups[0]?.[0]} items={groups.map(([level, offices]) => ({
              key: level,
              label: `${level}（${offices.length} 个机关）`,
              children: offices.map((o) => (
                <div key={o.id} className="office-card receipt-block">
                  <h3>{o.name}</h3>
                  <p>{o.duties}</p>
                </div>
              )),
            }))} />
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="rota-title">
        <h2 id="rota-title" className="section-title">领导接访安排</h2>
        {data?.rota.length === 0 && <p className="help" style={{ margin: 0 }}>暂未公布接访安排。来访前可先网上反映，或致电当地信访部门。</p>}
        {data && data.rota.length > 0 && (
          <table className="rights-table">
            <caption className="muted" style={{ textAlign: 'left', paddingBottom: 4 }}>来访请到有权处理的本级或上一级机关的接待场所（第二十条）</caption>
            <thead><tr><th scope="col">时间</th><th scope="col">机关与地点</th><th scope="col">接访领导</th></tr></thead>
            <tbody>
              {data.rota.map((r, i) => <tr key={i}><td>{r.weekday} {r.time}</td><td>{r.organ}{r.place && <div className="muted">{r.place}</div>}</td><td>{r.leader ?? '—'}</td></tr>)}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="rights-title">
        <h2 id="rights-title" className="section-title">您的权利</h2>
        <ul className="rights-list">
          {RIGHTS.map(([text, art]) => <li key={art}>{text} <span className="cite">（《信访工作条例》{art}）</span></li>)}
        </ul>
        <h3 style={{ fontSize: 16, margin: '16px 0 8px' }}>也请您注意</h3>
        <p className="help" style={{ margin: 0 }}>
          请如实反映情况，不捏造、歪曲事实；依法应当通过诉讼、仲裁、行政复议等途径解决的，工作人员会告诉您该走哪条路（第二十六条、第三十一条）。
        </p>
      </section>
    </>
  );
}
