/**
 * The OpenAPI 3.0 / 3.1 document types rollcall reads specs as (from `openapi-types`), shared by
 * the catalog (src/catalog/specs.ts), `rollcall diff` and the lint rules. A parsed document is
 * plain JSON: these types are what it is read as once `isOpenApiDocument` (or the reader's own
 * check) has looked at its shape; each field is still checked where a wrong one would mislead.
 */
import type { OpenAPIV3, OpenAPIV3_1 } from 'openapi-types';

export type OpenApiDocument = OpenAPIV3.Document | OpenAPIV3_1.Document;
export type InfoObject = OpenAPIV3.InfoObject | OpenAPIV3_1.InfoObject;
export type ServerObject = OpenAPIV3.ServerObject | OpenAPIV3_1.ServerObject;
export type PathItemObject = OpenAPIV3.PathItemObject | OpenAPIV3_1.PathItemObject;
export type OperationObject = OpenAPIV3.OperationObject | OpenAPIV3_1.OperationObject;
export type ParameterObject = OpenAPIV3.ParameterObject | OpenAPIV3_1.ParameterObject;
export type RequestBodyObject = OpenAPIV3.RequestBodyObject | OpenAPIV3_1.RequestBodyObject;
export type ResponsesObject = OpenAPIV3.ResponsesObject | OpenAPIV3_1.ResponsesObject;
export type ResponseObject = OpenAPIV3.ResponseObject | OpenAPIV3_1.ResponseObject;
export type MediaTypeObject = OpenAPIV3.MediaTypeObject | OpenAPIV3_1.MediaTypeObject;
export type ExampleObject = OpenAPIV3.ExampleObject | OpenAPIV3_1.ExampleObject;
export type ReferenceObject = OpenAPIV3.ReferenceObject | OpenAPIV3_1.ReferenceObject;
export type SecuritySchemeObject = OpenAPIV3.SecuritySchemeObject | OpenAPIV3_1.SecuritySchemeObject;
export type HttpSecurityScheme = OpenAPIV3.HttpSecurityScheme;
export type SchemaObject = OpenAPIV3.SchemaObject | OpenAPIV3_1.SchemaObject;

/** The methods of a Path Item Object (OpenAPI 3.x). */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The `info` of one of our specs: OpenAPI's, plus the API it describes. */
export type RollcallInfoObject = InfoObject & { 'x-rollcall-api'?: string };

export function isObject(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A parsed document with a `paths` object (and, when `requireVersion`, an `openapi` or `swagger` version). */
export function isOpenApiDocument(doc: unknown, requireVersion = true): doc is OpenApiDocument {
  if (!isObject(doc) || !isObject(doc.paths)) return false;
  return !requireVersion || typeof doc.openapi === 'string' || typeof doc.swagger === 'string';
}
