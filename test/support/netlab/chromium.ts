/**
 * Chromium inside a namespace. Playwright starts the executable it is given and talks to it over a pipe
 * (`--remote-debugging-pipe`, file descriptors 3 and 4), so a wrapper that enters the namespace and then
 * `exec`s Chromium is all it takes: the pipe is inherited, and the process Playwright holds is Chromium itself.
 */
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, LaunchOptions } from '@playwright/test'

export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/** Writes `<dir>/chromium-in-<ns>` and returns its path. */
export function writeChromiumWrapper(dir: string, ns: string, chromiumPath = DEFAULT_CHROMIUM): string {
  const path = join(dir, `chromium-in-${ns}`)
  // `ip netns exec` itself execs the command, so the pid Playwright sees is Chromium's, never a shell's.
  writeFileSync(path, `#!/bin/sh\nexec ip netns exec ${quote(ns)} ${quote(chromiumPath)} "$@"\n`)
  chmodSync(path, 0o755)
  return path
}

/**
 * Launches Chromium in `ns` with the caller's options (flags, fake media); `executablePath` names the real
 * Chromium to wrap. Playwright is imported here, not at the top, so Node-only tests never load it.
 */
export async function launchChromiumInNamespace(dir: string, ns: string, options: LaunchOptions = {}): Promise<Browser> {
  const wrapper = writeChromiumWrapper(dir, ns, options.executablePath ?? DEFAULT_CHROMIUM)
  const { chromium } = await import('@playwright/test')
  return chromium.launch({ timeout: 30_000, ...options, executablePath: wrapper })
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}
