import { describe, expect, it } from '@jest/globals'
import {
  parseCommand,
  parseContainerNames,
  parseEnvFiles,
  parseImages,
  parseKeyValueLines,
  parseLines,
  parseRenderInputs,
  TaskDefinitionError
} from '../../src/task-definition/index.js'

function failure(run: () => unknown): TaskDefinitionError {
  try {
    run()
  } catch (error) {
    if (error instanceof TaskDefinitionError) return error
    throw error
  }
  throw new Error('expected a TaskDefinitionError')
}

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'

describe('parseContainerNames', () => {
  it.each([
    ['app', ['app']],
    ['app,worker', ['app', 'worker']],
    [' app , worker\n', ['app', 'worker']],
    ['app,worker,app', ['app', 'worker']],
    ['', []],
    ['  ', []]
  ])('%j → %j', (text, names) => {
    expect(parseContainerNames(text)).toEqual(names)
  })

  it.each([['app,,web'], ['app,'], [',app'], ['app, ,web']])(
    'rejects the empty name in %j',
    (text) => {
      const error = failure(() => parseContainerNames(text))
      expect(error.input).toBe('container-name')
      expect(error.message).toBe(
        `container-name ${JSON.stringify(text)} has an empty name; expected one container name or several separated by commas, e.g. "app" or "app,worker"`
      )
    }
  )
})

describe('parseKeyValueLines', () => {
  it.each<[string, string, [string, string][]]>([
    ['one pair', 'LOG_LEVEL=debug', [['LOG_LEVEL', 'debug']]],
    [
      'split at the first =',
      'DSN=postgres://u@h/db?sslmode=require&x=1',
      [['DSN', 'postgres://u@h/db?sslmode=require&x=1']]
    ],
    ['base64 padding kept', 'KEY=YWJj==', [['KEY', 'YWJj==']]],
    ['an empty value', 'EMPTY=', [['EMPTY', '']]],
    ['a value that is only =', 'EQ==', [['EQ', '=']]],
    ['key trimmed, value kept as is', '  NAME = spaced value  ', [['NAME', ' spaced value  ']]],
    [
      'blank lines and comments skipped',
      '\n# a comment\nA=1\n   \n  # indented comment\nB=2\n',
      [
        ['A', '1'],
        ['B', '2']
      ]
    ],
    [
      'CRLF line ends',
      'A=1\r\nB=2\r\n',
      [
        ['A', '1'],
        ['B', '2']
      ]
    ],
    [
      'order kept',
      'Z=1\nA=2\nM=3',
      [
        ['Z', '1'],
        ['A', '2'],
        ['M', '3']
      ]
    ],
    ['a value with # kept', 'COLOR=#ff0000', [['COLOR', '#ff0000']]],
    ['nothing at all', '', []]
  ])('%s', (_label, text, pairs) => {
    expect(parseKeyValueLines('environment-variables', text)).toEqual(pairs)
  })

  it.each([
    [
      'environment-variables',
      'A=1\n\nJUST_A_NAME',
      'environment-variables line 3 has no "="; expected one NAME=value per line'
    ],
    [
      'secrets',
      '# db\n=arn:aws:ssm:eu-west-1:123456789012:parameter/x',
      'secrets line 2 has nothing before the "="; expected one NAME=valueFrom (an SSM parameter name or ARN, or a Secrets Manager ARN) per line'
    ],
    [
      'log-configuration-options',
      'awslogs-group=/ecs/web\n  =x',
      'log-configuration-options line 2 has nothing before the "="; expected one option=value per line'
    ],
    ['docker-labels', 'team', 'docker-labels line 1 has no "="; expected one label=value per line'],
    [
      'tags',
      'env=prod\nenv=staging',
      'tags line 2 sets "env" again (first on line 1); give each one once'
    ],
    ['custom-input', 'x', 'custom-input line 1 has no "="; expected one KEY=value per line']
  ])('rejects bad %s lines, naming the input and the line', (input, text, message) => {
    const error = failure(() => parseKeyValueLines(input, text))
    expect(error.input).toBe(input)
    expect(error.message).toBe(message)
  })

  it('never echoes a line, which may hold a secret', () => {
    const error = failure(() => parseKeyValueLines('secrets', 'hunter2-the-password'))
    expect(error.message).not.toContain('hunter2')
  })
})

describe('parseImages', () => {
  it('maps containers to images, trimming the image', () => {
    expect(
      parseImages(
        `app=${ECR}/web:1.2.3\n# sidecar\nlog-router= public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4 \n`
      )
    ).toEqual({
      app: `${ECR}/web:1.2.3`,
      'log-router': 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4'
    })
  })

  it('keeps a container called __proto__ an ordinary key', () => {
    const images = parseImages('__proto__=nginx:1.27')
    expect(Object.keys(images)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(images)).toBe(Object.prototype)
  })

  it.each([
    [
      'app=Web:1',
      'images line 1: "Web:1" (for container app) is not a valid image reference: repository path "Web" must be lowercase'
    ],
    [
      'app=nginx\nworker=',
      'images line 2: "" (for container worker) is not a valid image reference: the image reference is empty'
    ],
    ['app nginx', 'images line 1 has no "="; expected one container=image per line'],
    ['app=nginx\napp=httpd', 'images line 2 sets "app" again (first on line 1); give each one once']
  ])('rejects %j', (text, message) => {
    const error = failure(() => parseImages(text))
    expect(error.input).toBe('images')
    expect(error.message).toContain(message)
  })
})

describe('parseCommand', () => {
  it.each<[string, string, string[]]>([
    ['plain words', 'node server.js --port 8080', ['node', 'server.js', '--port', '8080']],
    ['runs of spaces and tabs', '  node \t server.js  ', ['node', 'server.js']],
    ['double quotes', 'echo "hello world"', ['echo', 'hello world']],
    ['single quotes', "echo 'hello world'", ['echo', 'hello world']],
    ['an empty quoted argument', "app --name ''", ['app', '--name', '']],
    ['a backslash-escaped space', 'ls my\\ file', ['ls', 'my file']],
    ['quotes inside quotes', `echo "it's" 'say "hi"'`, ['echo', "it's", 'say "hi"']],
    [
      'sh -c with operators quoted',
      "sh -c 'npm run migrate && exec node server.js'",
      ['sh', '-c', 'npm run migrate && exec node server.js']
    ],
    ['$VAR kept as written', 'echo $HOME "$USER"', ['echo', '$HOME', '$USER']],
    ['${VAR} kept as written', 'echo ${APP}_suffix', ['echo', '${APP}_suffix']],
    ['${VAR:-default} kept as written', 'echo ${PORT:-8080}', ['echo', '${PORT:-8080}']],
    ['$VAR inside single quotes', "sh -c 'echo $HOME'", ['sh', '-c', 'echo $HOME']],
    ['key=value words', 'env A=1 B=2 printenv', ['env', 'A=1', 'B=2', 'printenv']],
    [
      'line continuations',
      'gunicorn \\\n  --workers 4 \\\n  app:wsgi',
      ['gunicorn', '--workers', '4', 'app:wsgi']
    ],
    ['an escaped #', 'echo \\#1', ['echo', '#1']],
    ['a quoted glob', "find . -name '*.log'", ['find', '.', '-name', '*.log']],
    [
      'JSON array',
      '["node", "server.js", "--port", "8080"]',
      ['node', 'server.js', '--port', '8080']
    ],
    [
      'JSON keeps spaces inside items',
      '["sh", "-c", "echo a  b | wc -c"]',
      ['sh', '-c', 'echo a  b | wc -c']
    ],
    ['JSON after whitespace', '  \n["a"]\n', ['a']],
    ['JSON empty array', '[]', []]
  ])('%s', (_label, text, words) => {
    expect(parseCommand(text)).toEqual(words)
  })

  it.each([
    ['a pipe', 'cat log | grep x', 'the shell operator "|"'],
    ['&&', 'migrate && serve', 'the shell operator "&&"'],
    ['a redirect', 'serve > out.log', 'the shell operator ">"'],
    ['2>&1', 'serve 2>&1', 'the shell operator ">&"'],
    ['a semicolon', 'a; b', 'the shell operator ";"'],
    ['command substitution', 'echo $(date)', 'the shell operator "("'],
    ['a glob', 'ls *.txt', 'the unquoted pattern "*.txt"'],
    ['a ? in a URL', 'curl http://x/?a=1', 'the unquoted pattern "http://x/?a=1"'],
    ['a comment', 'serve # production', 'unquoted "#"'],
    ['an unclosed single quote', "echo 'abc", "a ' quote at character 6 that is never closed"],
    ['an unclosed double quote', 'echo "abc', 'a " quote at character 6 that is never closed'],
    ['an empty text', '   ', 'command is empty'],
    ['broken JSON', '["a", ', 'command starts with "[" but is not valid JSON'],
    ['a JSON object', '[1] extra', 'command starts with "[" but is not valid JSON'],
    [
      'a JSON number item',
      '["serve", 8080]',
      'command item 1 is number 8080; every item of the JSON array must be a string (write "8080")'
    ],
    [
      'a JSON null item',
      '["serve", null]',
      'command item 1 is null; every item of the JSON array must be a string'
    ]
  ])('rejects %s', (_label, text, message) => {
    const error = failure(() => parseCommand(text))
    expect(error.input).toBe('command')
    expect(error.message).toContain(message)
  })

  it('explains why operators are rejected and how to fix it', () => {
    expect(failure(() => parseCommand('a | b')).message).toBe(
      'command uses the shell operator "|"; ECS runs the command without a shell, so it would not work as in a terminal: quote it to pass it as an argument, or run a shell, e.g. ["sh", "-c", "…"]'
    )
    expect(failure(() => parseCommand('ls *.txt')).message).toBe(
      `command has the unquoted pattern "*.txt"; ECS runs the command without a shell, so nothing would expand it: quote it ('*.txt') to pass it as it is, or give a JSON array`
    )
  })
})

describe('parseLines', () => {
  it.each([
    ['a\nb', ['a', 'b']],
    ['  a  \r\n\n\t\n b ', ['a', 'b']],
    ['', []]
  ])('%j → %j', (text, lines) => {
    expect(parseLines(text)).toEqual(lines)
  })
})

describe('parseEnvFiles', () => {
  it('accepts S3 object ARNs in any partition', () => {
    const text = [
      'arn:aws:s3:::my-bucket/web/prod.env',
      '  arn:aws-cn:s3:::cn.bucket/app.env  ',
      'arn:aws-us-gov:s3:::gov-bucket/a/b/c.env'
    ].join('\n')
    expect(parseEnvFiles(text)).toEqual([
      'arn:aws:s3:::my-bucket/web/prod.env',
      'arn:aws-cn:s3:::cn.bucket/app.env',
      'arn:aws-us-gov:s3:::gov-bucket/a/b/c.env'
    ])
  })

  it.each([
    [
      'arn:aws:s3:::okay/a.env\ns3://my-bucket/web.env',
      'env-files line 2: "s3://my-bucket/web.env" is an S3 URL; ECS wants the object ARN: arn:aws:s3:::my-bucket/web.env'
    ],
    [
      'arn:aws:s3:::my-bucket',
      'env-files line 1: "arn:aws:s3:::my-bucket" names a bucket, not an object; expected the ARN of the .env file, e.g. arn:aws:s3:::my-bucket/path/app.env'
    ],
    [
      'arn:aws:s3:::My_Bucket/x.env',
      'env-files line 1: "arn:aws:s3:::My_Bucket/x.env" is not an S3 object ARN; expected arn:<partition>:s3:::<bucket>/<key>, e.g. arn:aws:s3:::my-bucket/path/app.env'
    ],
    [
      Array.from({ length: 11 }, (_, i) => `arn:aws:s3:::bucket/${i}.env`).join('\n'),
      'env-files lists 11 files; ECS allows at most 10 per container'
    ]
  ])('rejects %j', (text, message) => {
    const error = failure(() => parseEnvFiles(text))
    expect(error.input).toBe('env-files')
    expect(error.message).toBe(message)
  })
})

describe('parseRenderInputs', () => {
  it('parses every input into RenderSettings and leaves out blank ones', () => {
    expect(
      parseRenderInputs({
        containerName: 'app, worker',
        image: ' nginx:1.27 ',
        images: 'envoy=envoyproxy/envoy:v1.30.1',
        environmentVariables: 'A=1\nB=x=y',
        environmentMode: 'replace',
        secrets: 'DB=arn:aws:ssm:eu-west-1:123456789012:parameter/db',
        envFiles: 'arn:aws:s3:::cfg-bucket/app.env',
        logDriver: 'awslogs',
        logOptions: 'awslogs-group=/ecs/web',
        dockerLabels: 'team=web',
        command: 'node server.js',
        cpu: '1 vCPU',
        memory: '2 GB',
        taskRoleArn: 'arn:aws:iam::123456789012:role/web',
        executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
        tags: 'env=prod'
      })
    ).toEqual({
      containerNames: ['app', 'worker'],
      image: 'nginx:1.27',
      images: { envoy: 'envoyproxy/envoy:v1.30.1' },
      environment: [
        ['A', '1'],
        ['B', 'x=y']
      ],
      environmentMode: 'replace',
      secrets: [['DB', 'arn:aws:ssm:eu-west-1:123456789012:parameter/db']],
      envFiles: ['arn:aws:s3:::cfg-bucket/app.env'],
      logDriver: 'awslogs',
      logOptions: [['awslogs-group', '/ecs/web']],
      dockerLabels: [['team', 'web']],
      command: ['node', 'server.js'],
      cpu: '1 vCPU',
      memory: '2 GB',
      taskRoleArn: 'arn:aws:iam::123456789012:role/web',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      tags: [['env', 'prod']]
    })
  })

  it('gives {} for blank inputs', () => {
    expect(parseRenderInputs({})).toEqual({})
    const settings = parseRenderInputs({ containerName: ' ', image: '', command: '\n', tags: '  ' })
    expect(settings).toEqual({})
    expect(Object.keys(settings)).toEqual([])
  })

  it('rejects an unknown environment mode', () => {
    const error = failure(() => parseRenderInputs({ environmentMode: 'overwrite' }))
    expect(error.input).toBe('environment-mode')
    expect(error.message).toBe(
      'environment-mode is "overwrite"; expected merge (update or add the variables given, keep the rest) or replace (exactly the variables given)'
    )
  })

  it.each([
    [{ containerName: 'a,,b' }, 'container-name'],
    [{ images: 'app' }, 'images'],
    [{ environmentVariables: 'A' }, 'environment-variables'],
    [{ secrets: 'A' }, 'secrets'],
    [{ envFiles: 'x' }, 'env-files'],
    [{ logOptions: 'x' }, 'log-configuration-options'],
    [{ dockerLabels: 'x' }, 'docker-labels'],
    [{ command: 'a | b' }, 'command'],
    [{ tags: 'x' }, 'tags']
  ])('names the input when %j is wrong', (raw, input) => {
    expect(failure(() => parseRenderInputs(raw)).input).toBe(input)
  })
})
