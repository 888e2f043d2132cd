/** 统计: the indicators of an organ subtree for a period, and the cases behind each figure (StatsService). */
import { FigureCasesQueryT, FigureCasesT, IndicatorAnswerT, IndicatorQueryT } from '../../app/contracts/stats.js';
import type { StatsService } from '../../app/stats-service.js';
import { staff } from '../request-user.js';
import { errors, type App } from '../schemas.js';

export function registerStatsRoutes(app: App, stats: StatsService): void {
  app.get('/api/stats/indicators', {
    schema: {
      tags: ['stats'],
      summary: '统计指标：机关（含下级）在期间内的及时受理率、按期办结率、参评率、满意率、重复信访率、网上信访占比与计数；by=child 列出各直属下级，compare=true 列出环比、同比',
      querystring: IndicatorQueryT, response: { 200: IndicatorAnswerT, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => stats.indicators(staff(req), req.query));

  app.get('/api/stats/indicators/cases', {
    schema: {
      tags: ['stats'],
      summary: '指标的分子或分母、计数背后的案件（本人数据权限内；权限外的只计件数）',
      querystring: FigureCasesQueryT, response: { 200: FigureCasesT, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => stats.figureCases(staff(req), req.query));
}
