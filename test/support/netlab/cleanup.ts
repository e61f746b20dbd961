/**
 * Every namespace the lab creates is named `thlab-<pid>-…` and registered here the moment it exists, so it is
 * removed on every exit path: `lab.close()` (normal), the process 'exit' event (a test that forgot, an uncaught
 * error), SIGINT/SIGTERM/SIGHUP (Ctrl-C, a runner's timeout), and `purgeStaleLabs()` for what a SIGKILLed run
 * left behind (its pid no longer exists).
 */
import { readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runSync } from './commands'

export const NAMESPACE_PREFIX = 'thlab-'
const OWNED_NAME = /^thlab-(\d+)-/

const liveNamespaces = new Set<string>()
const liveDirectories = new Set<string>()
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
let hooksInstalled = false

export function registerNamespace(name: string): void {
  liveNamespaces.add(name)
  installHooks()
}

export function unregisterNamespace(name: string): void {
  liveNamespaces.delete(name)
  uninstallHooksIfIdle()
}

/** A temporary directory (Chromium wrappers) removed with the lab. */
export function registerDirectory(path: string): void {
  liveDirectories.add(path)
  installHooks()
}

export function unregisterDirectory(path: string): void {
  liveDirectories.delete(path)
  uninstallHooksIfIdle()
}

/**
 * Kills what runs inside (a namespace stays alive while a process is in it, so deleting alone would leave
 * Chromium or a server running on a lab address) and deletes the namespace, which deletes its veths and bridge.
 */
export function removeNamespaceSync(name: string): void {
  for (const pid of pidsInNamespaceSync(name)) killQuietly(pid)
  runSync('ip', ['netns', 'delete', name])
}

/** Namespace names as `ip netns list` prints them (`name (id: 3)` or `name`). */
export function listNamespacesSync(): string[] {
  const { stdout } = runSync('ip', ['netns', 'list'])
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '')
}

/**
 * Removes lab namespaces (and temporary directories) whose owning process is gone: what a SIGKILLed test run
 * leaves. Never touches a live process's lab, nor any namespace without the prefix. Returns what it removed.
 */
export function purgeStaleLabs(): string[] {
  const removed: string[] = []
  for (const name of listNamespacesSync()) {
    if (!isStale(name)) continue
    removeNamespaceSync(name)
    removed.push(name)
  }
  for (const entry of readdirSync(tmpdir())) {
    if (!isStale(entry)) continue
    rmSync(join(tmpdir(), entry), { recursive: true, force: true })
    removed.push(join(tmpdir(), entry))
  }
  return removed
}

function isStale(name: string): boolean {
  const pid = Number(OWNED_NAME.exec(name)?.[1])
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processExists(pid)
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else; only ESRCH means gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function pidsInNamespaceSync(name: string): number[] {
  const { stdout } = runSync('ip', ['netns', 'pids', name])
  return stdout
    .split('\n')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0 && pid !== process.pid)
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

function removeEverythingSync(): void {
  for (const name of [...liveNamespaces].reverse()) removeNamespaceSync(name)
  for (const path of liveDirectories) rmSync(path, { recursive: true, force: true })
  liveNamespaces.clear()
  liveDirectories.clear()
}

function onExit(): void {
  removeEverythingSync()
}

function onSignal(signal: NodeJS.Signals): void {
  removeEverythingSync()
  // Listening for a signal replaces Node's default of dying by it. If nobody else listens, die the default way
  // (exit status 128+n, as a shell and the test runner expect); if someone does, they decide.
  const othersListen = process.listenerCount(signal) > 1
  uninstallHooks()
  if (!othersListen) process.kill(process.pid, signal)
}

function installHooks(): void {
  if (hooksInstalled) return
  hooksInstalled = true
  process.on('exit', onExit)
  for (const signal of SIGNALS) process.on(signal, onSignal)
}

function uninstallHooks(): void {
  if (!hooksInstalled) return
  hooksInstalled = false
  process.off('exit', onExit)
  for (const signal of SIGNALS) process.off(signal, onSignal)
}

function uninstallHooksIfIdle(): void {
  if (liveNamespaces.size === 0 && liveDirectories.size === 0) uninstallHooks()
}
