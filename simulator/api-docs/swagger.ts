/**
 * Small builders for Swagger 1.2 API declarations in the dialect Asterisk
 * serves and ari-client's swagger-client 2.0.26 reads: every parameter needs a
 * `dataType` (swagger-client calls toLowerCase on it), void operations say
 * `responseClass: 'void'`, lists are written `List[Type]`.
 */

export interface SwaggerParameter {
  name: string;
  description: string;
  paramType: 'path' | 'query' | 'body';
  required: boolean;
  allowMultiple: boolean;
  dataType: string;
  defaultValue?: string | number | boolean;
  allowableValues?: { valueType: 'LIST'; values: string[] };
}

export interface SwaggerOperation {
  httpMethod: 'GET' | 'POST' | 'PUT' | 'DELETE';
  summary: string;
  nickname: string;
  responseClass: string;
  parameters: SwaggerParameter[];
  errorResponses: { code: number; reason: string }[];
  upgrade?: 'websocket';
  websocketProtocol?: string;
}

export interface SwaggerApi {
  path: string;
  description: string;
  operations: SwaggerOperation[];
}

export interface SwaggerModelProperty {
  type: string;
  description?: string;
  required?: boolean;
  allowableValues?: { valueType: 'LIST'; values: string[] };
}

export interface SwaggerModel {
  id: string;
  description: string;
  properties: Record<string, SwaggerModelProperty>;
  subTypes?: string[];
  discriminator?: string;
  extends?: string;
}

export type ModelMap = Record<string, SwaggerModel>;

export function pathParam(name: string, description: string): SwaggerParameter {
  return { name, description, paramType: 'path', required: true, allowMultiple: false, dataType: 'string' };
}

interface QueryOptions {
  required?: boolean;
  allowMultiple?: boolean;
  defaultValue?: string | number | boolean;
  values?: string[];
}

export function queryParam(name: string, dataType: string, description: string, options: QueryOptions = {}): SwaggerParameter {
  const param: SwaggerParameter = {
    name,
    description,
    paramType: 'query',
    required: options.required ?? false,
    allowMultiple: options.allowMultiple ?? false,
    dataType,
  };
  if (options.defaultValue !== undefined) param.defaultValue = options.defaultValue;
  if (options.values) param.allowableValues = { valueType: 'LIST', values: options.values };
  return param;
}

export function operation(
  httpMethod: SwaggerOperation['httpMethod'],
  nickname: string,
  summary: string,
  responseClass: string,
  parameters: SwaggerParameter[],
  errors: Record<number, string> = {},
): SwaggerOperation {
  return {
    httpMethod,
    summary,
    nickname,
    responseClass,
    parameters,
    errorResponses: Object.entries(errors).map(([code, reason]) => ({ code: Number(code), reason })),
  };
}

export function prop(type: string, description: string, required = true): SwaggerModelProperty {
  return { type, description, required };
}

export function optionalProp(type: string, description: string): SwaggerModelProperty {
  return prop(type, description, false);
}

export function model(id: string, description: string, properties: Record<string, SwaggerModelProperty>): SwaggerModel {
  return { id, description, properties };
}
