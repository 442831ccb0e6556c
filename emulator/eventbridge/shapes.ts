// EventBridge's Target and its members, from the service model (@aws-sdk/client-eventbridge
// schema and botocore events/2015-10-07): used to type-check requests (Coral's
// SerializationException on a wrong JSON type) and to keep only the members the model has.

import { shape, type Shape } from '../validate.js'
import { ecsParametersShape as ecsParametersShapeOf } from '../ecs-parameters-shape.js'

const strings = shape.list(shape.string)
const stringMap = shape.map(shape.string)

export const ecsParametersShape = ecsParametersShapeOf(
  // EventBridge's Tags are Key/Value pairs.
  shape.list(shape.structure({ Key: shape.string, Value: shape.string }))
)

export const targetShape: Shape = shape.structure({
  Id: shape.string,
  Arn: shape.string,
  RoleArn: shape.string,
  Input: shape.string,
  InputPath: shape.string,
  InputTransformer: shape.structure({ InputPathsMap: stringMap, InputTemplate: shape.string }),
  KinesisParameters: shape.structure({ PartitionKeyPath: shape.string }),
  RunCommandParameters: shape.structure({
    RunCommandTargets: shape.list(shape.structure({ Key: shape.string, Values: strings }))
  }),
  EcsParameters: ecsParametersShape,
  BatchParameters: shape.structure({
    JobDefinition: shape.string,
    JobName: shape.string,
    ArrayProperties: shape.structure({ Size: shape.integer }),
    RetryStrategy: shape.structure({ Attempts: shape.integer })
  }),
  SqsParameters: shape.structure({ MessageGroupId: shape.string }),
  HttpParameters: shape.structure({
    PathParameterValues: strings,
    HeaderParameters: stringMap,
    QueryStringParameters: stringMap
  }),
  RedshiftDataParameters: shape.structure({
    SecretManagerArn: shape.string,
    Database: shape.string,
    DbUser: shape.string,
    Sql: shape.string,
    StatementName: shape.string,
    WithEvent: shape.boolean,
    Sqls: strings
  }),
  SageMakerPipelineParameters: shape.structure({
    PipelineParameterList: shape.list(shape.structure({ Name: shape.string, Value: shape.string }))
  }),
  DeadLetterConfig: shape.structure({ Arn: shape.string }),
  RetryPolicy: shape.structure({
    MaximumRetryAttempts: shape.integer,
    MaximumEventAgeInSeconds: shape.integer
  }),
  AppSyncParameters: shape.structure({ GraphQLOperation: shape.string })
})

/** RuleName and TargetId: `[\.\-_A-Za-z0-9]+`, 1 to 64 characters. */
export const NAME_PATTERN = '[\\.\\-_A-Za-z0-9]+'
/** EventBusNameOrArn (API reference, ListRuleNamesByTarget). */
export const BUS_PATTERN =
  '(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+'
export const LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL'] as const
export const RULE_STATES = [
  'ENABLED',
  'DISABLED',
  'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'
] as const
