/** Placeholder until the screen is built (scaffold). */
import { Result } from 'antd';

export default function Queue() {
  return <Result status="info" title="建设中" />;
}
