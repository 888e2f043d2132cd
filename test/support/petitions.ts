/** A believable claim petition for API tests; override any field. */
export const samplePetition = (over: Record<string, unknown> = {}) => ({
  channel: 'letter', kind: 'claim', title: '某建筑公司拖欠农民工工资',
  petitioners: [{ kind: 'person', name: '钟德福', idNumber: '360731197805120015', phone: '13907971234', address: '于都县贡江镇长征村' }],
  headcount: 1, anonymous: false,
  requests: [{ no: 1, text: '责令公司支付拖欠的三个月工资共计2.4万元' }, { no: 2, text: '依法处理公司负责人' }],
  facts: '2025年5月至7月在县城某小区工地务工，公司以资金紧张为由拒付工资。', reasons: '多次讨要未果。',
  categoryCode: null, regionCode: '360731100', organsConcerned: ['county-rsj'], accusedOrganIds: [], involvedUserIds: [],
  linkedCaseIds: [], attachments: [], ...over,
});
