/**
 * Tells main what the native Devices menu must show: the lists and the device in use per kind. Sent whenever
 * that changed, and only then (main rebuilds the whole menu on each report).
 */
import type { DeviceReport } from '../../../shared/devices'
import { buildDeviceReport, type ActiveDevices, type DeviceLists } from './device-choice'

export class DeviceReporter {
  readonly #send: (report: DeviceReport) => Promise<void>
  readonly #onError: (error: unknown) => void
  #last = ''

  constructor(send: (report: DeviceReport) => Promise<void>, onError: (error: unknown) => void) {
    this.#send = send
    this.#onError = onError
  }

  report(lists: DeviceLists, active: ActiveDevices, canChooseSpeaker: boolean): void {
    const report = buildDeviceReport(lists, active, canChooseSpeaker)
    const serialized = JSON.stringify(report)
    if (serialized === this.#last) return
    this.#last = serialized
    this.#send(report).catch((error: unknown) => this.#onError(error))
  }
}
