/**
 * What the operator commands (backup, restore, audit:head, audit:verify) share: reading `--name value`
 * arguments, and ending with the exit code main() answers — 2, with the reason, when it throws.
 */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Runs `main`; a throw is reported as `failed：reason` with the code `codeFor` gives (default 2). */
export function runMain(main: () => Promise<number>, failed: (e: unknown) => string, codeFor: (e: unknown) => number = () => 2): void {
  main().then(
    (code) => { process.exitCode = code; },
    (e: unknown) => {
      console.error(`${failed(e)}：${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = codeFor(e);
    },
  );
}
