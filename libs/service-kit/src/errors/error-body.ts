import { STATUS_CODES } from 'node:http';

/** The JSON body of every error response (DESIGN.md): `{ statusCode, error, message }`. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
}

export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}
