/**
 * CPU time of Chromium's processes, from the browser itself (CDP `SystemInfo.getProcessInfo`): renderer
 * processes run the page, and WebRTC's encoders and decoders with it, so their sum is what a call costs the
 * page. Only the pages being measured are open while it is read.
 */
import type { Browser, CDPSession } from '@playwright/test'

interface ProcessInfo {
  type: string
  id: number
  /** Seconds. */
  cpuTime: number
}

export interface CpuSample {
  /** Sum over renderer processes, ms. */
  rendererMs: number
  /** Sum over all of Chromium's processes (browser, GPU, network, utility, renderers), ms. */
  allMs: number
}

export class BrowserCpu {
  readonly #session: CDPSession

  private constructor(session: CDPSession) {
    this.#session = session
  }

  static async attach(browser: Browser): Promise<BrowserCpu> {
    return new BrowserCpu(await browser.newBrowserCDPSession())
  }

  /** CPU time so far of every live Chromium process, by pid. */
  async sample(): Promise<Map<number, ProcessInfo>> {
    const { processInfo } = (await this.#session.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessInfo[] }
    return new Map(processInfo.map((info) => [info.id, info]))
  }

  /**
   * CPU used between two samples: a process that exists in `after` but not in `before` counts from zero, one
   * that exited in between is not counted (nothing is opened or closed while measuring).
   */
  static since(before: Map<number, ProcessInfo>, after: Map<number, ProcessInfo>): CpuSample {
    let rendererMs = 0
    let allMs = 0
    for (const [id, info] of after) {
      const used = (info.cpuTime - (before.get(id)?.cpuTime ?? 0)) * 1000
      allMs += used
      if (info.type === 'renderer') rendererMs += used
    }
    return { rendererMs, allMs }
  }
}
