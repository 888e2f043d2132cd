/**
 * The submit of every workbench dialog: check the form (field errors show in place), send, and on a
 * refusal show the server's message as it says it; `busy` drives the OK button's spinner. `send`
 * may throw an ApiError of its own to show a different message.
 */
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../shared/api';

export function useFormSubmit<T>(form: FormInstance<T>, send: (values: T) => Promise<void>, fallback = '提交失败，请重试', onRefused?: (e: ApiError) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await send(values);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : fallback);
      if (e instanceof ApiError) onRefused?.(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}
