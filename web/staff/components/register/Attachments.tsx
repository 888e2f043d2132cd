/**
 * 附件: each file uploaded at once to POST /api/attachments (multipart field `file`), which answers
 * { name, mimeType, size, sha256 }; only files the server stored go into the petition. Images and
 * PDFs open from the local copy for preview. A failed upload says why and keeps the form usable.
 */
import { DeleteOutlined, EyeOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, List, Space, Tag, Typography, Upload } from 'antd';
import { api, ApiError } from '../../../shared/api';
import type { ApiAnswer } from '../../../shared/api-contract';

export type StoredAttachment = ApiAnswer<'/api/attachments', 'post'>;
export interface AttachmentItem { uid: string; file: File; status: 'uploading' | 'done' | 'error'; stored?: StoredAttachment; error?: string }

// The server's default limit (MINSHENG_ATTACHMENT_MAX_BYTES) and the types it accepts by content.
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = '.pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp';

function size(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function Attachments({ items, onChange }: { items: AttachmentItem[]; onChange: (f: (prev: AttachmentItem[]) => AttachmentItem[]) => void }) {
  const upload = async (file: File) => {
    const uid = crypto.randomUUID();
    const update = (patch: Partial<AttachmentItem>) => onChange((prev) => prev.map((x) => (x.uid === uid ? { ...x, ...patch } : x)));
    onChange((prev) => [...prev, { uid, file, status: 'uploading' }]);
    if (file.size > MAX_BYTES) {
      update({ status: 'error', error: '文件超过10MB' });
      return;
    }
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      const stored = await api.post<StoredAttachment>('/api/attachments', body);
      update({ status: 'done', stored });
    } catch (e) {
      const msg = e instanceof ApiError ? (e.status === 404 ? '附件服务暂不可用' : e.message) : '上传失败';
      update({ status: 'error', error: msg });
    }
  };
  const preview = (f: File) => {
    const url = URL.createObjectURL(f);
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Upload multiple showUploadList={false} accept={ACCEPT} beforeUpload={(f) => { void upload(f); return false; }}>
        <Button icon={<UploadOutlined />}>选择文件上传</Button>
      </Upload>
      <Typography.Text type="secondary">信件原件扫描件、身份证明、证据材料等：JPEG、PNG、WebP 图片或 PDF，单个文件不超过10MB。</Typography.Text>
      {items.length > 0 && (
        <List size="small" bordered dataSource={items} renderItem={(it) => (
          <List.Item actions={[
            ...(/^(image\/|application\/pdf)/.test(it.file.type) ? [<Button key="p" size="small" type="link" icon={<EyeOutlined />} onClick={() => preview(it.file)} aria-label={`预览 ${it.file.name}`}>预览</Button>] : []),
            <Button key="d" size="small" type="link" danger icon={<DeleteOutlined />} onClick={() => onChange((prev) => prev.filter((x) => x.uid !== it.uid))} aria-label={`移除 ${it.file.name}`}>移除</Button>,
          ]}>
            <Space wrap>
              <PaperClipOutlined aria-hidden />
              <span>{it.file.name}</span>
              <Typography.Text type="secondary">{size(it.file.size)}</Typography.Text>
              {it.status === 'uploading' && <Tag>上传中</Tag>}
              {it.status === 'done' && <Tag color="#237804">已上传</Tag>}
              {it.status === 'error' && <Tag color="#c4151c">未上传：{it.error}</Tag>}
            </Space>
          </List.Item>
        )} />
      )}
    </Space>
  );
}
