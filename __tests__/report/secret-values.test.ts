import { describe, expect, it } from '@jest/globals'
import { MIN_MASKED_LENGTH, valuesToMask, worthMasking } from '../../src/report/secret-values.js'

const none = { render: {}, showValues: false, env: {} }

describe('worthMasking', () => {
  it.each([
    ['s3cr3t-Pa55word!', true],
    ['abcd', true],
    ['abc', false],
    ['', false],
    ['  x  ', false],
    ['true', false],
    ['FALSE', false],
    ['none', false],
    ['8080', false],
    ['65535', false],
    ['123456', true]
  ])('%j → %s', (value, expected) => {
    expect(worthMasking(value)).toBe(expected)
  })

  it('masks nothing shorter than the minimum', () => {
    expect(worthMasking('x'.repeat(MIN_MASKED_LENGTH - 1))).toBe(false)
    expect(worthMasking('x'.repeat(MIN_MASKED_LENGTH))).toBe(true)
  })
})

describe('valuesToMask', () => {
  it('masks the environment-variables values, not their names, nor plain or short values', () => {
    const values = valuesToMask({
      ...none,
      render: {
        environment: [
          ['DB_PASSWORD', 's3cr3t-Pa55word!'],
          ['PORT', '8080'],
          ['DEBUG', 'true'],
          ['EMPTY', ''],
          ['ID', 'ab']
        ]
      }
    })
    expect(values).toEqual(['s3cr3t-Pa55word!'])
  })

  it('masks each line of a multi-line value, and its JSON-escaped form', () => {
    const pem = '-----BEGIN KEY-----\nMIIEvQIBADANBg\n-----END KEY-----'
    const values = valuesToMask({ ...none, render: { environment: [['KEY', pem]] } })
    expect(values).toEqual(
      expect.arrayContaining([
        pem,
        '-----BEGIN KEY-----\\nMIIEvQIBADANBg\\n-----END KEY-----',
        '-----BEGIN KEY-----',
        'MIIEvQIBADANBg'
      ])
    )
    expect(valuesToMask({ ...none, render: { environment: [['Q', 'say "hi" now']] } })).toEqual([
      'say "hi" now',
      'say \\"hi\\" now'
    ])
  })

  it('masks secrets given as ARNs, but not bare parameter names', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf'
    const values = valuesToMask({
      ...none,
      render: {
        secrets: [
          ['DB', arn],
          ['API_KEY', 'API_KEY']
        ]
      }
    })
    expect(values).toEqual([arn])
  })

  it('masks the AWS credentials of the environment', () => {
    const values = valuesToMask({
      ...none,
      env: {
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE',
        AWS_REGION: 'us-east-1'
      }
    })
    expect(values).toEqual([
      'AKIAIOSFODNN7EXAMPLE',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'IQoJb3JpZ2luX2VjEXAMPLE'
    ])
  })

  it('leaves the environment values visible when show-environment-values asks for them', () => {
    const values = valuesToMask({
      render: {
        environment: [['DB_PASSWORD', 's3cr3t-Pa55word!']],
        secrets: [['DB', 'arn:aws:ssm:us-east-1:123456789012:parameter/db']]
      },
      showValues: true,
      env: { AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY' }
    })
    expect(values).toEqual(['wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY'])
  })
})
