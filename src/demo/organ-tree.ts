/**
 * The demo organ tree: a province → city → county → three townships → villages, each territorial
 * level with its departments. Region codes follow GB/T 2260 (townships and villages use the
 * statistical 9/12-digit extension); the access-control work replaces them with a maintained data set.
 */
import type { Organ, OrganKind, OrganLevel } from '../domain/model/organ.js';
import type { Role } from '../domain/model/user.js';

const o = (id: string, name: string, parentId: string | null, level: OrganLevel, kind: OrganKind, regionCode: string | null): Organ =>
  ({ id, name, parentId, level, kind, regionCode, successorId: null });

/** A department; `system` names its functional line (本系统) from province to county (Art 23). */
const dept = (id: string, name: string, parentId: string, kind: OrganKind = 'handling_organ', system: string | null = null): Organ =>
  ({ ...o(id, name, parentId, 'department', kind, null), system });

export const DEMO_ORGANS: Organ[] = [
  o('prov', '江西省人民政府', null, 'province', 'handling_organ', '360000'),
  dept('prov-xfj', '江西省信访局', 'prov', 'petition_office', 'petition'),
  dept('prov-rst', '江西省人力资源和社会保障厅', 'prov', 'handling_organ', 'hrss'),
  dept('prov-jw', '江西省纪委监委', 'prov', 'discipline_inspection', 'discipline'),

  o('city', '赣州市人民政府', 'prov', 'city', 'handling_organ', '360700'),
  dept('city-xfj', '赣州市信访局', 'city', 'petition_office', 'petition'),
  dept('city-rsj', '赣州市人力资源和社会保障局', 'city', 'handling_organ', 'hrss'),
  dept('city-zjj', '赣州市住房和城乡建设局', 'city', 'handling_organ', 'housing'),
  dept('city-jw', '赣州市纪委监委', 'city', 'discipline_inspection', 'discipline'),
  dept('city-zfw', '中共赣州市委政法委员会', 'city', 'political_legal', 'political_legal'),

  o('county', '于都县人民政府', 'city', 'county', 'handling_organ', '360731'),
  dept('county-xfj', '于都县信访局', 'county', 'petition_office', 'petition'),
  dept('county-rsj', '于都县人力资源和社会保障局', 'county', 'handling_organ', 'hrss'),
  dept('county-zjj', '于都县住房和城乡建设局', 'county', 'handling_organ', 'housing'),
  dept('county-zrj', '于都县自然资源局', 'county', 'handling_organ', 'natural_resources'),
  dept('county-jyj', '于都县教育体育局', 'county', 'handling_organ', 'education'),
  dept('county-wjw', '于都县卫生健康委员会', 'county', 'handling_organ', 'health'),
  dept('county-sthj', '赣州市于都生态环境局', 'county', 'handling_organ', 'environment'),
  dept('county-jtj', '于都县交通运输局', 'county', 'handling_organ', 'transport'),
  dept('county-scj', '于都县市场监督管理局', 'county', 'handling_organ', 'market'),
  dept('county-jw', '中共于都县纪律检查委员会、于都县监察委员会', 'county', 'discipline_inspection', 'discipline'),
  dept('county-zfw', '中共于都县委政法委员会', 'county', 'political_legal', 'political_legal'),

  o('town-gj', '于都县贡江镇人民政府', 'county', 'township', 'handling_organ', '360731100'),
  dept('town-gj-xfb', '贡江镇信访办', 'town-gj', 'petition_office'),
  o('vil-gj-1', '贡江镇长征村村民委员会', 'town-gj', 'village', 'handling_organ', '360731100201'),
  o('vil-gj-2', '贡江镇滨江社区居民委员会', 'town-gj', 'village', 'handling_organ', '360731100003'),

  o('town-tsl', '于都县铁山垅镇人民政府', 'county', 'township', 'handling_organ', '360731101'),
  dept('town-tsl-xfb', '铁山垅镇信访办', 'town-tsl', 'petition_office'),
  o('vil-tsl-1', '铁山垅镇黄麟村村民委员会', 'town-tsl', 'village', 'handling_organ', '360731101201'),
  o('vil-tsl-2', '铁山垅镇铁山垅村村民委员会', 'town-tsl', 'village', 'handling_organ', '360731101202'),

  o('town-pgs', '于都县盘古山镇人民政府', 'county', 'township', 'handling_organ', '360731102'),
  dept('town-pgs-xfb', '盘古山镇信访办', 'town-pgs', 'petition_office'),
  o('vil-pgs-1', '盘古山镇盘古山村村民委员会', 'town-pgs', 'village', 'handling_organ', '360731102201'),
  o('vil-pgs-2', '盘古山镇新地村村民委员会', 'town-pgs', 'village', 'handling_organ', '360731102202'),
];

export interface DemoUser { id: string; username: string; name: string; organId: string; roles: Role[] }

const u = (username: string, name: string, organId: string, ...roles: Role[]): DemoUser => ({ id: `u-${username}`, username, name, organId, roles });

/** Staff in every role. All demo accounts share DEMO_PASSWORD. */
export const DEMO_USERS: DemoUser[] = [
  u('admin', '系统管理员', 'county-xfj', 'system_admin'),
  u('secadmin', '安全管理员', 'county-xfj', 'security_admin'),
  u('auditor', '安全审计员', 'county-xfj', 'audit_admin'),
  u('xfj_clerk', '刘晓燕', 'county-xfj', 'intake_clerk'),
  u('xfj_officer', '陈志强', 'county-xfj', 'petition_officer'),
  u('xfj_leader', '王建国', 'county-xfj', 'leader', 'petition_officer'),
  u('xfj_viewer', '赵德明', 'county-xfj', 'viewer'),
  u('rsj_handler', '李娟', 'county-rsj', 'handler'),
  u('rsj_leader', '张伟', 'county-rsj', 'leader'),
  u('zjj_handler', '周海涛', 'county-zjj', 'handler'),
  u('zjj_leader', '吴立新', 'county-zjj', 'leader'),
  u('zrj_handler', '郭敏', 'county-zrj', 'handler'),
  u('zrj_leader', '何光明', 'county-zrj', 'leader'),
  u('jyj_handler', '罗静', 'county-jyj', 'handler'),
  u('jyj_leader', '梁文华', 'county-jyj', 'leader'),
  u('jw_handler', '宋清', 'county-jw', 'handler', 'discipline_officer'),
  u('jw_leader', '唐正', 'county-jw', 'leader', 'discipline_officer'),
  u('zfw_handler', '韩法', 'county-zfw', 'handler'),
  u('zfw_leader', '孔正义', 'county-zfw', 'leader'),
  u('xian_handler', '许杰', 'county', 'handler'),
  u('xian_leader', '邓县长', 'county', 'leader'),
  u('shi_xfj_officer', '冯丽', 'city-xfj', 'petition_officer'),
  u('shi_xfj_leader', '廖国庆', 'city-xfj', 'leader', 'petition_officer'),
  u('shi_rsj_handler', '邹婷', 'city-rsj', 'handler'),
  u('shi_rsj_leader', '熊斌', 'city-rsj', 'leader'),
  u('shi_handler', '曹明', 'city', 'handler'),
  u('shi_leader', '彭市长', 'city', 'leader'),
  u('sheng_handler', '黎明', 'prov', 'handler'),
  u('sheng_leader', '欧阳正', 'prov', 'leader'),
  u('gj_clerk', '曾红', 'town-gj-xfb', 'intake_clerk'),
  u('gj_officer', '肖勇', 'town-gj-xfb', 'petition_officer'),
  u('gj_handler', '田刚', 'town-gj', 'handler'),
  u('gj_leader', '潘镇长', 'town-gj', 'leader'),
  u('tsl_officer', '董芳', 'town-tsl-xfb', 'petition_officer'),
  u('tsl_handler', '袁平', 'town-tsl', 'handler'),
  u('tsl_leader', '蒋镇长', 'town-tsl', 'leader'),
  u('pgs_officer', '蔡亮', 'town-pgs-xfb', 'petition_officer'),
  u('pgs_handler', '贾强', 'town-pgs', 'handler'),
  u('pgs_leader', '丁镇长', 'town-pgs', 'leader'),
];

export const DEMO_PASSWORD = 'Minsheng@2026';
