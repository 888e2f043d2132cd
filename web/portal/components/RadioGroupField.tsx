/**
 * A required antd Radio.Group inside Form.Item: Form.Item hands aria-required / aria-invalid to the
 * group's plain div, where ARIA does not allow them (axe: aria-allowed-attr). Here they sit on a
 * role="radiogroup" wrapper that also carries the group's name.
 */
import { Radio, type RadioGroupProps } from 'antd';

type Props = RadioGroupProps & { 'groupLabel': string; 'aria-required'?: boolean | 'true' | 'false'; 'aria-invalid'?: boolean | 'true' | 'false'; 'aria-describedby'?: string };

export function RadioGroupField({ groupLabel, id, 'aria-required': required, 'aria-invalid': invalid, 'aria-describedby': describedBy, ...rest }: Props) {
  return (
    <div role="radiogroup" id={id} aria-label={groupLabel} aria-required={required} aria-invalid={invalid} aria-describedby={describedBy}>
      <Radio.Group {...rest} />
    </div>
  );
}
