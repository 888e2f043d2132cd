/**
 * 台账: every case the user may see, a search form over a paginated table, and 导出Excel of the
 * same filter (GET /api/cases/ledger/export; the server applies the same scope, masks personal
 * data and audits the export). Filters live in the URL, so the dashboard's counts link here.
 * 批量导出卷宗 opens a dialog for the archive: the dossiers of an organ's cases closed in a period, as a zip.
 */
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Form, Row, Select, Space, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../../shared/api';
import { downloadFile } from '../../shared/download';
import { CaseList } from '../components/lists/CaseList';
import { DossierBatchButton } from '../components/lists/DossierBatchModal';
import { CHANNEL_OPTIONS, KIND_OPTIONS, STATE_OPTIONS, objectToParams, useUrlFilters, type LedgerPage } from '../components/lists/ref';
import { useCategories, useOrgans } from '../components/reference';
import { categoryTreeOptions, organTreeOptions, RegionPicker } from '../components/register/refdata';

const FILTER_KEYS = ['state', 'open', 'channel', 'kind', 'categoryCode', 'holderOrganId', 'regionCode', 'receivedFrom', 'receivedTo', 'overdue', 'simplified'] as const;
const YES_NO = [{ value: 'true', label: '是' }, { value: 'false', label: '否' }];
const OPEN_OPTIONS = [{ value: 'true', label: '在办' }, { value: 'false', label: '已办结/已终结' }];

export default function Ledger() {
  const { message } = App.useApp();
  const { setParams, filters } = useUrlFilters(FILTER_KEYS);
  const [form] = Form.useForm();
  const [exporting, setExporting] = useState(false);
  const { organs } = useOrgans();
  const { categories } = useCategories();

  useEffect(() => {
    const { receivedFrom, receivedTo, ...rest } = filters;
    const received = receivedFrom || receivedTo ? [receivedFrom ? dayjs(receivedFrom) : null, receivedTo ? dayjs(receivedTo) : null] : undefined;
    form.resetFields();
    form.setFieldsValue({ ...rest, received });
  }, [form, filters]);

  const categoryTree = useMemo(() => categoryTreeOptions(categories), [categories]);
  const organTree = useMemo(() => organTreeOptions(organs), [organs]);

  const onSearch = (v: Record<string, unknown>) => {
    const range = v.received as [Dayjs | null, Dayjs | null] | undefined;
    setParams(objectToParams({
      state: v.state as string, open: v.open as string, channel: v.channel as string, kind: v.kind as string, categoryCode: v.categoryCode as string,
      holderOrganId: v.holderOrganId as string, regionCode: v.regionCode as string, overdue: v.overdue as string, simplified: v.simplified as string,
      receivedFrom: range?.[0]?.format('YYYY-MM-DD'), receivedTo: range?.[1]?.format('YYYY-MM-DD'),
    }));
  };

  const exportExcel = async () => {
    setExporting(true);
    try {
      const filename = await downloadFile('/api/cases/ledger/export', filters, '台账.xlsx');
      message.success(`已导出 ${filename}`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  };

  const item = (name: string, label: string, node: ReactNode) => (
    <Col xs={24} sm={12} lg={8} xxl={6}><Form.Item name={name} label={label}>{node}</Form.Item></Col>
  );

  return (
    <div className="ledger-page">
      <Typography.Title level={1} className="page-title">查询台账</Typography.Title>
      <Card className="filter-card" size="small">
        <Form form={form} onFinish={onSearch} labelCol={{ flex: '84px' }} aria-label="台账查询条件">
          <Row gutter={16}>
            {item('state', '状态', <Select allowClear showSearch optionFilterProp="label" placeholder="全部" options={STATE_OPTIONS} />)}
            {item('open', '办理状态', <Select allowClear placeholder="全部" options={OPEN_OPTIONS} />)}
            {item('channel', '渠道', <Select allowClear placeholder="全部" options={CHANNEL_OPTIONS} />)}
            {item('kind', '类型', <Select allowClear placeholder="全部" options={KIND_OPTIONS} />)}
            {item('categoryCode', '内容分类', <TreeSelect allowClear showSearch treeNodeFilterProp="title" placeholder="全部" treeData={categoryTree} popupMatchSelectWidth={320} />)}
            {item('holderOrganId', '承办机关', <TreeSelect allowClear showSearch treeNodeFilterProp="title" placeholder="全部" treeData={organTree} treeDefaultExpandAll popupMatchSelectWidth={360} />)}
            {item('regionCode', '地区', <RegionPicker aria-label="地区" />)}
            {item('received', '登记日期', <DatePicker.RangePicker style={{ width: '100%' }} placeholder={['开始日期', '结束日期']} allowEmpty={[true, true]} />)}
            {item('overdue', '是否超期', <Select allowClear placeholder="全部" options={[{ value: 'true', label: '仅超期' }]} />)}
            {item('simplified', '简易程序', <Select allowClear placeholder="全部" options={YES_NO} />)}
            <Col xs={24} sm={12} lg={8} xxl={12}>
              <Form.Item>
                <Space wrap>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>查询</Button>
                  <Button onClick={() => setParams(new URLSearchParams())}>重置</Button>
                  <Button icon={<DownloadOutlined />} onClick={() => void exportExcel()} loading={exporting}>导出Excel</Button>
                  <DossierBatchButton />
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <CaseList name="ledger" variant="ledger" caption="信访事项台账（按登记日期由近及远）" filters={filters}
        load={(page, signal) => api.get<LedgerPage>('/api/cases/ledger', { query: { ...filters, ...page }, signal })} />
    </div>
  );
}
