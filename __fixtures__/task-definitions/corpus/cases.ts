import type { RawRenderInputs } from '../../../src/task-definition/index.js'

/**
 * The corpus manifest: for each task definition file, the render inputs as a workflow would write
 * them, and the outcome of the whole pure pipeline (parseRenderInputs, then prepareTaskDefinition).
 * Files are realistic task definitions written for this corpus; only the `invalid-*` files and the
 * cases that say so are meant to fail.
 */
export interface CorpusCase {
  /** A file in this folder. */
  readonly file: string
  /** What the case shows, in one line. */
  readonly about: string
  readonly inputs?: RawRenderInputs
  readonly outcome: CorpusOutcome
}

export type CorpusOutcome =
  | {
      /** Every info line, in order; warnings when there are any. */
      readonly info: readonly string[]
      readonly warnings?: readonly string[]
      /** Members the registered request must have (a deep partial match). */
      readonly has?: Readonly<Record<string, unknown>>
    }
  | {
      /** The input the error blames and its exact message. */
      readonly input: string
      readonly error: string
    }

const ECR = '123456789012.dkr.ecr'

export const CORPUS: readonly CorpusCase[] = [
  {
    file: 'fargate-web-api.json',
    about: 'Fargate ARM64 API: new image, a variable changed, a secret added, a tag added',
    inputs: {
      containerName: 'api',
      image: `${ECR}.us-east-1.amazonaws.com/orders-api:2024.12.0`,
      environmentVariables: 'LOG_LEVEL=debug\nFEATURE_X=on',
      secrets:
        'SENTRY_DSN=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders/sentry-Q1w2E3:dsn::',
      tags: 'deployed-by=github-actions'
    },
    outcome: {
      info: [
        `Container api: image set to ${ECR}.us-east-1.amazonaws.com/orders-api:2024.12.0.`,
        'Container api: environment LOG_LEVEL updated.',
        'Container api: environment FEATURE_X added.',
        'Container api: secret SENTRY_DSN added.',
        'Task: tag deployed-by added.'
      ],
      has: {
        tags: [
          { key: 'service', value: 'orders' },
          { key: 'cost-center', value: 'cc-4411' },
          { key: 'deployed-by', value: 'github-actions' }
        ]
      }
    }
  },
  {
    file: 'fargate-web-api.json',
    about: 'a container name that is not in the file: the error lists the ones that are',
    inputs: { containerName: 'orders-api', image: 'nginx:1.27' },
    outcome: {
      input: 'container-name',
      error:
        'container-name "orders-api" matches no container in the task definition; containers: api'
    }
  },
  {
    file: 'fargate-firelens.json',
    about: 'FireLens: both images per container, Firehose options merged into awsfirelens',
    inputs: {
      images: [
        'log_router=public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4',
        'checkout=210987654321.dkr.ecr.eu-central-1.amazonaws.com/checkout:v3.9.0'
      ].join('\n'),
      containerName: 'checkout',
      logOptions: 'delivery_stream=checkout-logs-v2\nlog-driver-buffer-limit=2097152'
    },
    outcome: {
      info: [
        'Container log_router: image set to public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4.',
        'Container checkout: image set to 210987654321.dkr.ecr.eu-central-1.amazonaws.com/checkout:v3.9.0.',
        'Container checkout: log option delivery_stream updated.',
        'Container checkout: log option log-driver-buffer-limit added.'
      ],
      has: {
        containerDefinitions: [
          { name: 'log_router', firelensConfiguration: { type: 'fluentbit' } },
          {
            name: 'checkout',
            logConfiguration: {
              logDriver: 'awsfirelens',
              options: {
                Name: 'kinesis_firehose',
                region: 'eu-central-1',
                delivery_stream: 'checkout-logs-v2',
                'log-driver-buffer-limit': '2097152'
              }
            }
          }
        ]
      }
    }
  },
  {
    file: 'fargate-xray-cwagent.yaml',
    about: 'YAML with X-Ray and CloudWatch agent sidecars: replace the app environment exactly',
    inputs: {
      containerName: 'payments',
      image: `${ECR}.ap-southeast-2.amazonaws.com/payments:build-8820`,
      environmentVariables: [
        'AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2000',
        'OTEL_RESOURCE_ATTRIBUTES=service.name=payments,deployment.environment=prod'
      ].join('\n'),
      environmentMode: 'replace'
    },
    outcome: {
      info: [
        `Container payments: image set to ${ECR}.ap-southeast-2.amazonaws.com/payments:build-8820.`,
        'Container payments: environment FEATURE_REFUNDS_V2 removed.'
      ],
      has: {
        containerDefinitions: [
          {
            environment: [
              { name: 'AWS_XRAY_DAEMON_ADDRESS', value: '127.0.0.1:2000' },
              {
                name: 'OTEL_RESOURCE_ATTRIBUTES',
                value: 'service.name=payments,deployment.environment=prod'
              }
            ]
          },
          { name: 'xray-daemon' },
          { name: 'cloudwatch-agent' }
        ]
      }
    }
  },
  {
    file: 'fargate-datadog.json',
    about: 'Datadog agent sidecar: unified service tags as docker labels and DD_VERSION',
    inputs: {
      containerName: 'web',
      image: 'ghcr.io/acme/search-frontend:5.3.0',
      environmentVariables: 'DD_VERSION=5.3.0',
      dockerLabels:
        'com.datadoghq.tags.version=5.3.0\ncom.datadoghq.ad.logs=[{"source":"nginx","service":"search-frontend"}]'
    },
    outcome: {
      info: [
        'Container web: image set to ghcr.io/acme/search-frontend:5.3.0.',
        'Container web: environment DD_VERSION updated.',
        'Container web: docker label com.datadoghq.tags.version updated.',
        'Container web: docker label com.datadoghq.ad.logs added.'
      ],
      has: {
        cpu: '1 vCPU',
        memory: '3 GB',
        containerDefinitions: [
          {
            dockerLabels: {
              'com.datadoghq.tags.service': 'search-frontend',
              'com.datadoghq.tags.env': 'prod',
              'com.datadoghq.tags.version': '5.3.0',
              'com.datadoghq.ad.logs': '[{"source":"nginx","service":"search-frontend"}]'
            }
          },
          { name: 'datadog-agent' }
        ]
      }
    }
  },
  {
    file: 'fargate-placeholders.json',
    about: '<IMAGE1_NAME> and <IMAGE2_NAME> placeholders replaced through images',
    inputs: {
      images: [
        `notifier=${ECR}.eu-west-1.amazonaws.com/notifier:1.0.4`,
        `outbox-relay=${ECR}.eu-west-1.amazonaws.com/outbox-relay:0.3.0`
      ].join('\n')
    },
    outcome: {
      info: [
        `Container notifier: image set to ${ECR}.eu-west-1.amazonaws.com/notifier:1.0.4.`,
        `Container outbox-relay: image set to ${ECR}.eu-west-1.amazonaws.com/outbox-relay:0.3.0.`
      ]
    }
  },
  {
    file: 'fargate-placeholders.json',
    about: 'placeholders without any render input: both reported',
    outcome: {
      input: 'task-definition',
      error: [
        'task-definition fargate-placeholders.json has 2 problems that ECS would reject:',
        '  - containerDefinitions[0].image: is the placeholder "<IMAGE1_NAME>", which was not replaced: set the image input (with container-name: notifier) or the images input (notifier=<image>) to replace it',
        '  - containerDefinitions[1].image: is the placeholder "<IMAGE2_NAME>", which was not replaced: set the image input (with container-name: outbox-relay) or the images input (outbox-relay=<image>) to replace it'
      ].join('\n')
    }
  },
  {
    file: 'placeholder-tag-unreplaced.yaml',
    about: 'a <TAG> placeholder left in the app image while only the sidecar is rendered',
    inputs: { images: 'statsd=prom/statsd-exporter:v0.27.1' },
    outcome: {
      input: 'task-definition',
      error: [
        'task-definition placeholder-tag-unreplaced.yaml has a problem that ECS would reject:',
        '  - containerDefinitions[0].image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing-worker:<TAG>" holds the placeholder "<TAG>", which was not replaced: set the image input (with container-name: worker) or the images input (worker=<image>) to replace it'
      ].join('\n')
    }
  },
  {
    file: 'describe-wrapped.json',
    about: 'saved describe-task-definition output with the wrapper and tags; new image, tag merged',
    inputs: {
      containerName: 'sync',
      image: `${ECR}.us-east-2.amazonaws.com/inventory-sync:1.15.0`,
      tags: 'env=production'
    },
    outcome: {
      info: [
        'describe-wrapped.json is describe-task-definition output: using its "taskDefinition" object with 2 tag(s).',
        'Ignored read-only fields that RegisterTaskDefinition does not accept: taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy.',
        `Container sync: image set to ${ECR}.us-east-2.amazonaws.com/inventory-sync:1.15.0.`,
        'Task: tag env updated.'
      ],
      has: {
        tags: [
          { key: 'team', value: 'supply-chain' },
          { key: 'env', value: 'production' }
        ]
      }
    }
  },
  {
    file: 'describe-unwrapped.json',
    about: 'describe output saved with --query taskDefinition (no wrapper); a digest image as is',
    outcome: {
      info: [
        'Ignored read-only fields that RegisterTaskDefinition does not accept: taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy.'
      ]
    }
  },
  {
    file: 'task-numbers.yaml',
    about: 'YAML cpu: 1024 and memory: 4096 read as numbers become strings; container numbers stay',
    inputs: {
      containerName: 'renderer',
      image: `${ECR}.us-east-1.amazonaws.com/pdf-renderer:0.10.0`
    },
    outcome: {
      info: [
        'Converted task-level cpu 1024 → "1024" and memory 4096 → "4096": RegisterTaskDefinition takes task-level cpu and memory as strings.',
        `Container renderer: image set to ${ECR}.us-east-1.amazonaws.com/pdf-renderer:0.10.0.`
      ],
      has: { cpu: '1024', memory: '4096', containerDefinitions: [{ cpu: 1024, memory: 4096 }] }
    }
  },
  {
    file: 'task-numbers.json',
    about: 'JSON numbers for a 4 vCPU / 16 GB Fargate task, and a command given as a JSON array',
    inputs: {
      containerName: 'tileserver',
      command:
        '["--port", "8080", "--config", "/data/config.json", "--public_url", "https://tiles.example.com/"]'
    },
    outcome: {
      info: [
        'Converted task-level cpu 4096 → "4096" and memory 16384 → "16384": RegisterTaskDefinition takes task-level cpu and memory as strings.',
        'Container tileserver: command ["--port","8080","--config","/data/config.json"] → ["--port","8080","--config","/data/config.json","--public_url","https://tiles.example.com/"].'
      ],
      has: { cpu: '4096', memory: '16384' }
    }
  },
  {
    file: 'ec2-bridge-dynamic-ports.json',
    about: 'EC2 bridge with dynamic host ports and links; command from shell words with quotes',
    inputs: {
      containerName: 'php-fpm',
      command: `php-fpm -F -d 'memory_limit=256M' -d "error_log=/proc/self/fd/2"`
    },
    outcome: {
      info: [
        'Container php-fpm: command ["php-fpm","-F"] → ["php-fpm","-F","-d","memory_limit=256M","-d","error_log=/proc/self/fd/2"].'
      ]
    }
  },
  {
    file: 'ec2-bridge-dynamic-ports.json',
    about: 'a shell pipe in the command input is refused: ECS runs no shell',
    inputs: { containerName: 'php-fpm', command: 'php-fpm -F | tee /var/log/fpm.log' },
    outcome: {
      input: 'command',
      error:
        'command uses the shell operator "|"; ECS runs the command without a shell, so it would not work as in a terminal: quote it to pass it as an argument, or run a shell, e.g. ["sh", "-c", "…"]'
    }
  },
  {
    file: 'ec2-host-network.yaml',
    about: 'host network mode and pidMode host, host volumes; deployed as it is',
    outcome: { info: [] }
  },
  {
    file: 'ec2-awsvpc-placement.json',
    about: 'EC2 awsvpc with placement constraints; roles switched to the production ones',
    inputs: {
      taskRoleArn: 'arn:aws:iam::123456789012:role/ledger-task-prod',
      executionRoleArn: 'arn:aws:iam::123456789012:role/service-role/ledger-execution-prod'
    },
    outcome: {
      info: [
        'Task: taskRoleArn arn:aws:iam::123456789012:role/ledger-task → arn:aws:iam::123456789012:role/ledger-task-prod.',
        'Task: executionRoleArn arn:aws:iam::123456789012:role/ledger-execution → arn:aws:iam::123456789012:role/service-role/ledger-execution-prod.'
      ]
    }
  },
  {
    file: 'efs-access-point.json',
    about: 'EFS volume with an access point and IAM auth; Secrets Manager JSON keys',
    inputs: { containerName: 'wiki', image: 'requarks/wiki:2.5.305' },
    outcome: {
      info: ['Container wiki: image set to requarks/wiki:2.5.305.'],
      has: {
        volumes: [
          {
            efsVolumeConfiguration: {
              authorizationConfig: { accessPointId: 'fsap-0123456789abcdef0', iam: 'ENABLED' }
            }
          }
        ]
      }
    }
  },
  {
    file: 'env-files.json',
    about: 'environment files replaced by the env-files input',
    inputs: {
      containerName: 'reporting',
      envFiles: [
        'arn:aws:s3:::acme-config-ca/reporting/defaults.env',
        'arn:aws:s3:::acme-config-ca/reporting/prod.env'
      ].join('\n')
    },
    outcome: {
      info: [
        'Container reporting: environmentFiles replaced (had 1): arn:aws:s3:::acme-config-ca/reporting/defaults.env, arn:aws:s3:::acme-config-ca/reporting/prod.env.'
      ],
      has: {
        containerDefinitions: [
          {
            environmentFiles: [
              { value: 'arn:aws:s3:::acme-config-ca/reporting/defaults.env', type: 's3' },
              { value: 'arn:aws:s3:::acme-config-ca/reporting/prod.env', type: 's3' }
            ]
          }
        ]
      }
    }
  },
  {
    file: 'env-files.json',
    about: 'an s3:// URL where ECS wants an ARN',
    inputs: { containerName: 'reporting', envFiles: 's3://acme-config-ca/reporting/prod.env' },
    outcome: {
      input: 'env-files',
      error:
        'env-files line 1: "s3://acme-config-ca/reporting/prod.env" is an S3 URL; ECS wants the object ARN: arn:aws:s3:::acme-config-ca/reporting/prod.env'
    }
  },
  {
    file: 'empty-and-null.json',
    about: 'nulls dropped at every depth, empty strings and empty lists kept',
    inputs: { containerName: 'flags', environmentVariables: 'UNLEASH_URL=' },
    outcome: {
      info: [],
      has: {
        containerDefinitions: [
          {
            environment: [
              { name: 'UNLEASH_URL', value: '' },
              { name: 'BASE_URI_PATH', value: '' },
              { name: 'LOG_LEVEL', value: 'warn' }
            ],
            portMappings: [{ containerPort: 4242, protocol: 'tcp' }],
            dockerLabels: {}
          }
        ]
      }
    }
  },
  {
    file: 'arm64-graviton.yaml',
    about: 'ARM64 runtime platform, 50 GiB ephemeral storage, "2 vCPU" / "8 GB" string forms',
    inputs: {
      containerName: 'thumbnailer',
      image: `${ECR}.us-west-2.amazonaws.com/thumbnailer:arm64-1.7.0`
    },
    outcome: {
      info: [
        `Container thumbnailer: image set to ${ECR}.us-west-2.amazonaws.com/thumbnailer:arm64-1.7.0.`
      ],
      has: {
        runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
        ephemeralStorage: { sizeInGiB: 50 }
      }
    }
  },
  {
    file: 'ephemeral-storage-batch.json',
    about: '8 vCPU / 32 GB batch task with 200 GiB ephemeral storage; scaled up to 16 vCPU',
    inputs: { cpu: '16384', memory: '65536' },
    outcome: {
      info: ['Task: cpu 8192 → 16384.', 'Task: memory 32768 → 65536.']
    }
  },
  {
    file: 'ephemeral-storage-batch.json',
    about: 'a memory input that does not fit the cpu on Fargate',
    inputs: { memory: '65536' },
    outcome: {
      input: 'task-definition',
      error: [
        'task-definition ephemeral-storage-batch.json has a problem that ECS would reject:',
        '  - memory: "65536" does not go with cpu "8192" on Fargate: with 8192 CPU units (8 vCPU) memory must be 16384 to 61440 in steps of 4096 (MiB)'
      ].join('\n')
    }
  },
  {
    file: 'gpu-ec2.json',
    about: 'EC2 GPU inference: resourceRequirements GPU, shared memory, ulimits',
    inputs: { containerName: 'triton', image: 'nvcr.io/nvidia/tritonserver:24.10-py3' },
    outcome: {
      info: ['Container triton: image set to nvcr.io/nvidia/tritonserver:24.10-py3.'],
      has: { containerDefinitions: [{ resourceRequirements: [{ type: 'GPU', value: '1' }] }] }
    }
  },
  {
    file: 'windows-fargate.json',
    about: 'Windows Server 2022 on Fargate, 2 vCPU / 4 GB',
    inputs: {
      containerName: 'iis',
      image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8.1-windowsservercore-ltsc2022'
    },
    outcome: {
      info: [
        'Container iis: image set to mcr.microsoft.com/dotnet/framework/aspnet:4.8.1-windowsservercore-ltsc2022.'
      ]
    }
  },
  {
    file: 'windows-fargate.json',
    about: 'Windows on Fargate cannot go below 1 vCPU',
    inputs: { cpu: '512', memory: '1024' },
    outcome: {
      input: 'task-definition',
      error: [
        'task-definition windows-fargate.json has a problem that ECS would reject:',
        '  - cpu: "512" is not a size Windows tasks on Fargate offers: use 1024 (1 vCPU), 2048 (2 vCPU) or 4096 (4 vCPU)'
      ].join('\n')
    }
  },
  {
    file: 'windows-ec2.yaml',
    about: 'Windows on EC2 with container-level sizes and a backslash path',
    inputs: { containerName: 'wcf', image: `${ECR}.us-east-1.amazonaws.com/legacy-wcf:7.1.1.0` },
    outcome: {
      info: [`Container wcf: image set to ${ECR}.us-east-1.amazonaws.com/legacy-wcf:7.1.1.0.`],
      has: { containerDefinitions: [{ workingDirectory: 'C:\\app' }] }
    }
  },
  {
    file: 'ulimits-linux-params.json',
    about: 'ulimits, linuxParameters (capabilities, tmpfs, init) and sysctls on EC2',
    inputs: {
      containerName: 'opensearch',
      image: 'opensearchproject/opensearch:2.16.0',
      environmentVariables: 'OPENSEARCH_JAVA_OPTS=-Xms3g -Xmx3g'
    },
    outcome: {
      info: [
        'Container opensearch: image set to opensearchproject/opensearch:2.16.0.',
        'Container opensearch: environment OPENSEARCH_JAVA_OPTS updated.'
      ]
    }
  },
  {
    file: 'appmesh-proxy.json',
    about: 'App Mesh proxyConfiguration with an Envoy sidecar; both images in one step',
    inputs: {
      images: [
        `app=${ECR}.us-west-2.amazonaws.com/colorteller:blue`,
        'envoy=840364872350.dkr.ecr.us-west-2.amazonaws.com/aws-appmesh-envoy:v1.29.12.1-prod'
      ].join('\n')
    },
    outcome: {
      info: [
        `Container app: image set to ${ECR}.us-west-2.amazonaws.com/colorteller:blue.`,
        'Container envoy: image set to 840364872350.dkr.ecr.us-west-2.amazonaws.com/aws-appmesh-envoy:v1.29.12.1-prod.'
      ],
      has: {
        proxyConfiguration: {
          type: 'APPMESH',
          containerName: 'envoy',
          properties: [
            { name: 'IgnoredUID', value: '1337' },
            { name: 'ProxyIngressPort', value: '15000' },
            { name: 'ProxyEgressPort', value: '15001' },
            { name: 'AppPorts', value: '9080' },
            { name: 'EgressIgnoredIPs', value: '169.254.170.2,169.254.169.254' },
            // An empty value survives normalizing.
            { name: 'EgressIgnoredPorts', value: '' }
          ]
        }
      }
    }
  },
  {
    file: 'health-depends.yaml',
    about:
      'migration container then app (dependsOn SUCCESS); one image for both through a comma list',
    inputs: {
      containerName: 'migrate, web',
      image: `${ECR}.eu-west-1.amazonaws.com/accounts:1.41.0`
    },
    outcome: {
      info: [
        `Container migrate: image set to ${ECR}.eu-west-1.amazonaws.com/accounts:1.41.0.`,
        `Container web: image set to ${ECR}.eu-west-1.amazonaws.com/accounts:1.41.0.`
      ],
      has: {
        containerDefinitions: [
          { name: 'migrate', essential: false },
          { name: 'web', dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] }
        ]
      }
    }
  },
  {
    file: 'shared-image-workers.json',
    about:
      'three containers from one image; two get it, and a worker variable, the third an image of its own',
    inputs: {
      containerName: 'api,transcoder',
      image: `${ECR}.us-east-1.amazonaws.com/media:7.3.0`,
      images: `thumbnails=${ECR}.us-east-1.amazonaws.com/media:7.2.1-hotfix`,
      environmentVariables: 'SENTRY_RELEASE=media@7.3.0'
    },
    outcome: {
      info: [
        `Container api: image set to ${ECR}.us-east-1.amazonaws.com/media:7.3.0.`,
        'Container api: environment SENTRY_RELEASE added.',
        `Container transcoder: image set to ${ECR}.us-east-1.amazonaws.com/media:7.3.0.`,
        'Container transcoder: environment SENTRY_RELEASE added.',
        `Container thumbnails: image set to ${ECR}.us-east-1.amazonaws.com/media:7.2.1-hotfix.`
      ]
    }
  },
  {
    file: 'shared-image-workers.json',
    about: 'image and images naming the same container',
    inputs: {
      containerName: 'api,transcoder',
      image: `${ECR}.us-east-1.amazonaws.com/media:7.3.0`,
      images: `transcoder=${ECR}.us-east-1.amazonaws.com/media:7.2.1-hotfix`
    },
    outcome: {
      input: 'images',
      error:
        'images sets the image of "transcoder", which image (through container-name) sets too; give each container its image in one of them'
    }
  },
  {
    file: 'log-driver-switch.json',
    about: 'EC2 syslog switched to awslogs: the syslog options go, the awslogs ones come',
    inputs: {
      containerName: 'haproxy',
      logDriver: 'awslogs',
      logOptions:
        'awslogs-group=/ecs/edge-proxy\nawslogs-region=eu-west-1\nawslogs-stream-prefix=haproxy'
    },
    outcome: {
      info: [
        'Container haproxy: log driver syslog → awslogs (the options of syslog were dropped).',
        'Container haproxy: log option awslogs-group added.',
        'Container haproxy: log option awslogs-region added.',
        'Container haproxy: log option awslogs-stream-prefix added.'
      ],
      has: {
        containerDefinitions: [
          {
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': '/ecs/edge-proxy',
                'awslogs-region': 'eu-west-1',
                'awslogs-stream-prefix': 'haproxy'
              }
            }
          }
        ]
      }
    }
  },
  {
    file: 'log-driver-switch.json',
    about: 'a log driver ECS does not offer (logentries was dropped from the API)',
    inputs: { containerName: 'haproxy', logDriver: 'logentries' },
    outcome: {
      input: 'log-configuration-log-driver',
      error:
        'log-configuration-log-driver must be one of awsfirelens, awslogs, fluentd, gelf, journald, json-file, splunk, syslog; got "logentries"'
    }
  },
  {
    file: 'yaml-anchors.yaml',
    about: 'YAML anchors, aliases and merge keys for shared environment and log settings',
    inputs: {
      containerName: 'storefront,cart',
      environmentVariables: 'CURRENCY=EUR\nCHECKOUT_V2=true'
    },
    outcome: {
      info: [
        'Container storefront: environment CHECKOUT_V2 added.',
        'Container cart: environment CHECKOUT_V2 added.'
      ],
      warnings: [
        'yaml-anchors.yaml: ignored key "x-logging": not RegisterTaskDefinition members, so ECS would never see them. Check the spelling, or remove them.'
      ],
      has: {
        containerDefinitions: [
          {
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': '/ecs/shop',
                'awslogs-region': 'eu-west-3',
                'awslogs-stream-prefix': 'storefront'
              }
            }
          },
          {
            environment: [
              { name: 'SHOP_REGION', value: 'fr' },
              { name: 'CURRENCY', value: 'EUR' },
              { name: 'CHECKOUT_V2', value: 'true' }
            ]
          }
        ]
      }
    }
  },
  {
    file: 'secrets-json-keys.json',
    about:
      'GovCloud: Secrets Manager JSON keys and version stages, an SSM name, splunk secretOptions',
    inputs: {
      containerName: 'loader',
      secrets:
        'WAREHOUSE_PASSWORD=arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:etl/warehouse-Ab3dEf:password:AWSPENDING:',
      logOptions: 'splunk-index=etl'
    },
    outcome: {
      info: [
        'Container loader: secret WAREHOUSE_PASSWORD updated.',
        'Container loader: log option splunk-index added.'
      ],
      has: {
        containerDefinitions: [
          {
            logConfiguration: {
              secretOptions: [
                {
                  name: 'splunk-token',
                  valueFrom:
                    'arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/splunk/hec-token'
                }
              ]
            }
          }
        ]
      }
    }
  },
  {
    file: 'fault-injection.json',
    about: 'enableFaultInjection and pidMode task with an SSM agent sidecar',
    inputs: { containerName: 'target', image: 'public.ecr.aws/nginx/nginx:1.27.3' },
    outcome: {
      info: ['Container target: image set to public.ecr.aws/nginx/nginx:1.27.3.'],
      has: { enableFaultInjection: true, pidMode: 'task' }
    }
  },
  {
    file: 'role-and-size-override.json',
    about: 'staging file promoted to production: sizes, roles and tags from inputs',
    inputs: {
      cpu: '1 vCPU',
      memory: '4 GB',
      taskRoleArn: 'arn:aws:iam::123456789012:role/prod-gateway-task',
      executionRoleArn: 'arn:aws:iam::123456789012:role/prod-gateway-execution',
      tags: 'env=production\nowner=platform-team'
    },
    outcome: {
      info: [
        'Task: cpu 512 → 1 vCPU.',
        'Task: memory 1024 → 4 GB.',
        'Task: taskRoleArn arn:aws:iam::123456789012:role/staging-gateway-task → arn:aws:iam::123456789012:role/prod-gateway-task.',
        'Task: executionRoleArn arn:aws:iam::123456789012:role/staging-gateway-execution → arn:aws:iam::123456789012:role/prod-gateway-execution.',
        'Task: tag env updated.',
        'Task: tag owner added.'
      ]
    }
  },
  {
    file: 'role-and-size-override.json',
    about: 'a role name where an ARN is expected',
    inputs: { taskRoleArn: 'prod-gateway-task' },
    outcome: {
      input: 'task-role-arn',
      error:
        'task-role-arn: "prod-gateway-task" is not an IAM role ARN (give the full ARN, not the role name); expected arn:<partition>:iam::<12-digit account>:role/<name>, e.g. arn:aws:iam::123456789012:role/my-role'
    }
  },
  {
    file: 'ec2-none-network.json',
    about: 'networkMode none with a shared Docker volume',
    outcome: { info: [] }
  },
  {
    file: 'external-anywhere.json',
    about: 'ECS Anywhere (EXTERNAL) with journald logs and a Go template in an option',
    inputs: { containerName: 'varnish', image: 'varnish:7.6' },
    outcome: { info: ['Container varnish: image set to varnish:7.6.'] }
  },
  {
    file: 'managed-instances.yaml',
    about: 'MANAGED_INSTANCES compatibility; the command from shell words, $VAR kept',
    inputs: {
      containerName: 'scorer',
      command: `sh -c 'exec python -m scorer.worker --threads "$OMP_NUM_THREADS"'`
    },
    outcome: {
      info: [
        'Container scorer: command ["python","-m","scorer.worker"] → ["sh","-c","exec python -m scorer.worker --threads \\"$OMP_NUM_THREADS\\""].'
      ]
    }
  },
  {
    file: 'invalid-fargate-pair.json',
    about: '0.25 vCPU with 4 GB: not a Fargate size',
    outcome: {
      input: 'task-definition',
      error: [
        'task-definition invalid-fargate-pair.json has a problem that ECS would reject:',
        '  - memory: "4096" does not go with cpu "256" on Fargate: with 256 CPU units (.25 vCPU) memory must be 512, 1024 or 2048 (MiB)'
      ].join('\n')
    }
  },
  {
    file: 'invalid-duplicate-names.json',
    about: 'two containers called chat',
    inputs: { containerName: 'chat', image: `${ECR}.us-east-1.amazonaws.com/chat-server:2.0.1` },
    outcome: {
      input: 'task-definition',
      error: [
        'task-definition invalid-duplicate-names.json has a problem that ECS would reject:',
        '  - containerDefinitions[2].name: "chat" is already used by containerDefinitions[0]; container names must be unique'
      ].join('\n')
    }
  },
  {
    file: 'invalid-missing-image.yaml',
    about: 'a container without an image (and nothing renders one in)',
    outcome: {
      input: 'task-definition',
      error: [
        'task-definition invalid-missing-image.yaml has a problem that ECS would reject:',
        '  - containerDefinitions[0].image: is required: an image reference, e.g. "nginx:1.27"'
      ].join('\n')
    }
  },
  {
    file: 'invalid-missing-image.yaml',
    about: 'the same file is fine once the image input gives the container its image',
    inputs: { containerName: 'mailer', image: 'ghcr.io/acme/mailer:4.2.0' },
    outcome: { info: ['Container mailer: image set to ghcr.io/acme/mailer:4.2.0.'] }
  },
  {
    file: 'invalid-null-env-value.yaml',
    about: 'YAML `value:` left empty is null, which ECS would drop silently',
    outcome: {
      input: 'task-definition',
      error: [
        'task-definition invalid-null-env-value.yaml has a problem that ECS would reject:',
        '  - containerDefinitions[0].environment[1].value: is missing (or null), and ECS would silently drop the variable; for an empty value write value: ""'
      ].join('\n')
    }
  }
]
