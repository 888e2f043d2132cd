/**
 * What the operator commands (backup, restore, audit:head, audit:verify) and the benches share:
 * reading `--name value` (or `--name=value`) arguments, and ending with the exit code main() answers — 2, with the reason, when it throws.
 */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
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
