/**
 * An async handler for antd's Popconfirm `onConfirm`: Popconfirm waits for a promise the handler
 * returns (its OK button spins and the popup stays open until it settles), though its type says the
 * handler returns void. The handler must settle, not reject: it reports its own errors.
 */
export function untilDone(handler: () => Promise<void>): () => void {
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it; its type says void
  return handler;
}
