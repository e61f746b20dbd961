import { describe, expect, it } from 'vitest'
import { DEFAULT_SELF_VIEW_CORNER, nearestSelfViewCorner, nextSelfViewCorner, SELF_VIEW_CORNERS } from '../../../src/renderer/src/state/self-view-corner'

describe('self-view corner', () => {
  it('starts bottom right and goes round all four corners clockwise with the Move button', () => {
    expect(DEFAULT_SELF_VIEW_CORNER).toBe('bottom-right')
    const visited = [DEFAULT_SELF_VIEW_CORNER]
    for (let i = 0; i < 4; i++) visited.push(nextSelfViewCorner(visited.at(-1)!))
    expect(visited).toEqual(['bottom-right', 'bottom-left', 'top-left', 'top-right', 'bottom-right'])
    expect(new Set(visited)).toEqual(new Set(SELF_VIEW_CORNERS))
  })

  it('drops a dragged tile in the corner of the quarter it was let go in', () => {
    expect(nearestSelfViewCorner(10, 10, 800, 450)).toBe('top-left')
    expect(nearestSelfViewCorner(790, 10, 800, 450)).toBe('top-right')
    expect(nearestSelfViewCorner(10, 440, 800, 450)).toBe('bottom-left')
    expect(nearestSelfViewCorner(790, 440, 800, 450)).toBe('bottom-right')
    // Outside the stage (dragged past its edge) still finds the corner on that side.
    expect(nearestSelfViewCorner(-50, -50, 800, 450)).toBe('top-left')
    expect(nearestSelfViewCorner(400, 225, 800, 450)).toBe('bottom-right')
  })
})
