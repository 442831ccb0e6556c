import { describe, expect, it } from '@jest/globals'
import { lazyPort, type MethodNames } from '../src/lazy.js'

interface Greeter {
  greet(name: string): Promise<string>
  count(): Promise<number>
}
const METHODS: MethodNames<Greeter> = { greet: true, count: true }

function adapter(): Greeter {
  let calls = 0
  return {
    greet: (name) => Promise.resolve(`hello ${name} #${String(++calls)}`),
    count: () => Promise.resolve(calls)
  }
}

describe('lazyPort', () => {
  it('loads nothing until a method is called, then loads once for every call', async () => {
    let loads = 0
    const port = lazyPort(METHODS, () => {
      loads++
      return Promise.resolve(adapter())
    })
    expect(loads).toBe(0)
    const answers = await Promise.all([port.greet('a'), port.greet('b')])
    expect(answers).toEqual(['hello a #1', 'hello b #2'])
    expect(await port.count()).toBe(2)
    expect(loads).toBe(1)
  })

  it('is a plain object: it can be spread and wrapped, and awaiting it gives the port', async () => {
    const port = lazyPort(METHODS, () => Promise.resolve(adapter()))
    const wrapped: Greeter = { ...port, count: () => Promise.resolve(-1) }
    expect(await wrapped.greet('c')).toBe('hello c #1')
    expect(await wrapped.count()).toBe(-1)
    expect(await Promise.resolve(port)).toBe(port)
  })

  it('passes a failed load to the caller', async () => {
    const port = lazyPort(METHODS, () => Promise.reject(new Error('no module')))
    await expect(port.count()).rejects.toThrow('no module')
  })
})
