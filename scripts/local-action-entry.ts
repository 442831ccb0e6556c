/**
 * Entry point for `npx @github/local-action . scripts/local-action-entry.ts .env`, to step through
 * the TypeScript sources in a debugger. local-action imports this file and calls its run();
 * src/index.ts runs the action as soon as it is imported. Tried with local-action 7.0.1: it
 * replaces @actions/core with its own stub, so outputs show as `::set-output` lines rather than in
 * GITHUB_OUTPUT. `npm run local` runs the real bundle instead.
 */
export async function run(): Promise<void> {
  await import('../src/index.js')
}
