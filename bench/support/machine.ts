/** What the figures were measured on: they mean little without it. */
import { cpus, loadavg, release, totalmem } from 'node:os'

export interface Machine {
  cpuModel: string
  cpuCount: number
  ramGiB: number
  kernel: string
  node: string
  /** 1-minute load average when the bench started and ended: other work on the machine skews every figure. */
  loadAtStart: number
  loadAtEnd?: number
}

export function describeMachine(): Machine {
  const cpuList = cpus()
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cpuCount: cpuList.length,
    ramGiB: totalmem() / 2 ** 30,
    kernel: `Linux ${release()}`,
    node: process.version,
    loadAtStart: loadavg()[0] ?? 0,
  }
}

export function currentLoad(): number {
  return loadavg()[0] ?? 0
}
