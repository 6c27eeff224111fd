/**
 * Which change breaks a client, from A (the document a client was written against) to B. One rule
 * decides every row: in a response the server writes and the client reads, so a change that lets
 * the server send something A did not allow (wider) breaks the client; in a request the client
 * writes and the server reads, so a change that stops the server accepting something A allowed
 * (narrower) breaks it. A change that is neither wider nor narrower breaks both. README.md holds
 * the same table for people; test/diff checks that the two agree.
 */

export type ChangeKind =
  | 'operation-removed'
  | 'operation-added'
  | 'success-status-changed'
  | 'response-status-removed'
  | 'response-status-added'
  | 'media-type-changed'
  | 'request-body-removed'
  | 'request-body-added'
  | 'required-request-body-added'
  | 'parameter-removed'
  | 'parameter-added'
  | 'required-parameter-added'
  | 'parameter-made-required'
  | 'parameter-made-optional'
  | 'parameter-renamed'
  | 'field-removed'
  | 'field-added'
  | 'required-field-added'
  | 'field-made-required'
  | 'field-made-optional'
  | 'type-widened'
  | 'type-narrowed'
  | 'type-changed'
  | 'became-nullable'
  | 'became-non-nullable'
  | 'enum-value-added'
  | 'enum-value-removed'
  | 'enum-removed'
  | 'enum-added'
  | 'pattern-added'
  | 'pattern-removed'
  | 'pattern-changed'
  | 'format-added'
  | 'format-removed'
  | 'format-changed'
  | 'format-width-changed'
  | 'bound-tightened'
  | 'bound-loosened'
  | 'default-changed'
  | 'default-added'
  | 'default-removed'
  | 'additional-properties-forbidden'
  | 'additional-properties-allowed';

/** Where a change is: it decides which column of the table applies. */
export type ChangeSide = 'response' | 'request';

export interface Classification {
  /** Breaking when the change is in a response body. */
  response: boolean;
  /** Breaking when the change is in a parameter or a request body. */
  request: boolean;
  /** Why, in one sentence. */
  why: string;
}

export const CLASSIFICATION: Readonly<Record<ChangeKind, Classification>> = Object.freeze({
  'operation-removed': { response: true, request: true, why: 'Every call of the operation fails.' },
  'operation-added': { response: false, request: false, why: 'No existing call changes.' },
  'success-status-changed': { response: true, request: true, why: 'Clients branch on the documented success status (202 vs 200).' },
  'response-status-removed': { response: false, request: false, why: 'A status no longer documented is documentation; clients keep handling it.' },
  'response-status-added': { response: false, request: false, why: 'Any HTTP call can get an undocumented error; documenting one helps clients.' },
  'media-type-changed': { response: true, request: true, why: 'The body is encoded differently: parsers or encoders on the other side fail.' },
  'request-body-removed': { response: true, request: true, why: 'Clients still send a body the operation no longer documents.' },
  'request-body-added': { response: false, request: false, why: 'An optional body changes nothing for clients that send none.' },
  'required-request-body-added': { response: true, request: true, why: 'Clients that send no body are now wrong.' },
  'parameter-removed': { response: true, request: true, why: 'Clients still send it: the server rejects the call or silently ignores a filter they rely on.' },
  'parameter-added': { response: false, request: false, why: 'An optional parameter changes nothing for clients that do not send it.' },
  'required-parameter-added': { response: true, request: true, why: 'Clients that do not send it are now wrong.' },
  'parameter-made-required': { response: true, request: true, why: 'Clients that omit it are now wrong.' },
  'parameter-made-optional': { response: false, request: false, why: 'Every call that was valid stays valid.' },
  'parameter-renamed': { response: false, request: false, why: 'A path parameter\'s name is not on the wire; only its position is.' },
  'field-removed': { response: true, request: true, why: 'Response: clients read a field that is gone. Request: clients send a field the server no longer accepts.' },
  'field-added': { response: false, request: false, why: 'Response: tolerant readers ignore it. Request: optional, so nobody has to send it.' },
  'required-field-added': { response: false, request: true, why: 'Request: clients that do not send the new field are now wrong. Response: one more field to ignore.' },
  'field-made-required': { response: false, request: true, why: 'Request: clients that omit it are now wrong. Response: a promise that the field is always there is only stronger.' },
  'field-made-optional': { response: true, request: false, why: 'Response: clients that read it unconditionally break when it is absent. Request: valid calls stay valid.' },
  'type-widened': { response: true, request: false, why: 'Response: clients parse a type they do not expect. Request: the server accepts more.' },
  'type-narrowed': { response: false, request: true, why: 'Request: clients may send a type no longer accepted. Response: clients see a subset of what they handle.' },
  'type-changed': { response: true, request: true, why: 'Neither side handles the other\'s type.' },
  'became-nullable': { response: true, request: false, why: 'Response: clients dereference a null. Request: the server accepts more.' },
  'became-non-nullable': { response: false, request: true, why: 'Request: clients that send null are rejected. Response: clients never see null any more.' },
  'enum-value-added': { response: true, request: false, why: 'Response: an exhaustive switch meets an unknown value. Request: the server accepts more.' },
  'enum-value-removed': { response: false, request: true, why: 'Request: clients that send the value are rejected. Response: a value clients handle never comes.' },
  'enum-removed': { response: true, request: false, why: 'The field takes any value of its type: response clients meet unknown values; requests are accepted more widely.' },
  'enum-added': { response: false, request: true, why: 'The field is restricted to a list: requests outside it are rejected; responses only narrow.' },
  'pattern-added': { response: false, request: true, why: 'Request: values that do not match are rejected. Response: only narrower.' },
  'pattern-removed': { response: true, request: false, why: 'Response: clients that parse the value by its pattern meet anything. Request: the server accepts more.' },
  'pattern-changed': { response: true, request: true, why: 'Neither pattern contains the other in general.' },
  'format-added': { response: false, request: true, why: 'Request: values not in the format are rejected. Response: only narrower.' },
  'format-removed': { response: true, request: false, why: 'Response: clients that parse the format (dates, URLs) meet anything. Request: accepts more.' },
  'format-changed': { response: true, request: true, why: 'A value in one format is not in the other.' },
  'format-width-changed': { response: false, request: false, why: 'int32, int64, float and double annotate a JSON number\'s storage width; the values on the wire do not change.' },
  'bound-tightened': { response: false, request: true, why: 'Request: values that were in range are rejected. Response: values stay within what clients handle.' },
  'bound-loosened': { response: true, request: false, why: 'Response: clients meet values outside the range they rely on. Request: the server accepts more.' },
  'default-changed': { response: false, request: true, why: 'Request: clients that omit the parameter get another behaviour. Response: a default there is only an annotation.' },
  'default-added': { response: false, request: false, why: 'Documenting a default does not change what omitted values do.' },
  'default-removed': { response: false, request: false, why: 'Documentation only; clients that rely on the default should send the value explicitly.' },
  'additional-properties-forbidden': { response: false, request: true, why: 'Request: clients that send extra fields are rejected. Response: only narrower.' },
  'additional-properties-allowed': { response: false, request: false, why: 'Response: tolerant readers ignore unknown fields (strict validators do not). Request: accepts more.' },
});

export const CHANGE_KINDS = Object.keys(CLASSIFICATION) as ChangeKind[];

export function isBreaking(kind: ChangeKind, side: ChangeSide): boolean {
  return CLASSIFICATION[kind][side];
}
