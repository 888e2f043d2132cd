/**
 * /staff/print/:caseId/:documentId — one issued notice laid out as an A4 official document
 * (GB/T 9704-2012): red masthead of the issuing organ, document number, red rule, title,
 * addressee, body, signature and date in Chinese; the toolbar is hidden when printing.
 */
import { PrinterOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, Button, Spin } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../shared/api';
import { formatChineseDate, scalarText } from '../../shared/format';
import { DOCUMENT_LABELS, type DocumentKind } from '../../../src/domain/model/documents.js';
import { dueText, isProvisionalField } from '../../../src/domain/calendar/provisional-note.js';
import { CHANNEL_LABELS } from '../../../src/domain/model/petition.js';
import { DECISION_LABELS, labelOf, OPINION_STAGE_LABELS, OUTCOME_LABELS, SERVICE_METHOD_LABELS } from '../../../src/domain/labels.js';
import { useCaseDetail, useCaseDocuments, useWorkbenchContext, type DocumentRow, type CaseRecord } from '../components/case/data';
import { useOrgans } from '../components/reference';
import '../print.css';

/** Documents sent to another organ rather than to the petitioner. */
const TO_ORGAN: ReadonlySet<DocumentKind> = new Set(['forwarding_slip', 'assignment_slip', 'objection_letter', 'report_back', 'supervision_order', 'major_case_report', 'correction_order']);

export interface Names { organ: (id: string | null | undefined) => string; user: (id: string | null | undefined) => string }

const P = ({ children, plain }: { children: ReactNode; plain?: boolean }) => <p className={plain ? 'doc-plain' : undefined}>{children}</p>;
const str = scalarText;
const cnDate = (v: unknown): string => (typeof v === 'string' && v ? formatChineseDate(v) : '');
/** A computed due date of the document, with 预计 and its note when it was provisional at issue. */
const cnDue = (d: Record<string, unknown>, field: string): string => dueText(d[field], isProvisionalField(d, field), { chinese: true, none: '' });

function petitionerName(c: CaseRecord): string {
  if (c.content.anonymous || c.content.petitioners.length === 0) return '信访人';
  const names = c.content.petitioners.map((p) => p.name);
  return names.length > 3 ? `${names.slice(0, 3).join('、')}等${c.content.headcount}人` : names.join('、');
}

function Requests({ c }: { c: CaseRecord }) {
  return <>{c.content.requests.map((r) => <P key={r.no}>{c.content.requests.length > 1 ? `${r.no}. ` : ''}{r.text}</P>)}</>;
}

interface OpinionData {
  outcomes?: { requestNo: number; outcome: string; reasoning: string }[]; facts?: string; basis?: string; decision?: string | null; form?: string;
  reviewOrganId?: string | null; rereviewOrganId?: string | null; final?: boolean; finality?: string;
}

function OpinionBody({ d, c, kind, names }: { d: OpinionData; c: CaseRecord; kind: DocumentKind; names: Names }) {
  const stage = kind === 'review_opinion' ? '复查' : kind === 'rereview_opinion' ? '复核' : null;
  return (
    <>
      <P>{stage ? `你（你们）不服原处理意见，于法定期限内提出${stage}请求，本机关依法予以受理。` : `你（你们）于${cnDate(c.content.receivedOn)}提出的信访事项（${c.number}），本机关已依法受理。`}现将{stage ? `${stage}意见` : '处理意见'}告知如下：</P>
      <P>一、信访请求</P>
      <Requests c={c} />
      <P>二、查明事实</P>
      <P>{str(d.facts)}</P>
      <P>三、处理意见及依据</P>
      {(d.outcomes ?? []).map((o) => {
        const r = c.content.requests.find((x) => x.no === o.requestNo);
        return <P key={o.requestNo}>对第{o.requestNo}项请求{r ? `（${r.text}）` : ''}：{labelOf(OUTCOME_LABELS, o.outcome) ?? o.outcome}。{o.reasoning}</P>;
      })}
      {d.decision && <P>{stage}决定：{labelOf(DECISION_LABELS, d.decision) ?? d.decision}原处理意见。</P>}
      <P>依据：{str(d.basis)}</P>
      {kind === 'opinion' || kind === 'mediation_agreement' || kind === 'settlement_agreement' ? (
        d.reviewOrganId ? <P>如对本处理意见不服，可以自收到本意见书之日起30日内，向{names.organ(d.reviewOrganId)}请求复查。</P> : null
      ) : kind === 'review_opinion' ? (
        d.rereviewOrganId ? <P>如对本复查意见不服，可以自收到本意见书之日起30日内，向{names.organ(d.rereviewOrganId)}请求复核。</P> : null
      ) : (
        <P>{d.finality ?? '本复核意见为最终意见。对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理（《信访工作条例》第三十六条第三款）。'}</P>
      )}
    </>
  );
}

/** The body of each kind of notice, from the data frozen in the document when it was issued. */
export function Body({ doc, c, names, petitioner }: { doc: DocumentRow; c: CaseRecord; names: Names; petitioner: string }) {
  const d = doc.data;
  const received = `你（你们）于${cnDate(c.content.receivedOn)}以${CHANNEL_LABELS[c.content.channel]}形式提出的“${c.content.title}”信访事项（编号${c.number}）`;
  switch (doc.kind) {
    case 'acceptance_notice':
      return (
        <>
          <P>{received}，{d.senderOrganId ? `经${names.organ(str(d.senderOrganId))}转来，本机关于${cnDate(d.receivedOn)}收到。` : `本机关于${cnDate(d.receivedOn)}收到。`}经审查，该事项属于本机关职责范围，根据《信访工作条例》第二十三条、第三十四条的规定，决定予以受理{d.simplified ? '，并适用简易程序办理' : ''}。</P>
          <P>你（你们）的信访请求如下：</P>
          <Requests c={c} />
          <P>本机关将{cnDue(d, 'handlingDue') ? `于${cnDue(d, 'handlingDue')}前` : `自受理之日起${d.simplified ? '10' : '60'}日内`}办结并出具书面处理意见；情况复杂的，经本机关负责人批准可以适当延长办理期限，并告知你（你们）延期理由。</P>
          <P>特此告知。</P>
        </>
      );
    case 'non_acceptance_notice':
      return (
        <>
          <P>{received}，经审查，本机关决定不予受理{d.earlierCaseNumber ? `：该信访事项已由${str(d.earlierOrganName)}受理办理（编号${str(d.earlierCaseNumber)}）` : ''}。</P>
          <P>理由：{str(d.reason)}</P>
          <P>依据：{str(d.basis)}</P>
          <P>你（你们）可以通过以下途径提出：{str(d.channel)}</P>
          <P>特此告知。</P>
        </>
      );
    case 'non_reacceptance_notice':
      return d.text
        ? <><P>{received}。{str(d.text)}</P><P>依据：{str(d.basis)}</P><P>特此告知。</P></>
        : <><P>{received}，与已经终结的信访事项（编号{str(d.terminatedCaseNumber)}）系同一事实和理由，根据《信访工作条例》第三十六条的规定，不再受理。</P><P>特此告知。</P></>;
    case 'referral_notice':
      return <><P>{received}，{str(d.procedure)}，本机关已转送{str(d.toName)}。根据《信访工作条例》第二十二条第二款、第二十八条第二款的规定，该事项依照其法定程序处理。</P><P>{str(d.remedy)}</P><P>特此告知。</P></>;
    case 'correction_order':
      return (
        <>
          <P>你单位对“{c.content.title}”信访事项（编号{c.number}）作出的{cnDate(d.refusedOn)}决定，经审查认为不当。根据《信访工作条例》第四十四条的规定，责令你单位改正，重新审查是否受理，并自收到之日起15日内书面告知信访人。</P>
          <P>理由：{str(d.reason)}</P>
        </>
      );
    case 'diversion_guidance':
      return <><P>{received}，属于应当通过{str(d.routeLabel)}解决的事项。根据《信访工作条例》第三十一条的规定，请依照法定途径提出。</P><P>引导意见：{str(d.guidance)}</P><P>特此告知。</P></>;
    case 'redirection_notice':
      return <><P>{received}，不属于本机关职责范围，依法应当向{str(d.competentAuthority)}提出。</P><P>理由：{str(d.reason)}</P><P>特此告知。</P></>;
    case 'forwarding_slip':
    case 'assignment_slip':
      return (
        <>
          <P>现将{c.content.petitioners.length ? petitionerName(c) : '信访人'}于{cnDate(c.content.receivedOn)}以{CHANNEL_LABELS[c.content.channel]}形式反映的“{c.content.title}”信访事项（编号{c.number}）{doc.kind === 'assignment_slip' ? '交由你单位办理' : '转送你单位依法处理'}。</P>
          <P>信访请求：</P>
          <Requests c={c} />
          {doc.kind === 'assignment_slip'
            ? <P>请依法及时处理，并于{cnDate(d.reportBackDue)}前将办理结果以办结报告形式报送本机关。</P>
            : <P>请自收到之日起15日内决定是否受理，并书面告知信访人{cnDue(d, 'due') ? `（受理期限至${cnDue(d, 'due')}）` : ''}；如认为不属于你单位职责范围，请于收到之日起5个工作日内提出异议并说明理由。</P>}
          {str(d.note) && <P>附言：{str(d.note)}</P>}
        </>
      );
    case 'extension_notice':
      return (
        <>
          <P>{received}，本机关已依法受理。因{str(d.reason)}，不能在规定期限内办结。经本机关负责人（{names.user(str(d.approverId))}）批准，根据《信访工作条例》第三十四条的规定，办理期限延长{str(d.days)}日{cnDue(d, 'newDue') ? `，至${cnDue(d, 'newDue')}` : ''}。</P>
          <P>特此告知。</P>
        </>
      );
    case 'opinion':
    case 'mediation_agreement':
    case 'settlement_agreement':
    case 'review_opinion':
    case 'rereview_opinion':
      return <OpinionBody d={d} c={c} kind={doc.kind} names={names} />;
    case 'service_receipt':
      return (
        <table>
          <tbody>
            <tr><th scope="row">送达文书</th><td>{labelOf(OPINION_STAGE_LABELS, d.stage) ?? '意见'}书（{c.number}）</td></tr>
            <tr><th scope="row">受送达人</th><td>{petitioner}</td></tr>
            <tr><th scope="row">送达方式</th><td>{labelOf(SERVICE_METHOD_LABELS, d.method) ?? str(d.method)}</td></tr>
            <tr><th scope="row">送达日期</th><td>{cnDate(d.servedOn)}</td></tr>
            <tr><th scope="row">受送达人签名</th><td style={{ height: '28mm' }} /></tr>
            <tr><th scope="row">送达人签名</th><td style={{ height: '20mm' }} /></tr>
          </tbody>
        </table>
      );
    case 'review_acceptance_notice':
    case 'rereview_acceptance_notice': {
      const what = doc.kind === 'review_acceptance_notice' ? '复查' : '复核';
      return <><P>你（你们）于{cnDate(d.requestedOn)}提出的{what}请求（原信访事项编号{c.number}），本机关{d.receivedOn ? `于${cnDate(d.receivedOn)}收到，` : ''}决定予以受理，将{cnDue(d, 'decisionDue') ? `于${cnDue(d, 'decisionDue')}前` : '自收到请求之日起30日内'}提出{what}意见。</P><P>特此告知。</P></>;
    }
    case 'objection_letter':
      return <><P>你单位转来的“{c.content.title}”信访事项（编号{c.number}），经审查不属于本机关职责范围，现提出异议，请予收回。</P><P>理由：{str(d.reason)}</P></>;
    case 'major_case_report':
      return <><P>现将“{c.content.title}”信访事项（编号{c.number}）有关情况报告如下：</P><P>{str(d.summary)}</P></>;
    case 'report_back':
      return <><P>你单位交办的“{c.content.title}”信访事项（编号{c.number}）已办理完毕，现将办理情况报告如下：</P><P>{str(d.text)}</P></>;
    case 'hearing_notice':
      return <><P>本机关决定就“{c.content.title}”信访事项（编号{c.number}）的复核举行听证，听证自{cnDate(d.startedOn)}开始，听证所需时间不计入复核期限。</P>{str(d.note) && <P>{str(d.note)}</P>}</>;
    case 'hearing_record':
      return <><P>听证日期：{cnDate(d.heldOn ?? d.endedOn)}</P><P>听证情况：{str(d.summary)}</P></>;
    case 'termination_notice':
      return (
        <>
          <P>你（你们）提出的“{c.content.title}”信访事项（编号{c.number}），已经处理、复查、复核程序，复核意见已依法送达。根据《信访工作条例》第三十六条的规定，该信访事项已经终结。信访人对复核意见不服，仍以同一事实和理由提出信访请求的，不再受理。</P>
          <P>特此告知。</P>
        </>
      );
    case 'supervision_order':
      return <><P>“{c.content.title}”信访事项（编号{c.number}），现予督办。</P><P>督办事由：{str(d.reason)}</P><P>请于{cnDate(d.dueOn)}前将办理情况反馈本机关。</P></>;
    default:
      return <P>{JSON.stringify(d)}</P>;
  }
}

export default function PrintDocument() {
  const { caseId = '', documentId = '' } = useParams();
  const detail = useCaseDetail(caseId);
  const docs = useCaseDocuments(caseId);
  const organs = useOrgans();
  const ctx = useWorkbenchContext();
  const doc = docs.data?.find((d) => d.id === documentId);
  const c = detail.data?.case;
  useEffect(() => {
    if (doc) document.title = `${DOCUMENT_LABELS[doc.kind]} ${doc.docNumber}`;
  }, [doc]);
  const toolbar = (
    <div className="print-toolbar" role="toolbar" aria-label="打印工具栏">
      <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!doc}>打印</Button>
      <Button icon={<RollbackOutlined />} onClick={() => { if (window.history.length > 1) window.history.back(); else window.close(); }}>返回</Button>
    </div>
  );
  const error = detail.error ?? docs.error;
  if (error) return <main className="print-root">{toolbar}<Alert type="error" showIcon style={{ maxWidth: 600, margin: '0 auto' }} message={error instanceof ApiError ? error.message : '文书加载失败'} /></main>;
  if (!c || !docs.data || !organs.data || !ctx.data) return <main className="print-root">{toolbar}<Spin size="large" className="page-spin" /></main>;
  if (!doc) return <main className="print-root">{toolbar}<Alert type="error" showIcon style={{ maxWidth: 600, margin: '0 auto' }} message="文书不存在" /></main>;
  const names: Names = { organ: organs.name, user: ctx.userName };
  const petitioner = petitionerName(c);
  const toOrgan = TO_ORGAN.has(doc.kind);
  const { toName, to, targetOrganId, reportedTo } = doc.data;
  const addressee = toOrgan ? (str(toName) || names.organ(str(to ?? targetOrganId ?? reportedTo)) || str(reportedTo)) : petitioner;
  const issuer = organs.name(doc.organId);
  return (
    <main className="print-root">
      {toolbar}
      <article className="official-doc" aria-label={`${DOCUMENT_LABELS[doc.kind]}（${doc.docNumber}）`}>
        <header>
          <p className="doc-masthead">{issuer}</p>
          <p className="doc-number" data-testid="doc-number">{doc.docNumber}</p>
          <hr className="doc-rule" />
        </header>
        <h1 className="doc-title">{DOCUMENT_LABELS[doc.kind]}</h1>
        {doc.kind !== 'service_receipt' && doc.kind !== 'hearing_record' && <p className="doc-addressee">{addressee}：</p>}
        <div className="doc-body">
          <Body doc={doc} c={c} names={names} petitioner={petitioner} />
        </div>
        <div className="doc-signature">
          <p>{issuer}</p>
          <p>{formatChineseDate(doc.issuedOn)}</p>
          <p className="doc-seal-note">（加盖印章）</p>
        </div>
        <div className="doc-page-number" aria-hidden="true">— 1 —</div>
      </article>
    </main>
  );
}
