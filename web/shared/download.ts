/**
 * A file the server writes (an Excel export): fetched with the session cookie, saved by the
 * browser under the name of its Content-Disposition (RFC 5987 filename*), and a failure thrown as
 * ApiError with the server's code and Chinese message, as the JSON client does.
 */
import { ApiError, withQuery, type RequestOptions } from './api';

/** Downloads `url` with `query`; answers the file name it was saved under. */
export async function downloadFile(url: string, query: RequestOptions['query'], fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(withQuery(url, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试');
  }
  if (!res.ok) {
    const e = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? `导出失败（${res.status}）`);
  }
  const cd = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1];
  const filename = encoded ? decodeURIComponent(encoded) : fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return filename;
}
