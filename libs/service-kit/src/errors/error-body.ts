import { STATUS_CODES } from 'node:http';

/** The JSON body of every error response (DESIGN.md): `{ statusCode, error, message }`. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
}

/** `details` add fields beside the three (never replacing them). */
export function errorBody(statusCode: number, message: string, details?: Readonly<Record<string, unknown>>): ErrorBody {
  return { ...details, statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}
