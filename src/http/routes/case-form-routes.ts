/**
 * What the workbench's case screens need beside the case itself: the server's date (action forms
 * default to it — the browser's own date may differ from the clock the rules run on) and the staff
 * directory (names for the timeline, approvers and assignees for the forms). Staff see their
 * colleagues' names and roles; nothing personal (ID numbers, phones) is in it.
 */
import { FormContextT } from '../../app/contracts/workbench.js';
import type { WorkbenchService } from '../../app/workbench-service.js';
import { staff } from '../request-user.js';
import { errors, type App } from '../schemas.js';

export function registerCaseFormRoutes(app: App, workbench: WorkbenchService): void {
  app.get('/api/workbench/context', {
    schema: { tags: ['reference'], summary: '工作台办理表单所需：服务器当日日期（北京时间）与工作人员名录（姓名、机关、角色）', response: { 200: FormContextT, ...errors(401) } },
  }, async (req) => {
    staff(req);
    return workbench.formContext();
  });
}
