const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Event payloads are checked in consumers too (STYLE.md): ids must be uuids before they reach a query. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** An absent id is read as null (no image), as the contract types say. */
export const isUuidOrNull = (value: unknown): boolean => value === null || value === undefined || isUuid(value);
