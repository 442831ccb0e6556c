// What GitHub Marketplace checks when a release is published, which nothing else would catch before
// then. (The branding icon and color are checked against GitHub's schema by validate:workflows.)

import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const action = parse(
  readFileSync(fileURLToPath(new URL('../../action.yml', import.meta.url)), 'utf8')
) as { name?: unknown; description?: unknown; branding?: { icon?: unknown; color?: unknown } }

describe('the Marketplace listing', () => {
  it('has a name and a one-line description under 125 characters', () => {
    expect(typeof action.name).toBe('string')
    expect(typeof action.description).toBe('string')
    const description = String(action.description)
    expect(description).not.toContain('\n')
    expect(description.length).toBeLessThan(125)
  })

  it('has a branding icon and color', () => {
    expect(typeof action.branding?.icon).toBe('string')
    expect(typeof action.branding?.color).toBe('string')
  })
})
