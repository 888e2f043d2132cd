/**
 * The form's validation errors as one announced list (role="alert"): antd shows each message under
 * its field but does not announce it, and on a phone the field may be off screen.
 */
import { Alert } from 'antd';

export interface ValidateErrorInfo { errorFields?: { errors: string[] }[] }

export function errorMessages(e: unknown): string[] {
  // Whatever validateFields rejected with: antd's error info, or anything else a caller caught.
  const fields = (e as ValidateErrorInfo | null | undefined)?.errorFields ?? [];
  return fields.flatMap((f) => f.errors);
}

export function FormErrors({ errors }: { errors: string[] }) {
  if (!errors.length) return null;
  return (
    <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }}
      message={errors.length === 1 ? errors[0] : `还有 ${errors.length} 处需要填写或修改`}
      description={errors.length > 1 ? <ul style={{ margin: 0, paddingLeft: 18 }}>{errors.map((m, i) => <li key={i}>{m}</li>)}</ul> : undefined} />
  );
}
