/**
 * Art 36 ¶3 on the case: when a linked earlier matter's re-review opinion was served (a final
 * opinion) and nobody has compared it with this petition yet, the drawer says so, explains the two
 * decisions open to the officer, and offers them (each form shows both petitions side by side).
 * Findings already recorded (新的事实或理由) are shown as such.
 */
import { Alert, Button, Space } from 'antd';
import type { ActionName } from '../../../../src/domain/lifecycle/action-rules.js';
import { earlierCaseChoices } from '../../../../src/domain/lifecycle/choices.js';
import { TERMINAL_STATES } from '../../../../src/domain/model/case-states.js';
import type { OrganTree } from '../../../../src/domain/model/organ.js';
import { linkedCasesOf, type LinkedView } from './ActionForm';
import type { ActionAvailability, CaseRecord } from './data';

export function FinalMatter({ c, linked, tree, actions, onPick, organName, userName }: {
  c: CaseRecord; linked: LinkedView[]; tree: OrganTree; actions: ActionAvailability[] | undefined;
  onPick: (a: ActionAvailability) => void; organName: (id: string) => string; userName: (id: string) => string;
}) {
  const undecided = TERMINAL_STATES.has(c.state) ? [] : earlierCaseChoices('decline_final_matter', c, linkedCasesOf(linked), tree);
  const record = (id: string) => linked.find((l) => l.id === id)?.record ?? null;
  const button = (name: ActionName, text: string, primary = false) => {
    const a = actions?.find((x) => x.action === name && x.allowed);
    return a && <Button type={primary ? 'primary' : 'default'} onClick={() => onPick(a)} data-final-matter={name}>{text}</Button>;
  };
  // The engine sees every linked matter; this user may not: say so rather than offer nothing.
  const hidden = linked.filter((l) => !l.loading && !l.record).length;
  const unseenFinal = undecided.length === 0 && hidden > 0 && actions?.some((x) => x.action === 'decline_final_matter' && x.allowed);
  return (
    <>
      {unseenFinal && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="final-matter-hidden"
          message="本件关联的信访事项中有复核意见已送达（最终意见）的事项，但您无权查看其内容"
          description="须比对两件信访事项的事实和理由后才能作出“不再受理”或“有新的事实或理由”的认定（第36条第3款）。请联系持有原信访事项的机关或有权查看的人员办理。" />
      )}
      {undecided.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="final-matter"
          message="本件关联的信访事项复核意见已送达，为最终意见（《信访工作条例》第三十六条第三款）"
          description={(
            <>
              <ul style={{ margin: '4px 0', paddingLeft: '1.2em' }}>
                {undecided.map((l) => {
                  const r = record(l.id);
                  const op = r?.opinions.filter((o) => o.stage === 'rereview').at(-1);
                  return <li key={l.id}>{l.number} {r?.content.title}：{op ? `${organName(op.organId)}复核意见于${op.servedOn ?? op.issuedOn}送达` : '复核意见已送达'}</li>;
                })}
              </ul>
              <p style={{ margin: '4px 0' }}>
                信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理。请比对本件与原信访事项的请求、事实和理由后作出认定：
                事实和理由相同的，作出“不再受理”决定并书面告知信访人，本件办结；有新的事实或理由的，记录新的事实或理由，本件作为新的信访事项依法办理。
                作出认定前，本件不能转送、交办或受理。
              </p>
              <Space wrap>{button('decline_final_matter', '比对后不再受理', true)}{button('confirm_new_matter', '认定有新的事实或理由')}</Space>
            </>
          )} />
      )}
      {c.newMatterFindings.map((f) => (
        <Alert key={f.earlierCaseId} type="info" showIcon style={{ marginBottom: 12 }} data-testid="new-matter-finding"
          message={`已认定本件相对${record(f.earlierCaseId)?.number ?? '原信访事项'}有新的事实或理由，作为新的信访事项办理`}
          description={`${f.on} ${userName(f.by)}：${f.newFactsOrReasons}`} />
      ))}
    </>
  );
}
