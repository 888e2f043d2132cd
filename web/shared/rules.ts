/**
 * An antd form rule from a plain check: `check` says what is wrong with the value (shown under the
 * field), or returns nothing when it is fine. antd takes a validator's answer as a promise.
 */
export function checked<V>(check: (value: V) => string | null | undefined | false): { validator: (rule: unknown, value: V) => Promise<void> } {
  return {
    validator: (_rule, value) => {
      const problem = check(value);
      return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
    },
  };
}
