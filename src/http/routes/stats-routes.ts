/** 统计: the indicators of an organ subtree for a period, and the cases behind each figure (StatsService). */
import { AnnualReportQueryT, BreakdownAnswerT, BreakdownQueryT, BulletinQueryT, FigureCasesQueryT, FigureCasesT, IndicatorAnswerT, IndicatorQueryT, MonthlyAnswerT } from '../../app/contracts/stats.js';
import { indicatorWorkbook } from '../../app/stats-export.js';
import type { StatsService } from '../../app/stats-service.js';
import type { AnnualReportService } from '../../app/annual-report.js';
import { staff } from '../request-user.js';
import { errors, fileAnswer, type App } from '../schemas.js';
import { DOCUMENT_MIME } from '../../app/document-files.js';
import { attachmentDisposition, XLSX } from './workbench-routes.js';

const DOCX = DOCUMENT_MIME.docx;

export function registerStatsRoutes(app: App, stats: StatsService, annual: AnnualReportService): void {
  app.get('/api/stats/indicators', {
    schema: {
      tags: ['stats'],
      summary: '统计指标：机关（含下级）在期间内的及时受理率、按期办结率、参评率、满意率、重复信访率、网上信访占比与计数；by=child 列出各直属下级，compare=true 列出环比、同比',
      querystring: IndicatorQueryT, response: { 200: IndicatorAnswerT, ...errors(400, 401, 403, 422) },
    },
  }, async (req) => stats.indicators(staff(req), req.query));

  app.get('/api/stats/indicators/export', {
    schema: {
      tags: ['stats'], summary: '统计指标导出 Excel：机关合计与各直属下级，比率及其分子分母；compare=true 并列环比、同比',
      querystring: IndicatorQueryT, response: { 200: fileAnswer('Excel 工作簿（.xlsx）', XLSX), ...errors(400, 401, 403, 422) },
    },
  }, async (req, reply) => {
    const answer = await stats.indicators(staff(req), { ...req.query, by: 'child' });
    const name = `统计指标-${answer.organName}-${answer.from}至${answer.to}.xlsx`;
    return reply.header('content-type', XLSX).header('content-disposition', attachmentDisposition(name, `indicators-${answer.from}-${answer.to}.xlsx`))
      .header('cache-control', 'no-store').send(await indicatorWorkbook(answer));
  });

  app.get('/api/stats/bulletin', {
    schema: {
      tags: ['stats'], summary: '月通报（Word）：当月各项指标及环比、同比，各直属下级排名，在办超期事项和积案及其责任单位、承办人',
      querystring: BulletinQueryT, response: { 200: fileAnswer('Word 文档（.docx）', DOCX), ...errors(400, 401, 403, 422) },
    },
  }, async (req, reply) => {
    const { organName, file } = await stats.bulletin(staff(req), req.query);
    return reply.header('content-type', DOCX)
      .header('content-disposition', attachmentDisposition(`${organName}信访工作月通报-${req.query.month}.docx`, `bulletin-${req.query.month}.docx`))
      .header('cache-control', 'no-store').send(file);
  });

  app.get('/api/stats/annual-report', {
    schema: {
      tags: ['stats'],
      summary: '信访情况年度报告（Word，第41条）：数据统计、涉及领域和被投诉较多的机关；转送、交办、督办；三项建议及采纳情况；年末在办超期和积案',
      querystring: AnnualReportQueryT, response: { 200: fileAnswer('Word 文档（.docx）', DOCX), ...errors(400, 401, 403, 422) },
    },
  }, async (req, reply) => {
    const { organName, year, file } = await annual.report(staff(req), req.query);
    return reply.header('content-type', DOCX)
      .header('content-disposition', attachmentDisposition(`${organName}${year}年信访情况年度报告.docx`, `annual-report-${year}.docx`))
      .header('cache-control', 'no-store').send(file);
  });

  app.get('/api/stats/indicators/monthly', {
    schema: {
      tags: ['stats'], summary: '逐月统计指标（趋势、访降网升）：期间内每个月的比率与计数（在办超期、积案不按月计，为 0）',
      querystring: IndicatorQueryT, response: { 200: MonthlyAnswerT, ...errors(400, 401, 403, 422) },
    },
  }, async (req) => stats.monthly(staff(req), req.query));

  app.get('/api/stats/breakdown', {
    schema: {
      tags: ['stats'], summary: '期间内登记的信访按信访形式或内容分类第一级分布',
      querystring: BreakdownQueryT, response: { 200: BreakdownAnswerT, ...errors(400, 401, 403, 422) },
    },
  }, async (req) => stats.breakdown(staff(req), req.query));

  app.get('/api/stats/indicators/cases', {
    schema: {
      tags: ['stats'],
      summary: '指标的分子或分母、计数背后的案件（本人数据权限内；权限外的只计件数）',
      querystring: FigureCasesQueryT, response: { 200: FigureCasesT, ...errors(400, 401, 403, 422) },
    },
  }, async (req) => stats.figureCases(staff(req), req.query));
}
